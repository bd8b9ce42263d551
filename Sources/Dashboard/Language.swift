/// The dashboard's languages: Chinese by default, English on request (the `lang` query parameter).
public enum Language: String, CaseIterable, Sendable {
    case zh
    case en

    /// The language a `lang` value asks for; Chinese for anything else.
    public init(query value: String?) {
        self = value.flatMap(Language.init(rawValue:)) ?? .zh
    }

    /// The `lang` attribute of the page.
    var tag: String {
        switch self {
        case .zh: "zh-CN"
        case .en: "en"
        }
    }

    /// The other language, which the switch link offers.
    var other: Language { self == .zh ? .en : .zh }
}
