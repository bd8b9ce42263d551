/// One kind of case step in the catalogue: its names, the recording it needs and the articles that
/// say so.
public struct StepType: Sendable, Hashable, Codable {
    /// The identifier case files use, e.g. `service_lien`.
    public var type: String
    public var nameZh: String
    public var nameEn: String
    public var recording: RecordingRequirement
    /// The articles that require the recording (the first is cited in findings), e.g. `["25", "11(1)"]`.
    public var recordingArticles: [String]
    public var fullProcess: FullProcessRule
    /// The articles that require the whole process to be recorded (empty for `never`).
    public var fullProcessArticles: [String]
    /// Why the entry reads the regulation this way.
    public var note: String?

    public init(
        type: String, nameZh: String, nameEn: String, recording: RecordingRequirement, recordingArticles: [String],
        fullProcess: FullProcessRule, fullProcessArticles: [String], note: String? = nil
    ) {
        self.type = type
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.recording = recording
        self.recordingArticles = recordingArticles
        self.fullProcess = fullProcess
        self.fullProcessArticles = fullProcessArticles
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case type
        case nameZh = "name_zh"
        case nameEn = "name_en"
        case recording
        case recordingArticles = "recording_articles"
        case fullProcess = "full_process"
        case fullProcessArticles = "full_process_articles"
        case note
    }

    /// The article cited when the recording is missing.
    public var recordingArticle: String? { recordingArticles.first }

    /// The article cited for coverage findings on `step`: the catalogue's own when it always asks
    /// for the whole process, else Art 11(2) through the case file's mark.
    public var fullProcessArticle: String? { fullProcessArticles.first }
}
