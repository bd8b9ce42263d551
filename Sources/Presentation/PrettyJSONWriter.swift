/// Writes a JSON document byte for byte as ``DocumentEncoder/encode(_:)`` does (Foundation's encoder,
/// pretty-printed, keys sorted, slashes as they are), for the documents served many times a second:
/// Foundation's encoder builds a tree of boxed values and sorts every object's keys, which was a third of
/// a clip search served over HTTP.
///
/// The caller gives each object's members with their keys already in sorted order (byte order of the
/// UTF-8, `_` before letters) and leaves out absent optionals, as the synthesised `Encodable` does. Tests
/// compare its output with Foundation's for every document that uses it.
struct PrettyJSONWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var depth = 0
    /// Whether the innermost open object or array has a member yet.
    private var hasMember = false

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer for a value that will stand at `depth` in a larger document (``raw(_:)`` puts it there):
    /// its inner lines are indented as they would be there.
    init(depth: Int, capacity: Int = 1024) {
        self.init(capacity: capacity)
        self.depth = depth
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the open object; its value follows.
    mutating func key(_ name: StaticString) {
        nextMember()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Self.colon)
    }

    /// Starts an element of the open array; its value follows.
    mutating func element() { nextMember() }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            var start = 0
            for (n, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<n]))
                appendEscaped(byte)
                start = n + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// A value written before by a writer made for this depth (``init(depth:capacity:)``).
    mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    /// A finite number as Foundation writes it: Swift's shortest form without a trailing `.0`.
    /// Returns false (nothing written) for infinity and NaN, which JSON cannot hold.
    mutating func number(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        return true
    }

    // MARK: layout

    private static let colon: [UInt8] = Array("\" : ".utf8)

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        hasMember = false
    }

    private mutating func close(_ bracket: UInt8) {
        // An empty object or array is written with an empty line inside, as Foundation does.
        if !hasMember { bytes.append(UInt8(ascii: "\n")) }
        depth -= 1
        newline()
        bytes.append(bracket)
        hasMember = true
    }

    private mutating func nextMember() {
        if hasMember { bytes.append(UInt8(ascii: ",")) }
        newline()
        hasMember = true
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let digits = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
    }
}

/// A document with its own writer (see ``PrettyJSONWriter``); ``DocumentEncoder`` uses it.
protocol PrettyJSONWritable {
    /// Writes the document; false when a value cannot be written (a number that is not finite), and
    /// Foundation's encoder is asked instead (which refuses it).
    func write(to writer: inout PrettyJSONWriter) -> Bool
}
