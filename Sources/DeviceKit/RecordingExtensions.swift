/// The file-name extensions that name recordings, by kind: what a volume profile or a camera listing takes
/// as a recording without reading it.
public struct RecordingExtensions: Codable, Sendable, Hashable {
    public let video: [String]
    public let audio: [String]
    public let photo: [String]

    public init(video: [String], audio: [String], photo: [String]) {
        self.video = video
        self.audio = audio
        self.photo = photo
    }

    /// What recorders and cameras in the field write.
    public static let standard = RecordingExtensions(
        video: ["mp4", "mov", "avi", "ts", "mkv", "3gp", "m4v", "asf", "h264", "h265"],
        audio: ["wav", "aac", "mp3", "amr", "m4a", "ogg", "opus"],
        photo: ["jpg", "jpeg", "png", "bmp", "heic"])

    /// The kind a file name's extension says, case-insensitively (FAT names are often upper case).
    public func kind(ofFileName fileName: String) -> RecordingKind? {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        if video.contains(ext) { return .video }
        if audio.contains(ext) { return .audio }
        if photo.contains(ext) { return .photo }
        return nil
    }
}
