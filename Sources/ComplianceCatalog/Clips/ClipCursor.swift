import Foundation

/// Where a page of a clip search ended: the last clip's sort key and id, with the order and a
/// fingerprint of the filters it was made for. Handed out as base64url text (no padding); callers
/// treat it as opaque.
struct ClipCursor: Sendable, Hashable {
    /// What the key is.
    enum Key: Sendable, Hashable {
        /// Corrected recording start, Unix seconds.
        case recorded(Double)
        /// The clip's `created_at` text (RFC 3339 UTC with milliseconds: its text order is time order).
        case stored(String)
        /// A clip no reading places in time: these follow the placed ones, by id.
        case unplaced
    }

    var sort: ClipSort
    var fingerprint: String
    var key: Key
    var id: String

    static let version = "c1"

    /// `c1 ␟ sort ␟ fingerprint ␟ key kind ␟ key ␟ id`, base64url.
    var text: String {
        let (kind, value): (String, String) = switch key {
        case .recorded(let seconds): ("r", String(seconds))
        case .stored(let created): ("s", created)
        case .unplaced: ("u", "")
        }
        let plain = [Self.version, sort.rawValue, fingerprint, kind, value, id].joined(separator: "\u{1f}")
        // base64url without padding, mapped byte by byte (a search hands one out with every page).
        let base64 = Data(plain.utf8).base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: base64, as: UTF8.self)
    }

    /// Reads a cursor made for `query`; a text that is not one of ours, or one made for other filters or
    /// another order, is an error that says which.
    init(text: String, for query: ClipQuery) throws(ClipQueryError) {
        let malformed = ClipQueryError(problems: ["cursor is not one this search handed out (pass next_cursor back unchanged)"])
        guard text.count <= 1024, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw malformed
        }
        var base64 = text.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        base64 += repeatElement(UInt8(ascii: "="), count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: Data(base64)), let plain = String(data: data, encoding: .utf8) else { throw malformed }
        let fields = plain.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == Self.version, let sort = ClipSort(rawValue: fields[1]), !fields[5].isEmpty else {
            throw malformed
        }
        guard sort == query.sort, fields[2] == Self.fingerprint(of: query) else {
            throw ClipQueryError(problems: ["cursor belongs to another search (other filters or order): "
                                            + "start again without it, or repeat the search it came from"])
        }
        switch (fields[3], sort.byRecording) {
        case ("r", true):
            guard let seconds = Double(fields[4]), seconds.isFinite else { throw malformed }
            key = .recorded(seconds)
        case ("s", false):
            guard !fields[4].isEmpty else { throw malformed }
            key = .stored(fields[4])
        case ("u", true):
            key = .unplaced
        default:
            throw malformed
        }
        self.sort = sort
        fingerprint = fields[2]
        id = fields[5]
    }

    init(query: ClipQuery, key: Key, id: String) {
        sort = query.sort
        fingerprint = Self.fingerprint(of: query)
        self.key = key
        self.id = id
    }

    /// FNV-1a (64 bits) of the query's filters and order, hex: it tells searches apart, it is no secret
    /// and proves nothing (the cursor grants nothing the query itself does not).
    static func fingerprint(of query: ClipQuery) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in query.fingerprintText.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
