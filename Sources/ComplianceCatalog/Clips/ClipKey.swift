import Foundation

/// A clip's id as the recorded-time index keeps it: the catalog's ids are lowercase UUIDs, kept as their
/// 16 bytes (whose order is the text's order: digits sort before `a`–`f` and the hyphens stand at the same
/// places), so a million of them cost no allocation each; any other id is kept as its text. Ordered as
/// the text is, which is the order of a search's ties (``ClipOrder``).
struct ClipKey: Hashable, Comparable, Sendable {
    private let high: UInt64
    private let low: UInt64
    /// The id itself when it is not a lowercase UUID.
    private let other: String?

    init(_ id: String) {
        if id.utf8.count == 36, let uuid = UUID(uuidString: id), uuid.uuidString.lowercased() == id {
            let b = uuid.uuid
            high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(0) { $0 << 8 | UInt64($1) }
            low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(0) { $0 << 8 | UInt64($1) }
            other = nil
        } else {
            high = 0
            low = 0
            other = id
        }
    }

    /// The id as the catalog writes it.
    var text: String {
        if let other { return other }
        let bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }

    static func < (a: ClipKey, b: ClipKey) -> Bool {
        if a.other == nil, b.other == nil { return (a.high, a.low) < (b.high, b.low) }
        return a.text < b.text
    }
}
