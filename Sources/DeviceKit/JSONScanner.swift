/// A strict JSON parser (RFC 8259) that keeps the line and column of every value and key. It lives in
/// DeviceKit so that every strict reader (case and custody files, the step catalogue, `recgate.json`)
/// shares it without depending on one another.
///
/// A syntax error stops the scan (nothing after it can be trusted) and is reported with its place and
/// the path of the value being read, e.g. `line 14, column 9, [2].steps[1]: expected "," or "}"`.
public struct JSONScanner {
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var path: JSONPath
        public var message: String

        /// `line 14, column 9, [2].steps[1]: expected "," or "}"`.
        public var description: String { "line \(line), column \(column), \(path): \(message)" }
    }

    /// Deeper nesting than any case file needs is refused rather than risking the stack.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark, as spreadsheet programs write it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        let node = try scanner.value(path: .root, depth: 0)
        scanner.skipWhitespace()
        guard scanner.index == scanner.bytes.count else {
            throw scanner.error("unexpected text after the end of the document", path: .root)
        }
        return node
    }

    // MARK: values

    private mutating func value(path: JSONPath, depth: Int) throws(SyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep", path: path) }
        let startLine = line, startColumn = column
        guard let byte = peek() else { throw error("unexpected end of the document, expected a value", path: path) }
        let value: JSONNode.Value
        switch byte {
        case UInt8(ascii: "{"): value = try object(path: path, depth: depth)
        case UInt8(ascii: "["): value = try array(path: path, depth: depth)
        case UInt8(ascii: "\""): value = .string(try string(path: path))
        case UInt8(ascii: "t"): try literal("true", path: path); value = .bool(true)
        case UInt8(ascii: "f"): try literal("false", path: path); value = .bool(false)
        case UInt8(ascii: "n"): try literal("null", path: path); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try number(path: path))
        default: throw error("unexpected \(describe(byte)), expected a value", path: path)
        }
        return JSONNode(value: value, line: startLine, column: startColumn)
    }

    private mutating func object(path: JSONPath, depth: Int) throws(SyntaxError) -> JSONNode.Value {
        advance() // {
        var members: [JSONMember] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { advance(); return .object([]) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error("expected a key in double quotes, found \(describe(peek()))", path: path)
            }
            let keyLine = line, keyColumn = column
            let key = try string(path: path)
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected \":\" after the key \"\(key)\"", path: path.appending(key)) }
            advance()
            skipWhitespace()
            let member = try value(path: path.appending(key), depth: depth + 1)
            members.append(JSONMember(key: key, line: keyLine, column: keyColumn, value: member))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return .object(members)
            default: throw error("expected \",\" or \"}\" after the value of \"\(key)\", found \(describe(peek()))", path: path)
            }
        }
    }

    private mutating func array(path: JSONPath, depth: Int) throws(SyntaxError) -> JSONNode.Value {
        advance() // [
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { advance(); return .array([]) }
        while true {
            skipWhitespace()
            elements.append(try value(path: path.appending(elements.count), depth: depth + 1))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return .array(elements)
            default: throw error("expected \",\" or \"]\" after element \(elements.count - 1), found \(describe(peek()))", path: path)
            }
        }
    }

    private mutating func literal(_ word: String, path: JSONPath) throws(SyntaxError) {
        for expected in word.utf8 {
            guard peek() == expected else { throw error("unexpected \(describe(peek())), expected \(word)", path: path) }
            advance()
        }
    }

    private mutating func number(path: JSONPath) throws(SyntaxError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { advance() }
        guard let first = peek(), isDigit(first) else { throw error("a number needs a digit after \"-\"", path: path) }
        advance()
        if first != UInt8(ascii: "0") { while let b = peek(), isDigit(b) { advance() } }
        if peek() == UInt8(ascii: ".") {
            advance()
            guard let b = peek(), isDigit(b) else { throw error("a number needs digits after \".\"", path: path) }
            while let b = peek(), isDigit(b) { advance() }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            advance()
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { advance() }
            guard let b = peek(), isDigit(b) else { throw error("a number needs digits in its exponent", path: path) }
            while let b = peek(), isDigit(b) { advance() }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func string(path: JSONPath) throws(SyntaxError) -> String {
        advance() // "
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("a string is not closed before the end of the document", path: path) }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                guard let string = String(validating: text, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", path: path)
                }
                return string
            case UInt8(ascii: "\\"):
                advance()
                try escape(into: &text, path: path)
            case 0..<0x20:
                throw error("a control character (\(describe(byte))) inside a string must be escaped", path: path)
            default:
                text.append(byte)
                advance()
            }
        }
    }

    private mutating func escape(into text: inout [UInt8], path: JSONPath) throws(SyntaxError) {
        guard let byte = peek() else { throw error("a string ends inside an escape", path: path) }
        advance()
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(path: path)
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard peek() == UInt8(ascii: "\\") else { throw error("an unpaired surrogate (\\u\(String(scalar, radix: 16)))", path: path) }
                advance()
                guard peek() == UInt8(ascii: "u") else { throw error("an unpaired surrogate (\\u\(String(scalar, radix: 16)))", path: path) }
                advance()
                let low = try hex4(path: path)
                guard (0xDC00...0xDFFF).contains(low) else { throw error("an unpaired surrogate (\\u\(String(scalar, radix: 16)))", path: path) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("an unpaired surrogate (\\u\(String(scalar, radix: 16)))", path: path)
            }
            text.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
        default:
            throw error("unknown escape \"\\\(describe(byte))\"", path: path)
        }
    }

    private mutating func hex4(path: JSONPath) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = hexValue(byte) else { throw error("\\u needs four hexadecimal digits", path: path) }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    // MARK: bytes and places

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Moves one byte on, keeping line and column: `\n` ends a line (so does a lone `\r`), and only
    /// the first byte of a UTF-8 sequence counts as a column.
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A || (byte == 0x0D && peek() != 0x0A) {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 && byte != 0x0D {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { advance() }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    private func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the document" }
        if byte >= 0x21 && byte < 0x7F { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func error(_ message: String, path: JSONPath) -> SyntaxError {
        SyntaxError(line: line, column: column, path: path, message: message)
    }
}
