/// What a recording holds. Article 3 of the rules asks for photo, audio and video alike.
public enum RecordingKind: String, Codable, Sendable, CaseIterable {
    case video
    case audio
    case photo
}
