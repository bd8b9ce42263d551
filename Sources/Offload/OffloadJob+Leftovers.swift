import Evidence
import Foundation

extension OffloadJob {
    /// Closes, as interrupted, the sessions left `running` by processes that died: this device's (its
    /// lock is ours) and any other device's whose lock is free. A session whose device is locked is
    /// live in another process and is left alone. Without the second part, a device killed mid-offload
    /// that never came back would keep a session open for ever, and `verify` would take any later
    /// object without a row for one that session might still catalogue.
    func closeAbandonedSessions(_ catalog: Catalog, deviceID: String) throws {
        _ = try catalog.interruptRunningSessions(deviceID: deviceID, actor: request.actor, at: Date())
        let others = Set(try catalog.unfinishedSessions()
            .filter { $0.status == .running && $0.deviceID != deviceID }.map(\.deviceID))
        for other in others.sorted() {
            guard let serial = try catalog.device(id: other)?.serial else { continue }
            // Busy (or unlockable): its offload is alive, or may be.
            guard let lock = try? DeviceLock(home, serial: serial) else { continue }
            _ = try catalog.interruptRunningSessions(deviceID: other, actor: request.actor, at: Date())
            lock.hold()
        }
    }
}
