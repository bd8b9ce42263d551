import DeviceKit
import Foundation
import TestSupport

/// A body recorder's volume as a plain folder: generated clips (ffmpeg, cached) named as the
/// `dcim-datetime-serial-sequence` profile reads them (`DCIM/100MEDIA/20261103_093015_A001234_0001.MP4`:
/// device-clock start, serial, sequence), each file's time the device's wall clock at its end, to
/// FAT's 2 s, read as UTC (as vfat mounts with `tz=UTC` show it, the gateway's default).
struct RecorderFolder {
    struct Clip {
        var sequence: Int
        /// The device-clock start, as the file name carries it.
        var start: LocalTimestamp
        var seconds: Int
    }

    let serial: String
    let clips: [Clip]

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
            try FileManager.default.copyItem(at: source, to: target)
            // The recorder stamps the end; FAT rounds down to 2 s.
            var end = start.addingTimeInterval(TimeInterval(clip.seconds)).timeIntervalSince1970
            end -= end.truncatingRemainder(dividingBy: 2)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: end)], ofItemAtPath: target.path)
            paths[clip.sequence] = path
        }
        return paths
    }

    /// `20261103_093015`.
    static func digits(_ t: LocalTimestamp) -> String {
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(t.year, 4))\(pad(t.month, 2))\(pad(t.day, 2))_\(pad(t.hour, 2))\(pad(t.minute, 2))\(pad(t.second, 2))"
    }
}

/// 2026-11-03 at `hh:mm:ss` on a device's clock.
func nov3(_ time: String) -> LocalTimestamp {
    let p = time.split(separator: ":").map { Int($0)! }
    return LocalTimestamp(year: 2026, month: 11, day: 3, hour: p[0], minute: p[1], second: p[2])
}
