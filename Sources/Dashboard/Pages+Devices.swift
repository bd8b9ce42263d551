import HealthProbes

extension Pages {
    /// Every device the catalog knows with its overall health (`#devices tr[data-serial]`), worst first.
    public static func devices(health: [DeviceHealth], context: PageContext) -> Page {
        let c = context
        let sorted = health.sorted { ($0.status, $1.serial) > ($1.status, $0.serial) }
        var body = "<div class=\"table-wrap\"><table id=\"devices\"><thead><tr><th>\(c.t(.serial))</th><th>\(c.t(.model))</th>"
            + "<th>\(c.t(.health))</th><th>\(c.t(.faults))</th></tr></thead><tbody>\n"
        for device in sorted {
            let faults = device.probes.filter { $0.status >= .warning }.map { HTML.escape($0.reason) }
            body += "<tr data-serial=\"\(HTML.escape(device.serial))\" data-health=\"\(device.status.rawValue)\">"
                + "<td>\(serialLink(device.serial))</td><td>\(HTML.escape(device.model ?? "—"))</td>"
                + "<td><span class=\"badge\" data-status=\"\(device.status.rawValue)\">\(c.t(HealthLabel.status(device.status.rawValue)))</span></td>"
                + "<td>\(faults.isEmpty ? "—" : faults.joined(separator: "<br>"))</td></tr>\n"
        }
        if sorted.isEmpty { body += "<tr><td colspan=\"4\" class=\"empty\">\(c.t(.noDevices))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: c.raw(.navDevices), section: .devices, pageID: "devices", context: c, body: body)
    }

    /// One device: identity, health faults, the clock offset over time (`#clock-chart`), its offload
    /// sessions (`#visits`) and clock readings (`#clock-readings`).
    public static func device(_ dossier: DeviceDossier, context: PageContext) -> Page {
        let c = context
        let status = dossier.health?.status.rawValue ?? "unknown"
        var body = "<div class=\"columns reverse\">\n<section class=\"card\" id=\"device\" data-serial=\"\(HTML.escape(dossier.serial))\">\n<dl class=\"facts\">"
            + "<dt>\(c.t(.serial))</dt><dd>\(HTML.escape(dossier.serial))</dd>"
            + "<dt>\(c.t(.model))</dt><dd>\(HTML.escape(dossier.model ?? "—"))</dd>"
            + "<dt>\(c.t(.profile))</dt><dd>\(HTML.escape(dossier.profile ?? dossier.health?.profile ?? "—"))</dd>"
            + "<dt>\(c.t(.health))</dt><dd><span class=\"badge\" data-status=\"\(status)\">\(c.t(HealthLabel.status(status)))</span></dd>"
            + "</dl>\n</section>\n"
        body += "<div class=\"table-wrap\"><table id=\"health-probes\"><thead><tr><th>\(c.t(.probe))</th>"
            + "<th>\(c.t(.state))</th><th>\(c.t(.reason))</th></tr></thead><tbody>\n"
        for probe in dossier.health?.probes ?? [] {
            body += "<tr data-probe=\"\(HTML.escape(probe.probe))\" data-status=\"\(probe.status.rawValue)\"><td>\(HealthLabel.probe(probe.probe, c))</td>"
                + "<td><span class=\"badge\" data-status=\"\(probe.status.rawValue)\">\(c.t(HealthLabel.status(probe.status.rawValue)))</span></td>"
                + "<td>\(HTML.escape(probe.reason))</td></tr>\n"
        }
        if dossier.health == nil { body += "<tr><td colspan=\"3\" class=\"empty\">\(c.t(.noHealth))</td></tr>\n" }
        body += "</tbody></table></div>\n</div>\n"

        body += "<h2>\(c.t(.clockOffsetOverTime))</h2>\n"
        body += ClockChart(readings: dossier.clock, zone: c.zone).svg(context: c)

        body += "<h2>\(c.t(.visits))</h2>\n<div class=\"table-wrap\"><table id=\"visits\"><thead><tr><th>\(c.t(.started))</th>"
            + "<th>\(c.t(.ended))</th><th>\(c.t(.bay))</th><th>\(c.t(.state))</th><th>\(c.t(.storedNew))</th>"
            + "<th>\(c.t(.alreadyStored))</th><th>\(c.t(.failedCount))</th></tr></thead><tbody>\n"
        for visit in dossier.visits {
            body += "<tr data-session=\"\(HTML.escape(visit.session_id))\" data-state=\"\(HTML.escape(visit.state))\">"
                + "<td>\(c.time(visit.started_at))</td><td>\(c.time(visit.ended_at))</td><td>\(visit.bay.map(String.init) ?? "—")</td>"
                + "<td>\(c.t(SessionLabel.state(visit.state)))</td><td class=\"n\">\(visit.stored)</td>"
                + "<td class=\"n\">\(visit.already_stored)</td><td class=\"n\">\(visit.failed)</td></tr>\n"
        }
        if dossier.visits.isEmpty { body += "<tr><td colspan=\"7\" class=\"empty\">\(c.t(.noVisits))</td></tr>\n" }
        body += "</tbody></table></div>\n"

        body += "<h2>\(c.t(.clockReadings))</h2>\n<div class=\"table-wrap\"><table id=\"clock-readings\"><thead><tr>"
            + "<th>\(c.t(.readAt))</th><th>\(c.t(.deviceTime))</th><th>\(c.t(.clockOffset))</th><th>\(c.t(.source))</th></tr></thead><tbody>\n"
        for reading in dossier.clock {
            body += "<tr><td>\(c.time(reading.at))</td><td>\(HTML.escape(reading.device_time))</td>"
                + "<td class=\"n\">\(HTML.escape(Quantity.offset(reading.offset_s)))</td><td>\(HTML.escape(reading.source))</td></tr>\n"
        }
        if dossier.clock.isEmpty { body += "<tr><td colspan=\"4\" class=\"empty\">\(c.t(.noClockReadings))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: "\(c.raw(.device)) \(dossier.serial)", section: .devices, pageID: "device", context: c, body: body)
    }
}
