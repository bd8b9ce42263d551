import Foundation

/// Custody as the matcher asks for it. The catalog answers from an indexed table; `CustodyLedger`
/// from memory.
public protocol CustodySource: Sendable {
    /// The records of `officers` that overlap `interval`.
    func records(officers: Set<String>, overlapping interval: DateInterval) throws -> [CustodyRecord]
    /// The records of `device` that overlap `interval`.
    func records(device: String, overlapping interval: DateInterval) throws -> [CustodyRecord]
}

extension CustodySource {
    /// Who carried `device` at `instant` (normally one officer; more only if the data overlaps).
    public func holders(of device: String, at instant: Date) throws -> [String] {
        try records(device: device, overlapping: DateInterval(start: instant, duration: 0))
            .filter { $0.covers(instant) }.map(\.officer)
    }

    /// The devices `officer` carried during `interval`, each with the part of `interval` it was carried.
    public func devices(carriedBy officer: String, during interval: DateInterval) throws -> [(device: String, during: DateInterval)] {
        try records(officers: [officer], overlapping: interval).compactMap { record in
            record.overlap(with: interval).map { (record.device, $0) }
        }
    }
}
