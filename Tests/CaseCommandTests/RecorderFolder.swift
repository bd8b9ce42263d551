import DeviceKit
import Foundation
import TestSupport

/// A body recorder's volume as a plain folder: generated clips (ffmpeg, cached) named as the
/// `dcim-datetime-serial-sequence` profile reads them (`DCIM/100MEDIA/20261103_093015_A001234_0001.MP4`:
/// device-clock start, serial, sequence), each file's time the device's wall clock at its end, to
/// FAT's 2 s, read as UTC (as vfat mounts with `tz=UTC` show it, the gateway's default). With
/// `creationTime`, each MP4 also carries the start as `creation_time`, written the way the recorder writes
/// it: UTC (ISO BMFF), or its local wall-clock digits marked as UTC.
struct RecorderFolder {
    struct Clip {
        var sequence: Int
        /// The device-clock start, as the file name carries it.
        var start: LocalTimestamp
        var seconds: Int
        /// Seconds the creation_time is off from the start (a source that disagrees).
        var creationSkew: Int = 0
    }

    /// How a recorder writes `creation_time`.
    enum CreationTime {
        /// As ISO BMFF says: the device's wall clock (China Standard Time) converted to UTC.
        case utc
        /// The wall-clock digits, marked as UTC.
        case localDigits
    }

    let serial: String
    let clips: [Clip]
    var creationTime: CreationTime? = nil

    /// Writes the folder; returns each clip's path relative to it, by sequence.
    @discardableResult
    func write(into folder: URL) throws -> [Int: String] {
        let utc = TimeZone(identifier: "UTC")!
        var paths: [Int: String] = [:]
        for clip in clips {
            let source = try ClipFactory.clip(seconds: Double(clip.seconds), label: "\(serial)-\(clip.sequence)")
            let start = clip.start.instant(in: utc)!
            let name = "\(Self.digits(clip.start))_\(serial)_\(String(format: "%04d", clip.sequence)).MP4"
            let path = "DCIM/100MEDIA/\(name)"
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let creationTime {
                let stamped = clip.start.instant(in: creationTime == .utc ? Self.deviceZone : utc)!
                    .addingTimeInterval(TimeInterval(clip.creationSkew))
                try runChecked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", source.path, "-map", "0",
                                          "-c", "copy", "-metadata", "creation_time=\(Self.utcText(stamped))",
                                          "-fflags", "+bitexact", "-f", "mp4", target.path])
            } else {
                try FileManager.default.copyItem(at: source, to: target)
            }
            // The recorder stamps the end; FAT rounds down to 2 s.
            var end = start.addingTimeInterval(TimeInterval(clip.seconds)).timeIntervalSince1970
            end -= end.truncatingRemainder(dividingBy: 2)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: end)], ofItemAtPath: target.path)
            paths[clip.sequence] = path
        }
        return paths
    }

    /// The zone the recorders' clocks are set to.
    static let deviceZone = TimeZone(identifier: "Asia/Shanghai")!

    /// `2026-11-03T01:30:15.000000Z`, as recorders and ffmpeg write creation_time.
    static func utcText(_ date: Date) -> String {
        let t = LocalTimestamp(date, in: TimeZone(identifier: "UTC")!)
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2)).000000Z"
    }

    /// `20261103_093015`.
    static func digits(_ t: LocalTimestamp) -> String {
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(t.year, 4))\(pad(t.month, 2))\(pad(t.day, 2))_\(pad(t.hour, 2))\(pad(t.minute, 2))\(pad(t.second, 2))"
    }
}

/// 2000-01-01 (a reset clock's default date) at `hh:mm:ss` on a device's clock.
func jan1st2000(_ time: String) -> LocalTimestamp {
    let p = time.split(separator: ":").map { Int($0)! }
    return LocalTimestamp(year: 2000, month: 1, day: 1, hour: p[0], minute: p[1], second: p[2])
}

/// 2026-11-03 at `hh:mm:ss` on a device's clock.
func nov3(_ time: String) -> LocalTimestamp {
    let p = time.split(separator: ":").map { Int($0)! }
    return LocalTimestamp(year: 2026, month: 11, day: 3, hour: p[0], minute: p[1], second: p[2])
}
