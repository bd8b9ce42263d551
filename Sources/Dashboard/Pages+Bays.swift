import HealthProbes
import Presentation

extension Pages {
    /// The bays for equipment keepers: a card per configured bay (`#bay-grid .bay[data-bay]`) with the
    /// device in it, its state, the live offload progress, battery, storage, clock offset and health
    /// faults, and a power-cycle form. `dashboard.js` keeps the cards current from `/api/events`.
    /// Devices the daemon sees outside any bay are listed under the grid.
    public static func bays(status: DaemonStatus, health: [DeviceHealth], context: PageContext) -> Page {
        let c = context
        let view = BayView(status: status, health: health)
        let labels = BayView.states.map { "\"\($0)\":\"\(jsonEscape(c.raw(BayView.label(state: $0))))\"" }
        let healthLabels = ["ok", "unknown", "warning", "fault"].map { "\"\($0)\":\"\(jsonEscape(c.raw(HealthLabel.status($0))))\"" }
        var body = "<p class=\"meta\" id=\"daemon\">\(c.t(.daemonStarted)) \(c.time(status.started_at)) · "
            + "\(c.t(.queueRunning)) <span id=\"queue-running\">\(status.queue.running)</span>/\(status.queue.concurrency) · "
            + "\(c.t(.queueWaiting)) <span id=\"queue-waiting\">\(status.queue.waiting.count)</span>"
            + " · <span id=\"live\" data-live=\"off\">\(c.t(.liveOff))</span></p>\n"
        body += "<section id=\"bay-grid\" class=\"grid\" data-events=\"/api/events\" "
            + "data-state-labels=\"\(HTML.escape("{" + labels.joined(separator: ",") + "}"))\" "
            + "data-health-labels=\"\(HTML.escape("{" + healthLabels.joined(separator: ",") + "}"))\" "
            + "data-live-on=\"\(c.t(.liveOn))\" data-live-off=\"\(c.t(.liveOff))\">\n"
        if status.bays.isEmpty { body += "<p class=\"empty\">\(c.t(.noBays))</p>\n" }
        for bay in status.bays { body += card(bay, view: view, context: c) }
        body += "</section>\n"
        // Devices outside any bay (a volume mounted by hand, a bay not configured): always rendered, hidden
        // while empty, so the script can add a device that arrives later without a reload.
        let loose = status.devices.filter { device in device.bay == nil || !status.bays.contains { $0.bay == device.bay } }
        body += "<section id=\"unplaced\"\(loose.isEmpty ? " hidden" : "")>\n<h2>\(c.t(.devicesOutsideBays))</h2>\n"
            + "<div class=\"table-wrap\"><table id=\"unplaced-devices\">\n"
            + "<thead><tr><th>\(c.t(.source))</th><th>\(c.t(.serial))</th><th>\(c.t(.model))</th><th>\(c.t(.state))</th>"
            + "<th>\(c.t(.progress))</th></tr></thead><tbody>\n"
        for device in loose {
            let session = view.session(of: device.source)
            body += "<tr data-source=\"\(HTML.escape(device.source))\"><td><code>\(HTML.escape(device.source))</code></td>"
                + "<td class=\"serial\">\(serialLink(device.serial))</td><td class=\"model\">\(HTML.escape(device.model ?? "—"))</td>"
                + "<td class=\"state\" data-state=\"\(HTML.escape(device.state))\">\(c.t(BayView.label(state: device.state)))</td>"
                + "<td class=\"progress\">\(session.map { progress($0) } ?? "—")</td></tr>\n"
        }
        body += "</tbody></table></div>\n</section>\n"
        return Layout.page(title: c.raw(.navBays), section: .bays, pageID: "bays", context: c, body: body)
    }

    private static func card(_ bay: DaemonStatus.Bay, view: BayView, context c: PageContext) -> String {
        let device = view.device(in: bay)
        let state = device?.state ?? "empty"
        let session = device.flatMap { view.session(of: $0.source) }
        let health = device.flatMap { view.health(of: $0) }
        var html = "<article class=\"bay card\" data-bay=\"\(bay.bay)\" data-state=\"\(HTML.escape(state))\" "
            + "data-source=\"\(HTML.escape(device?.source ?? ""))\" data-serial=\"\(HTML.escape(device?.serial ?? ""))\">\n"
        html += "<header><h2>\(c.t(.bay)) \(bay.bay)"
        if let label = bay.label { html += " <small>\(HTML.escape(label))</small>" }
        html += "</h2><span class=\"state badge\" data-state=\"\(HTML.escape(state))\">\(c.t(BayView.label(state: state)))</span></header>\n"
        html += "<dl class=\"device\"><dt>\(c.t(.serial))</dt><dd class=\"serial\">\(serialLink(device?.serial))</dd>"
            + "<dt>\(c.t(.model))</dt><dd class=\"model\">\(HTML.escape(device?.model ?? "—"))</dd>"
            + "<dt>\(c.t(.port))</dt><dd class=\"port\"><code>\(HTML.escape(bay.port_path))</code></dd></dl>\n"
        html += "<div class=\"offload\"\(session == nil ? " hidden" : "")>"
            + (session.map { progress($0) } ?? "<progress max=\"1\" value=\"0\"></progress><span class=\"bytes\"></span>")
            + "<span class=\"file\">\(HTML.escape(session?.current_file ?? ""))</span></div>\n"
        if let error = device?.error {
            html += "<p class=\"error device-error\">\(HTML.escape(error))</p>\n"
        }
        let overall = health?.status.rawValue ?? device?.health ?? "unknown"
        html += "<dl class=\"health\" data-health=\"\(HTML.escape(overall))\">"
            + "<dt>\(c.t(.health))</dt><dd><span class=\"health-status badge\" data-status=\"\(HTML.escape(overall))\">"
            + "\(c.t(HealthLabel.status(overall)))</span></dd>"
        let shown = [("battery", Strings.battery), ("storage", .storage), ("clock_offset", .clockOffset)]
        for (probe, label) in shown {
            let result = health?.result(probe)
            html += "<dt>\(c.t(label))</dt><dd class=\"probe \(probe.replacingOccurrences(of: "_", with: "-"))\" "
                + "data-status=\"\(result?.status.rawValue ?? "unknown")\">\(HTML.escape(result?.reason ?? "—"))</dd>"
        }
        html += "</dl>\n"
        // The other probes that want attention (battery, storage and clock are shown above, coloured).
        let faults = health?.probes.filter { probe in probe.status >= .warning && !shown.contains { $0.0 == probe.probe } } ?? []
        html += "<ul class=\"faults\">"
        for fault in faults {
            html += "<li data-probe=\"\(HTML.escape(fault.probe))\" data-status=\"\(fault.status.rawValue)\">"
                + "<span class=\"badge\" data-status=\"\(fault.status.rawValue)\">\(c.t(HealthLabel.status(fault.status.rawValue)))</span> "
                + "\(HealthLabel.probe(fault.probe, c)): \(HTML.escape(fault.reason))</li>"
        }
        html += "</ul>\n"
        html += "<form class=\"power-cycle\" method=\"post\" action=\"/bays/\(bay.bay)/power-cycle\">\(c.csrfInput)"
            + "<button type=\"submit\" class=\"secondary\">\(c.t(.powerCycle))</button></form>\n"
        return html + "</article>\n"
    }

    /// `<progress>` with the bytes read of those to copy, and the same as text.
    static func progress(_ session: DaemonStatus.Session) -> String {
        let done = max(0, session.bytes_done)
        let value: String
        if let total = session.bytes_total, total > 0 {
            value = "<progress max=\"\(total)\" value=\"\(min(done, total))\">\(Quantity.percent(done, of: total)) %</progress>"
        } else {
            value = "<progress data-done=\"\(done)\"></progress>"
        }
        let text = Quantity.bytes(done) + (session.bytes_total.map { " / " + Quantity.bytes($0) } ?? "")
        return value + "<span class=\"bytes\">\(HTML.escape(text))</span>"
    }

    /// A serial as a link to the device's page, or a dash.
    static func serialLink(_ serial: String?) -> String {
        guard let serial, !serial.isEmpty else { return "—" }
        return "<a href=\"/devices/\(HTML.escape(HTML.urlComponent(serial)))\">\(HTML.escape(serial))</a>"
    }

    /// A string as a JSON string's content (for the labels the script reads).
    static func jsonEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
