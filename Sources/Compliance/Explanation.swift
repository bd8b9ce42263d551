/// A finding in plain words, in Chinese for the legal office and in English.
public struct Explanation: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}
