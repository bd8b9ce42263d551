/// An article of the regulation, optionally one numbered item of it: `11`, `11(2)`.
public struct ArticleReference: Sendable, Hashable, CustomStringConvertible {
    public var article: Int
    public var item: Int?

    /// Nil unless `text` is digits, optionally followed by digits in parentheses.
    public init?(_ text: String) {
        let parts = text.split(separator: "(", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, first.allSatisfy(\.isASCII), let article = Int(first), article > 0 else { return nil }
        self.article = article
        if parts.count == 2 {
            let rest = parts[1]
            guard rest.hasSuffix(")"), let item = Int(rest.dropLast()), item > 0, rest.dropLast().allSatisfy(\.isASCII) else { return nil }
            self.item = item
        }
    }

    public var description: String { item.map { "\(article)(\($0))" } ?? "\(article)" }

    /// `Art 11(2)`.
    public var english: String { "Art " + description }

    /// `第十一条第（二）项`, as the regulation numbers itself.
    public var chinese: String {
        var text = "第\(Self.numeral(article))条"
        if let item { text += "第（\(Self.numeral(item))）项" }
        return text
    }

    /// Chinese numerals for 1–999 (一, 十一, 二十, 一百零五).
    static func numeral(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 1000 else { return String(n) }
        let hundreds = n / 100, tens = n / 10 % 10, ones = n % 10
        var text = ""
        if hundreds > 0 { text += digits[hundreds] + "百" }
        if tens > 0 {
            text += (tens == 1 && hundreds == 0 ? "" : digits[tens]) + "十"
        } else if hundreds > 0 && ones > 0 {
            text += "零"
        }
        if ones > 0 { text += digits[ones] }
        return text
    }
}
