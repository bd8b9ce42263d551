import Foundation

/// A clip's id as the recorded-time index keeps it: the catalog names clips by lowercase UUIDs, kept here
/// as their 16 bytes, whose order is the text's order (digits sort before `a`–`f`; the hyphens stand at
/// the same places), so that a million of them are plain values, copied and compared without reference
/// counting. An id of any other shape has no key: the index declines a catalog holding one.
public struct ClipKey: Hashable, Comparable, Sendable {
    private let high: UInt64
    private let low: UInt64

    public init?(_ id: String) {
        guard id.utf8.count == 36, let uuid = UUID(uuidString: id), uuid.uuidString.lowercased() == id else { return nil }
        let b = uuid.uuid
        high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(0) { $0 << 8 | UInt64($1) }
        low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The id as the catalog writes it.
    public var text: String {
        let bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }

    /// The key of the nil UUID, standing in for an id that has none (the index then declines all searches).
    static let none = ClipKey("00000000-0000-0000-0000-000000000000")!

    public static func < (a: ClipKey, b: ClipKey) -> Bool { (a.high, a.low) < (b.high, b.low) }
}
