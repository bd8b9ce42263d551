import DeviceKit
import Foundation

/// One step's result: what it needs, the clips matched to it, how much they cover.
public struct StepCheck: Sendable, Hashable, Codable {
    public var stepID: String
    public var type: String
    public var recording: RecordingRequirement
    /// Whether the whole process had to be recorded (the catalogue's rule or the case file's mark).
    public var fullProcess: Bool
    @RFC3339Time public var start: Date
    @RFC3339Time public var end: Date
    /// Matched clips, by corrected start.
    public var clips: [ClipEvidence]
    /// Nil for steps recorded by documents only.
    public var coverage: Coverage?

    public init(stepID: String, type: String, recording: RecordingRequirement, fullProcess: Bool, start: Date, end: Date,
                clips: [ClipEvidence], coverage: Coverage?) {
        self.stepID = stepID
        self.type = type
        self.recording = recording
        self.fullProcess = fullProcess
        self.start = start
        self.end = end
        self.clips = clips
        self.coverage = coverage
    }

    enum CodingKeys: String, CodingKey {
        case stepID = "step_id"
        case type, recording
        case fullProcess = "full_process"
        case start, end, clips, coverage
    }
}
