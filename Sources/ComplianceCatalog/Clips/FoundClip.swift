import Compliance
import Evidence
import Foundation

/// One clip as a search found it: its row, its corrected times as a case check gives them, its latest
/// probe verdict and whether its device copies were released.
public struct FoundClip: Sendable {
    public var clip: ClipRow
    /// The serial of the device it came from.
    public var device: String
    /// The device-clock span the catalog keeps for it; nil when no reading places it in time.
    public var span: ClipTimeRow?
    /// Corrected start and end (device time as it is, offset 0, when the device's clock was never
    /// read); nil when no reading is a calendar time.
    public var corrected: ClipEvidence?
    /// `ok`, `truncated`, `corrupt` from the latest probe; nil when never probed.
    public var integrity: String?
    public var sightings: Int
    public var releasedSightings: Int

    /// Every sighting released (the device no longer holds it).
    public var released: Bool { sightings > 0 && releasedSightings == sightings }

    /// True when the corrected times rest on readings of the device's clock, not on its time as it is.
    public var correctedByReadings: Bool { corrected.map { !$0.start.anchoredBy.isEmpty } ?? false }

    /// The instant a recorded-time order and a time filter use: the corrected start, else the device
    /// span's start; nil for a clip no reading places in time.
    var recordedStart: Double? {
        corrected.map { $0.start.instant.timeIntervalSince1970 } ?? span.map { Double($0.startS) }
    }

    var recordedEnd: Double? {
        if let corrected { return max(corrected.start.instant, corrected.end.instant).timeIntervalSince1970 }
        return span.map { Double($0.endS) }
    }
}

extension FoundClip {
    /// A clip with a device-clock span, corrected (sightings not read yet).
    init(placed facts: Evidence.ClipFacts, corrector: ClipCorrector, zones: inout CatalogClipSource.Zones) throws {
        self.init(clip: facts.clip, device: facts.time.deviceSerial, span: facts.time,
                  corrected: try corrector.correct(CatalogClipSource.facts(facts, zones: &zones)),
                  integrity: facts.integrity, sightings: 0, releasedSightings: 0)
    }
}
