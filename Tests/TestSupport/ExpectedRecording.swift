import Foundation
import DeviceKit

/// A file `RecorderVolumeBuilder` put on a volume, with the facts a correct driver reads from it.
public struct ExpectedRecording: Sendable, Hashable {
    /// Relative to the volume root, as the volume shows it.
    public let path: String
    public let kind: RecordingKind
    /// The generated media that was copied (same bytes).
    public let source: URL
    public let size: Int64
    /// The start in the name, and the name fragment it is read from.
    public let nameStart: LocalTimestamp
    public let nameStartRaw: String
    /// The end in the name (NVR exports only).
    public let nameEnd: LocalTimestamp?
    /// The FAT modification time as stored: the end of the recording, seconds rounded down to even.
    public let fatTime: LocalTimestamp
    /// The serial the driver should report for the file: from the name, or the device-info file.
    public let serial: String?
    /// The officer the name carries.
    public let officer: String?
    public let sequence: Int?
    public let camera: String?
    public let address: String?
    public let channel: String?
    public let locked: Bool
}

extension LocalTimestamp {
    /// The wall-clock reading `seconds` later (calendar arithmetic in a zone without daylight saving).
    func adding(seconds: Int) -> LocalTimestamp {
        let utc = TimeZone(identifier: "UTC")!
        return LocalTimestamp(instant(in: utc)!.addingTimeInterval(TimeInterval(seconds)), in: utc)
    }

    /// Digits in a layout: `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, anything else literal.
    func formatted(_ layout: String) -> String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        var out = layout
        for (token, value) in [("yyyy", pad(year, 4)), ("MM", pad(month, 2)), ("dd", pad(day, 2)),
                               ("HH", pad(hour, 2)), ("mm", pad(minute, 2)), ("ss", pad(second, 2))] {
            out = out.replacingOccurrences(of: token, with: value)
        }
        return out
    }
}
