import DeviceKit
import Foundation

/// A clip as the results show it: identity, corrected times, how its clock was corrected, and (for a
/// step's clips) why it was matched.
public struct ClipEvidence: Sendable, Hashable, Codable {
    public var clipID: String
    public var device: String
    public var officer: String?
    public var sequence: Int?
    public var kind: RecordingKind
    public var start: CorrectedTime
    public var end: CorrectedTime
    public var clock: ClockStatus
    /// `device` (named by the step), `custody:<officer>`, `officer` (the clip names a step officer).
    public var matchedBy: [String]

    public init(clipID: String, device: String, officer: String?, sequence: Int?, kind: RecordingKind, start: CorrectedTime,
                end: CorrectedTime, clock: ClockStatus, matchedBy: [String] = []) {
        self.clipID = clipID
        self.device = device
        self.officer = officer
        self.sequence = sequence
        self.kind = kind
        self.start = start
        self.end = end
        self.clock = clock
        self.matchedBy = matchedBy
    }

    enum CodingKeys: String, CodingKey {
        case clipID = "clip_id"
        case device, officer, sequence, kind, start, end, clock
        case matchedBy = "matched_by"
    }

    /// The corrected span.
    public var interval: DateInterval { DateInterval(start: start.instant, end: max(start.instant, end.instant)) }
}
