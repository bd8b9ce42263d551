import Foundation

extension DaemonStatus {
    /// `recgate status` for people: the daemon, its queue, the bays, the devices and the sessions.
    public var lines: [String] {
        var lines = ["recgate serve, pid \(pid), listening on \(listen), since \(started_at)"]
        lines.append("watching: " + (watch.isEmpty ? "no folder" : watch.joined(separator: ", ")) + "; release: \(release)")
        lines.append("offloads: \(queue.running) running of \(queue.concurrency), \(queue.waiting.count) waiting"
            + (queue.waiting.isEmpty ? "" : " (" + queue.waiting.joined(separator: ", ") + ")"))
        for bay in bays {
            lines.append("bay \(bay.bay)" + (bay.label.map { " (\($0))" } ?? "") + " at \(bay.port_path): "
                + (bay.device ?? "empty"))
        }
        if devices.isEmpty { lines.append("no device has arrived") }
        for device in devices {
            var line = "device \(device.source): \(device.state)"
            if let serial = device.serial { line += ", serial \(serial)" }
            if let bay = device.bay { line += ", bay \(bay)" }
            if let health = device.health { line += ", health \(health)" }
            if let error = device.error { line += " (\(error))" }
            lines.append(line)
        }
        for session in sessions {
            var line = "session \(session.id ?? "-") of \(session.device): \(session.state), "
                + "\(session.bytes_done)" + (session.bytes_total.map { "/\($0)" } ?? "") + " bytes"
            if let file = session.current_file { line += ", copying \(file)" }
            line += "; \(session.stored) stored, \(session.already_stored) already stored, \(session.failed) failed"
            if let error = session.error { line += " (\(error))" }
            lines.append(line)
        }
        if let derived {
            lines.append("derived media (\(derived.policy)): \(derived.faststart_made) faststart copies and \(derived.proxies_made) "
                + "proxies made, \(derived.pending) pending, \(derived.failed) failed"
                + (derived.working.map { ", working on \($0)" } ?? "")
                + (derived.held ? "; waiting: the running offloads leave no core" : ""))
        }
        if let reverification {
            var line = reverification.interval_hours == 0 ? "store re-verification: off"
                : "store re-verification every \(reverification.interval_hours) h at \(reverification.rate_mb_s) MB/s"
            if reverification.running { line += ", running" }
            if let last = reverification.last {
                line += "; last \(last.ended_at): \(last.checked) clips, \(last.problems) problems"
                    + (last.error.map { " (\($0))" } ?? "")
            }
            if let next = reverification.next_due { line += "; next \(next)" }
            lines.append(line)
        }
        return lines
    }
}
