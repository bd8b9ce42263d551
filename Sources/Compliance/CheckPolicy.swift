import Foundation

/// The tolerances of a check. Defaults are what the bureau's practice suggests; every one is a setting.
public struct CheckPolicy: Sendable, Hashable {
    public var clock: ClockPolicy
    public var readingResolution: ReadingResolution
    /// A clip matches a step when its corrected span overlaps the step widened by this much each way
    /// (step times are typed by people, often to the minute).
    public var matchMargin: Double
    /// Uncovered stretches of a full-process step shorter than this (plus the uncertainties of the
    /// times around them) are not findings.
    public var coverageTolerance: Double
    /// Segments of one device no further apart than this (plus their readings' resolutions) are one
    /// continuous recording.
    public var segmentGap: Double
    /// How far a clip's sources may disagree beyond their resolutions.
    public var timeTolerance: Double
    /// A recorder's pre-event buffer: its clips may begin up to this long before the button was pressed.
    public var preEventBuffer: Double
    /// Per device serial, for devices configured otherwise (0–120 s on some). A clip's own
    /// `preEventBuffer` (from its device's profile) comes first.
    public var preEventBufferByDevice: [String: Double]
    /// How far around a step to look for clips of its officers' devices that match no step.
    public var unmatchedWindow: Double
    /// Clips that name an officer are looked up by name this far around the step before correction
    /// (their device's offset is not known until the clip is found).
    public var officerLookupSlack: Double
    /// Sequence order against time: a later clip may start this much before an earlier one ends.
    public var sequenceOrderTolerance: Double

    public init(
        clock: ClockPolicy = ClockPolicy(), readingResolution: ReadingResolution = ReadingResolution(), matchMargin: Double = 120,
        coverageTolerance: Double = 30, segmentGap: Double = 2, timeTolerance: Double = 2, preEventBuffer: Double = 30,
        preEventBufferByDevice: [String: Double] = [:], unmatchedWindow: Double = 1800, officerLookupSlack: Double = 3600,
        sequenceOrderTolerance: Double = 2
    ) {
        self.clock = clock
        self.readingResolution = readingResolution
        self.matchMargin = matchMargin
        self.coverageTolerance = coverageTolerance
        self.segmentGap = segmentGap
        self.timeTolerance = timeTolerance
        self.preEventBuffer = preEventBuffer
        self.preEventBufferByDevice = preEventBufferByDevice
        self.unmatchedWindow = unmatchedWindow
        self.officerLookupSlack = officerLookupSlack
        self.sequenceOrderTolerance = sequenceOrderTolerance
    }

    public func preEventBuffer(for clip: ClipFacts) -> Double {
        clip.preEventBuffer ?? preEventBufferByDevice[clip.device] ?? preEventBuffer
    }
}
