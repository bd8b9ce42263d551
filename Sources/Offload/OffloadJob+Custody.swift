import DeviceKit
import Evidence
import Foundation

extension OffloadJob {
    /// Custody read at the dock: the officer a device names (its info file, or every recording's name)
    /// carried it from the earliest recording new on this card until it was docked. Recordings already
    /// offloaded belong to earlier periods; a time before 2010 is a reset clock's and says nothing.
    static func custodyAtDock(officer: String?, serial: String, newRecordings: [Recording], dockedAt: Date)
        -> NewCustody?
    {
        guard let officer, !officer.isEmpty else { return nil }
        let plausible = Date(timeIntervalSince1970: 1_262_304_000)  // 2010-01-01T00:00:00Z
        let earliest = newRecordings
            .compactMap { $0.nameStart?.instant ?? $0.modified.instant }
            .filter { $0 >= plausible && $0 < dockedAt }
            .min()
        guard let earliest else { return nil }
        return NewCustody(officer: officer, deviceSerial: serial, from: earliest, to: dockedAt)
    }
}
