import Foundation

/// Custody records in memory, indexed by officer and by device (a few records per officer and day:
/// a scan of one officer's list is cheap).
public struct CustodyLedger: CustodySource, Sendable {
    public let records: [CustodyRecord]
    private let byOfficer: [String: [CustodyRecord]]
    private let byDevice: [String: [CustodyRecord]]

    public init(_ records: [CustodyRecord]) {
        self.records = records
        byOfficer = Dictionary(grouping: records, by: \.officer)
        byDevice = Dictionary(grouping: records, by: \.device)
    }

    public func records(officers: Set<String>, overlapping interval: DateInterval) -> [CustodyRecord] {
        officers.sorted().flatMap { byOfficer[$0] ?? [] }.filter { $0.overlap(with: interval) != nil }
    }

    public func records(device: String, overlapping interval: DateInterval) -> [CustodyRecord] {
        (byDevice[device] ?? []).filter { $0.overlap(with: interval) != nil }
    }

    /// The one officer who carried `device` at `instant`, if any.
    public func holder(of device: String, at instant: Date) -> String? {
        (byDevice[device] ?? []).first { $0.covers(instant) }?.officer
    }
}
