import HealthProbes
import Presentation

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
    public static func device(_ record: DeviceRecord, context: PageContext) -> Page {
        let c = context
        let health = record.health
        let status = health.status.rawValue
        var body = "<div class=\"columns reverse\">\n<section class=\"card\" id=\"device\" data-serial=\"\(HTML.escape(health.serial))\">\n<dl class=\"facts\">"
            + "<dt>\(c.t(.serial))</dt><dd>\(HTML.escape(health.serial))</dd>"
            + "<dt>\(c.t(.model))</dt><dd>\(HTML.escape(health.model ?? "—"))</dd>"
            + "<dt>\(c.t(.profile))</dt><dd>\(HTML.escape(health.profile))</dd>"
            + "<dt>\(c.t(.health))</dt><dd><span class=\"badge\" data-status=\"\(status)\">\(c.t(HealthLabel.status(status)))</span></dd>"
            + "</dl>\n</section>\n"
        body += "<div class=\"table-wrap\"><table id=\"health-probes\"><thead><tr><th>\(c.t(.probe))</th>"
            + "<th>\(c.t(.state))</th><th>\(c.t(.reason))</th></tr></thead><tbody>\n"
        for probe in health.probes {
            body += "<tr data-probe=\"\(HTML.escape(probe.probe))\" data-status=\"\(probe.status.rawValue)\"><td>\(HealthLabel.probe(probe.probe, c))</td>"
                + "<td><span class=\"badge\" data-status=\"\(probe.status.rawValue)\">\(c.t(HealthLabel.status(probe.status.rawValue)))</span></td>"
                + "<td>\(HTML.escape(probe.reason))</td></tr>\n"
        }
        if health.probes.isEmpty { body += "<tr><td colspan=\"3\" class=\"empty\">\(c.t(.noHealth))</td></tr>\n" }
        body += "</tbody></table></div>\n</div>\n"

        body += "<h2>\(c.t(.clockOffsetOverTime))</h2>\n"
        body += ClockChart(readings: record.clock, zone: c.zone).svg(context: c)

        body += "<h2>\(c.t(.visits))</h2>\n<div class=\"table-wrap\"><table id=\"visits\"><thead><tr><th>\(c.t(.started))</th>"
            + "<th>\(c.t(.ended))</th><th>\(c.t(.state))</th><th>\(c.t(.storedNew))</th>"
            + "<th>\(c.t(.alreadyStored))</th><th>\(c.t(.failedCount))</th></tr></thead><tbody>\n"
        for visit in record.sessions {
            body += "<tr data-session=\"\(HTML.escape(visit.id))\" data-state=\"\(HTML.escape(visit.status))\">"
                + "<td>\(c.time(visit.started_at))</td><td>\(c.time(visit.ended_at))</td>"
                + "<td>\(c.t(SessionLabel.state(visit.status)))</td><td class=\"n\">\(visit.stored)</td>"
                + "<td class=\"n\">\(visit.already_stored)</td><td class=\"n\">\(visit.failed)</td></tr>\n"
        }
        if record.sessions.isEmpty { body += "<tr><td colspan=\"6\" class=\"empty\">\(c.t(.noVisits))</td></tr>\n" }
        body += "</tbody></table></div>\n"

        body += "<h2>\(c.t(.clockReadings))</h2>\n<div class=\"table-wrap\"><table id=\"clock-readings\"><thead><tr>"
            + "<th>\(c.t(.readAt))</th><th>\(c.t(.deviceTime))</th><th>\(c.t(.clockOffset))</th><th>\(c.t(.source))</th></tr></thead><tbody>\n"
        for reading in record.clock {
            body += "<tr><td>\(c.time(reading.at))</td><td>\(HTML.escape(reading.device_time))</td>"
                + "<td class=\"n\">\(HTML.escape(Quantity.offset(reading.offset_s)))</td><td>\(HTML.escape(reading.source))</td></tr>\n"
        }
        if record.clock.isEmpty { body += "<tr><td colspan=\"4\" class=\"empty\">\(c.t(.noClockReadings))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: "\(c.raw(.device)) \(health.serial)", section: .devices, pageID: "device", context: c, body: body)
    }
}
