/// A strict little HTML parser for the dashboard's own output, so tests can ask for elements by the
/// stable ids, classes and data attributes. Strict on purpose: an unclosed or misnested element, an
/// unquoted attribute value or a stray `<` or `&` is an error, which makes it a well-formedness check
/// too (python3's parser is the outside one).
final class HTMLNode {
    let tag: String
    var attributes: [String: String]
    var children: [HTMLNode] = []
    /// For text nodes (tag `#text`): the decoded text.
    var text: String
    weak var parent: HTMLNode?

    init(tag: String, attributes: [String: String] = [:], text: String = "") {
        self.tag = tag
        self.attributes = attributes
        self.text = text
    }

    subscript(_ name: String) -> String? { attributes[name] }

    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

    /// Every descendant's text, as a browser's `textContent`.
    var textContent: String {
        tag == "#text" ? text : children.map(\.textContent).joined()
    }

    /// Descendants, depth first in document order.
    var descendants: [HTMLNode] { children.flatMap { [$0] + $0.descendants } }

    var elements: [HTMLNode] { descendants.filter { $0.tag != "#text" } }

    /// Elements matching a CSS selector of compound parts (`tag`, `#id`, `.class`, `[attr]`,
    /// `[attr="value"]`) joined by descendant combinators (spaces).
    func select(_ selector: String) -> [HTMLNode] {
        let parts = HTMLSelector.split(selector)
        var current: [HTMLNode] = [self]
        for part in parts {
            let compound = HTMLSelector.Compound(part)
            var next: [HTMLNode] = []
            var seen = Set<ObjectIdentifier>()
            for node in current {
                for candidate in node.elements where compound.matches(candidate) {
                    if seen.insert(ObjectIdentifier(candidate)).inserted { next.append(candidate) }
                }
            }
            current = next
        }
        return current
    }

    func first(_ selector: String) -> HTMLNode? { select(selector).first }

    /// The nearest ancestor with this tag.
    func ancestor(_ tag: String) -> HTMLNode? {
        var node = parent
        while let n = node, n.tag != tag { node = n.parent }
        return node
    }
}

struct HTMLParseError: Error, CustomStringConvertible {
    var description: String
}

enum HTMLSelector {
    static func split(_ selector: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inBracket = false
        var quote: Character?
        for ch in selector {
            if let q = quote { current.append(ch); if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch; current.append(ch)
            case "[": inBracket = true; current.append(ch)
            case "]": inBracket = false; current.append(ch)
            case " " where !inBracket:
                if !current.isEmpty { parts.append(current); current = "" }
            default: current.append(ch)
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    struct Compound {
        var tag: String?
        var id: String?
        var classes: [String] = []
        var attributes: [(String, String?)] = []

        init(_ text: String) {
            var i = text.startIndex
            func readName() -> String {
                var name = ""
                while i < text.endIndex, !"#.[".contains(text[i]) { name.append(text[i]); i = text.index(after: i) }
                return name
            }
            let tagName = readName()
            if !tagName.isEmpty && tagName != "*" { tag = tagName }
            while i < text.endIndex {
                let ch = text[i]
                i = text.index(after: i)
                switch ch {
                case "#": id = readName()
                case ".": classes.append(readName())
                case "[":
                    let close = text[i...].firstIndex(of: "]")!
                    let inside = String(text[i..<close])
                    i = text.index(after: close)
                    if let eq = inside.firstIndex(of: "=") {
                        var value = String(inside[inside.index(after: eq)...])
                        if value.hasPrefix("\"") || value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
                        attributes.append((String(inside[..<eq]), value))
                    } else {
                        attributes.append((inside, nil))
                    }
                default: break
                }
            }
        }

        func matches(_ node: HTMLNode) -> Bool {
            if let tag, node.tag != tag { return false }
            if let id, node["id"] != id { return false }
            let have = node.classes
            if !classes.allSatisfy(have.contains) { return false }
            for (name, value) in attributes {
                guard let actual = node[name] else { return false }
                if let value, actual != value { return false }
            }
            return true
        }
    }
}

enum HTMLTree {
    static let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    static let rawText: Set<String> = ["script", "style"]

    /// The document's root (tag `#document`), or the first place the markup is not well formed.
    /// `browserOutput`: a browser's serialization, which leaves `<` unescaped in attribute values.
    static func parse(_ html: String, browserOutput: Bool = false) throws -> HTMLNode {
        let root = HTMLNode(tag: "#document")
        var stack = [root]
        let s = Array(html.unicodeScalars)
        var i = 0
        var text = ""
        func line() -> Int { s[..<min(i, s.count)].filter { $0 == "\n" }.count + 1 }
        func flush() throws {
            guard !text.isEmpty else { return }
            let node = HTMLNode(tag: "#text", text: try decode(text, line: line()))
            node.parent = stack.last
            stack.last!.children.append(node)
            text = ""
        }
        while i < s.count {
            if s[i] != "<" { text.unicodeScalars.append(s[i]); i += 1; continue }
            try flush()
            if s.count > i + 3, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                guard let end = find("-->", in: s, from: i) else { throw HTMLParseError(description: "unclosed comment at line \(line())") }
                i = end + 3
                continue
            }
            if s[i + 1] == "!" {
                guard let end = find(">", in: s, from: i) else { throw HTMLParseError(description: "unclosed doctype") }
                i = end + 1
                continue
            }
            if s[i + 1] == "/" {
                guard let end = find(">", in: s, from: i) else { throw HTMLParseError(description: "unclosed end tag at line \(line())") }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<end])).lowercased()
                guard stack.count > 1, stack.last!.tag == name else {
                    throw HTMLParseError(description: "</\(name)> at line \(line()) closes <\(stack.last!.tag)>")
                }
                stack.removeLast()
                i = end + 1
                continue
            }
            // A start tag: name, then attributes with double-quoted values (or none), then `>` or `/>`.
            var j = i + 1
            var name = ""
            while j < s.count, !" \n\t/>".unicodeScalars.contains(s[j]) { name.unicodeScalars.append(s[j]); j += 1 }
            name = name.lowercased()
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }) else {
                throw HTMLParseError(description: "a stray '<' at line \(line())")
            }
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                while j < s.count, " \n\t".unicodeScalars.contains(s[j]) { j += 1 }
                guard j < s.count else { throw HTMLParseError(description: "unclosed <\(name)> tag") }
                if s[j] == ">" { j += 1; break }
                if s[j] == "/", j + 1 < s.count, s[j + 1] == ">" { selfClosing = true; j += 2; break }
                var attribute = ""
                while j < s.count, !" \n\t=/>".unicodeScalars.contains(s[j]) { attribute.unicodeScalars.append(s[j]); j += 1 }
                guard !attribute.isEmpty else { throw HTMLParseError(description: "bad attribute in <\(name)> at line \(line())") }
                var value = ""
                if j < s.count, s[j] == "=" {
                    guard j + 1 < s.count, s[j + 1] == "\"" else {
                        throw HTMLParseError(description: "unquoted value of \(attribute) in <\(name)> at line \(line())")
                    }
                    j += 2
                    var raw = ""
                    while j < s.count, s[j] != "\"" {
                        guard s[j] != "<" || browserOutput else { throw HTMLParseError(description: "'<' inside \(attribute)=\"…\" at line \(line())") }
                        raw.unicodeScalars.append(s[j])
                        j += 1
                    }
                    j += 1
                    value = try decode(raw, line: line())
                }
                guard attributes[attribute] == nil else {
                    throw HTMLParseError(description: "\(attribute) twice in <\(name)> at line \(line())")
                }
                attributes[attribute] = value
            }
            let node = HTMLNode(tag: name, attributes: attributes)
            node.parent = stack.last
            stack.last!.children.append(node)
            i = j
            if void.contains(name) || selfClosing { continue }
            if rawText.contains(name) {
                guard let end = find("</\(name)>", in: s, from: i) else { throw HTMLParseError(description: "unclosed <\(name)>") }
                let content = String(String.UnicodeScalarView(s[i..<end]))
                if !content.isEmpty { node.children.append(HTMLNode(tag: "#text", text: content)) }
                i = end + name.count + 3
                continue
            }
            stack.append(node)
        }
        try flush()
        guard stack.count == 1 else { throw HTMLParseError(description: "<\(stack.last!.tag)> is never closed") }
        return root
    }

    private static func find(_ needle: String, in s: [Unicode.Scalar], from: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        var k = from
        while k + n.count <= s.count {
            if Array(s[k..<(k + n.count)]) == n { return k }
            k += 1
        }
        return nil
    }

    /// Character references decoded; a bare `&` that starts none is an error (an escaping slip).
    static func decode(_ text: String, line: @autoclosure () -> Int) throws -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 8 else {
                throw HTMLParseError(description: "a bare '&' at line \(line())")
            }
            let name = String(rest[rest.index(after: amp)..<semi])
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "#39": out += "'"
            default:
                if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                    out.unicodeScalars.append(scalar)
                } else {
                    throw HTMLParseError(description: "unknown reference &\(name); at line \(line())")
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
