import DeviceKit
import Compliance
import Foundation
import Gateway
import Logging
import Offload
import Presentation
import ServiceLifecycle
import Synchronization
import Web
#if canImport(Glibc)
import Glibc
#endif

/// What the scheduler shows: the status document and the metrics text, both read from its state at once.
extension OffloadScheduler {
    /// The status document as it is now.
    public func status(pid: Int32) -> DaemonStatus {
        state.withLock { s in
            let devices = s.order.compactMap { source -> DaemonStatus.Device? in
                guard let entry = s.devices[source] else { return nil }
                return DaemonStatus.Device(
                    source: source.label, bay: entry.arrival.bay, usb_port_path: entry.arrival.usbPortPath,
                    serial: entry.serial, model: entry.model, state: entry.state,
                    arrived_at: RFC3339.string(entry.arrivedAt), error: entry.error,
                    health: entry.serial.flatMap { s.health[$0] })
            }
            let bays = self.bays.map { configured in
                var bay = configured
                bay.device = s.order.first { s.devices[$0]?.present == true && s.devices[$0]?.arrival.bay == bay.bay }?.label
                return bay
            }
            let sessions = s.sessions.sorted { $0.key > $1.key }.map { _, e in
                DaemonStatus.Session(
                    id: e.id, device: e.device.label, serial: e.serial, state: e.state,
                    started_at: RFC3339.string(e.startedAt), ended_at: e.endedAt.map { RFC3339.string($0) },
                    bytes_done: e.bytesDone, bytes_total: e.bytesTotal, current_file: e.currentFile, stored: e.stored,
                    already_stored: e.alreadyStored, failed: e.failed, error: e.error, clips: e.clips)
            }
            return DaemonStatus(
                pid: pid, listen: s.listening ?? settings.listen.description, started_at: RFC3339.string(startedAt),
                watch: settings.watch.map(\.path), release: settings.release.rawValue,
                queue: .init(concurrency: settings.concurrency, slice_bytes: settings.sliceBytes,
                             running: s.running.count, waiting: s.waiting.map(\.label)),
                bays: bays, devices: devices, sessions: sessions, derived: maintenance?.derived.status,
                reverification: maintenance?.reverification.status)
        }
    }

    /// The metrics text as things are now.
    public func metricsText() -> String {
        let snapshot = state.withLock { s in
            let now = Date()
            let rate = s.running.values.reduce(0.0) { sum, running in
                guard let e = s.sessions[running.session] else { return sum }
                return sum + Double(e.bytesDone) / max(now.timeIntervalSince(e.startedAt), 0.001)
            }
            return DaemonMetrics.Snapshot(
                rate: rate, waiting: s.waiting.count, running: s.running.count,
                devices: s.devices.values.reduce(into: [:]) { $0[$1.state, default: 0] += 1 }, health: s.healthCounts)
        }
        return metrics.text(snapshot) + (maintenance?.metricsText() ?? "")
    }
}

/// The web layer reads the status document and the metrics from the scheduler.
extension OffloadScheduler: LiveStatus {
    public func status() -> DaemonStatus { status(pid: getpid()) }

}
