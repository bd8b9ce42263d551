import DeviceKit
import Foundation

/// A clip's start and end on the device's clock, from whichever sources it has, and whether the
/// sources agree.
///
/// Each source gives a start: the file name; the container's creation_time; the file system time less
/// the duration when the device stamps the end (else the file system time itself). The name and
/// creation_time may be the press of the button, which a pre-event buffer puts up to B seconds after
/// the first frame; the file system time less the duration is the first frame. So sources agree when
/// name and creation_time are within tolerance + B of each other, and each is between tolerance before
/// and B + tolerance after the first frame (tolerance includes both sources' resolutions). When they
/// agree the start is the earliest (the first frame: the buffer is recording too); when they do not,
/// the name wins, then creation_time, then the file system, and the disagreement is a finding.
/// The end is the start plus the duration, else the file system time when it stamps the end, else the
/// start (a photo).
struct ClipReadings {
    struct Candidate {
        var source: String
        /// The start this source gives (nil: a file system time stamping the end of a clip of unknown length).
        var start: Date?
        var end: Date
        var resolution: Double
        /// True for the file system's first frame (the only source a pre-event buffer cannot shift).
        var isFirstFrame: Bool
    }

    struct Point {
        var instant: Date
        var resolution: Double
        var source: String
    }

    let candidates: [Candidate]
    /// Nil when no source gives a calendar time.
    let start: Point?
    let end: Point?
    /// Every start when they disagree, else empty.
    let disagreement: [(source: String, start: Date)]

    init(_ clip: ClipFacts, clock: ZoneClock, tolerance: Double, preEventBuffer: Double, resolution: ReadingResolution = ReadingResolution()) {
        var candidates: [Candidate] = []
        let duration = clip.duration.map { max(0, $0) }
        if let reading = clip.nameStart, let start = clock.instant(reading) {
            candidates.append(Candidate(source: "file_name", start: start, end: start + (duration ?? 0), resolution: resolution.fileName, isFirstFrame: false))
        }
        // The container's digits as wall-clock time, and read as UTC (the device's wall clock is then
        // that instant in the zone): the device's learnt habit picks one; unknown, the one that agrees.
        let containerIndex = candidates.count
        var containerReadings: [Date] = []
        if let reading = clip.containerStart {
            let digits = clock.instant(reading), utc = Self.utc.instant(reading)
            switch clip.containerReading {
            case .localDigits: containerReadings = [digits].compactMap { $0 }
            case .utc: containerReadings = [utc].compactMap { $0 }
            case .unknown: containerReadings = [digits, utc].compactMap { $0 }
            }
            if let first = containerReadings.first {
                candidates.append(Candidate(source: "container", start: first, end: first + (duration ?? 0), resolution: resolution.container, isFirstFrame: false))
            }
        }
        if let reading = clip.fileTime, let time = clock.instant(reading) {
            if clip.fileTimeMarksEnd {
                candidates.append(Candidate(source: "file_system", start: duration.map { time - $0 }, end: time,
                                            resolution: resolution.fileSystem, isFirstFrame: true))
            } else {
                candidates.append(Candidate(source: "file_system", start: time, end: time + (duration ?? 0),
                                            resolution: resolution.fileSystem, isFirstFrame: false))
            }
        }
        var agree = Self.agree(candidates, tolerance: tolerance, preEventBuffer: preEventBuffer)
        var unexplained: [(source: String, start: Date)] = []
        if !agree, containerReadings.count == 2 {
            var other = candidates
            other[containerIndex].start = containerReadings[1]
            other[containerIndex].end = containerReadings[1] + (duration ?? 0)
            if Self.agree(other, tolerance: tolerance, preEventBuffer: preEventBuffer) {
                candidates = other
                agree = true
            } else {
                // Neither reading explains the difference: both are evidence.
                unexplained = [("container_utc", containerReadings[1])]
            }
        }
        self.candidates = candidates

        let starts = candidates.filter { $0.start != nil }
        var start: Point?
        if agree, let earliest = starts.min(by: { $0.start! < $1.start! }) {
            start = Point(instant: earliest.start!, resolution: earliest.resolution, source: earliest.source)
        } else if let primary = starts.first {
            // Candidates are in precedence order: name, creation_time, file system.
            start = Point(instant: primary.start!, resolution: primary.resolution, source: primary.source)
        }
        var disagreement = agree ? [] : starts.map { ($0.source, $0.start!) } + unexplained

        var end: Point?
        let fileEnd = clip.fileTimeMarksEnd ? candidates.first { $0.source == "file_system" } : nil
        if let start, let duration {
            end = Point(instant: start.instant + duration, resolution: start.resolution, source: start.source + "+duration")
        } else if let fileEnd {
            end = Point(instant: fileEnd.end, resolution: fileEnd.resolution, source: "file_system")
            if let s = start, fileEnd.end < s.instant - (tolerance + s.resolution + fileEnd.resolution) {
                // The end stamp is before the start: one of them is wrong.
                disagreement = starts.map { ($0.source, $0.start!) } + [("file_system_end", fileEnd.end)]
            }
            if start == nil { start = Point(instant: fileEnd.end, resolution: fileEnd.resolution, source: "file_system") }
        } else if let start {
            end = start
        }
        self.start = start
        self.end = end
        self.disagreement = disagreement
    }

    private static let utc = ZoneClock(zone: TimeZone(identifier: "UTC")!)

    /// Whether every pair of starts agrees (see the type's comment).
    private static func agree(_ candidates: [Candidate], tolerance: Double, preEventBuffer: Double) -> Bool {
        let starts = candidates.filter { $0.start != nil }
        for (i, a) in starts.enumerated() {
            for b in starts[(i + 1)...] {
                let slack = tolerance + a.resolution + b.resolution
                let difference = a.start!.timeIntervalSince(b.start!)
                let fits = switch (a.isFirstFrame, b.isFirstFrame) {
                case (false, true): difference >= -slack && difference <= preEventBuffer + slack
                case (true, false): -difference >= -slack && -difference <= preEventBuffer + slack
                default: abs(difference) <= preEventBuffer + slack
                }
                if !fits { return false }
            }
        }
        return true
    }
}
