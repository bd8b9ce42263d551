/// What a device holds: its recordings, and everything else with the reason it is not offloaded.
public struct RecordingListing: Sendable {
    public var recordings: [Recording]
    public var skipped: [SkippedFile]

    public init(recordings: [Recording], skipped: [SkippedFile]) {
        self.recordings = recordings
        self.skipped = skipped
    }
}
