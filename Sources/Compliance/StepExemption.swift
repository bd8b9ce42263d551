/// A step's claim that recording was unsuitable (Art 16: on-site inspection, sampling and hearing are
/// recorded "unless unsuitable for recording"). The reason is kept so that whoever reads the check sees
/// why no recording is asked for.
public struct StepExemption: Sendable, Hashable, Codable {
    /// The article the exemption rests on; only `16` is accepted.
    public var article: String
    public var reason: String

    /// The one article that lets a step go unrecorded.
    public static let article = "16"

    public init(article: String = StepExemption.article, reason: String) {
        self.article = article
        self.reason = reason
    }
}
