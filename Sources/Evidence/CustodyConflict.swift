import DeviceKit
import Foundation

/// A custody period that overlaps another officer's period for the same device in the catalog.
public struct CustodyConflict: Sendable, Hashable, CustomStringConvertible {
    /// The period's index in what was imported.
    public var index: Int
    public var period: NewCustody
    /// The period already in the catalog, with where it came from (`source`) and when it was recorded.
    public var existing: CustodyRow

    public init(index: Int, period: NewCustody, existing: CustodyRow) {
        self.index = index
        self.period = period
        self.existing = existing
    }

    /// `device A001234 is already held by officer 310045 from … to … (recorded from file:a.json at …);
    /// this period of officer 310046 is from … to …`.
    public var description: String {
        func time(_ seconds: Int64?) -> String {
            seconds.map { RFC3339.catalogString(from: Date(timeIntervalSince1970: TimeInterval($0))) } ?? "(open)"
        }
        func time(_ date: Date?) -> String { date.map(RFC3339.catalogString(from:)) ?? "(open)" }
        return "device \(period.deviceSerial) is already held by officer \(existing.officer) from \(time(existing.fromS)) "
            + "to \(time(existing.toS)) (recorded from \(existing.source) at \(time(existing.recordedAt)) by \(existing.actor)); "
            + "this period of officer \(period.officer) is from \(time(period.from)) to \(time(period.to))"
    }
}

/// Custody periods refused because each overlaps another officer's (nothing of the import was recorded).
public struct CustodyConflicts: Error, Sendable, Hashable, CustomStringConvertible {
    public var conflicts: [CustodyConflict]

    public var description: String { conflicts.map(\.description).joined(separator: "; ") }
}
