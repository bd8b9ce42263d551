/// One reply of the ASCII variant, as this driver reads it (README.md in this folder):
/// `@CMD;STATUS#` or `@CMD;STATUS;LEN;PAYLOAD#`, where STATUS is `OK` or `ERR`, LEN the decimal count of
/// PAYLOAD's bytes, and PAYLOAD fields separated by `;`. Bytes after the `#` (the zero padding of a 64-byte
/// read) are ignored.
///
/// A field may hold GBK text: its trail bytes are 0x40 to 0xFE, so `;` (0x3B) and `#` (0x23) never occur
/// inside a character and the frame can be split on them before any text is decoded.
public struct AmbarellaReply: Sendable, Hashable {
    /// The three-letter command the reply answers (`Ver`, `Gdv`, …).
    public var command: String
    /// `OK`, or what the device said instead (`ERR`).
    public var status: String
    /// The payload's fields, raw bytes (decode text with ``GBKText``).
    public var fields: [[UInt8]]

    public var isOK: Bool { status == "OK" }

    /// A reply longer than this is not one: the device's replies fit in a few 64-byte reads.
    public static let maximumLength = 1024

    public init(command: String, status: String, fields: [[UInt8]]) {
        self.command = command
        self.status = status
        self.fields = fields
    }

    /// Reads one reply; throws for anything that is not one, never traps (it is fed device bytes).
    public static func parse(_ bytes: [UInt8]) throws(AmbarellaReplyError) -> AmbarellaReply {
        guard let first = bytes.first else { throw AmbarellaReplyError(.truncated, "the reply is empty") }
        guard first == UInt8(ascii: "@") else {
            throw AmbarellaReplyError(.malformed, "the reply does not start with @ (first byte 0x\(hex(first)))")
        }
        guard let end = bytes.firstIndex(of: UInt8(ascii: "#")) else {
            if bytes.count > maximumLength {
                throw AmbarellaReplyError(.tooLong, "no # in the first \(maximumLength) bytes of the reply")
            }
            throw AmbarellaReplyError(.truncated, "the reply ends without # after \(bytes.count) bytes")
        }
        guard end <= maximumLength else {
            throw AmbarellaReplyError(.tooLong, "the reply is \(end + 1) bytes long, more than \(maximumLength)")
        }
        let body = bytes[1..<end]
        let parts = body.split(separator: UInt8(ascii: ";"), maxSplits: 2, omittingEmptySubsequences: false)
        let command = parts[0]
        guard command.count == 3, command.allSatisfy(isLetter) else {
            throw AmbarellaReplyError(.malformed, "the reply's command is not three letters")
        }
        guard parts.count >= 2, !parts[1].isEmpty, parts[1].allSatisfy(isLetter) else {
            throw AmbarellaReplyError(.malformed, "the reply to \(ascii(command)) has no status")
        }
        var reply = AmbarellaReply(command: ascii(command), status: ascii(parts[1]), fields: [])
        guard parts.count == 3 else { return reply }
        // LEN;PAYLOAD: the length is checked against the bytes there, so a cut reply is never read as whole.
        let rest = parts[2]
        guard let semicolon = rest.firstIndex(of: UInt8(ascii: ";")) else {
            throw AmbarellaReplyError(.malformed, "the reply to \(reply.command) has a length but no payload")
        }
        let lengthText = rest[rest.startIndex..<semicolon]
        guard !lengthText.isEmpty, lengthText.count <= 4, lengthText.allSatisfy({ (0x30...0x39).contains($0) }),
              let length = Int(ascii(lengthText))
        else {
            throw AmbarellaReplyError(.malformed, "the reply to \(reply.command) has no decimal length of at most 4 digits")
        }
        let payload = rest[(semicolon + 1)...]
        guard length == payload.count else {
            throw AmbarellaReplyError(length > payload.count ? .truncated : .malformed,
                                      "the reply to \(reply.command) says \(length) bytes and carries \(payload.count)")
        }
        reply.fields = payload.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map(Array.init)
        return reply
    }

    /// The reply to `command`, OK; else the error saying what came instead.
    public func expecting(_ command: String) throws(AmbarellaReplyError) -> AmbarellaReply {
        guard self.command == command else {
            throw AmbarellaReplyError(.wrongCommand, "the device answered \(self.command) to \(command)")
        }
        return self
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func ascii<C: Collection<UInt8>>(_ bytes: C) -> String { String(decoding: bytes, as: UTF8.self) }

    static func hex(_ byte: UInt8) -> String {
        let s = String(byte, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}

/// Why bytes are not a reply of the ASCII variant.
public struct AmbarellaReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Fewer bytes than the frame or its length field says: no `#`, or a payload shorter than LEN.
        case truncated
        /// Not `@CMD;STATUS[;LEN;PAYLOAD]#`.
        case malformed
        /// Longer than ``AmbarellaReply/maximumLength``.
        case tooLong
        /// The reply answers another command than the one sent.
        case wrongCommand
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue) reply: \(message)" }
}
