import Foundation
import DeviceKit

/// How a mounted volume's modification times become readings.
///
/// FAT keeps a local wall-clock time (2-second resolution, no zone). The file system driver turns it into
/// `st_mtime` by reading that wall clock in the mount's zone (kernel vfat: `tz=` or the kernel's zone,
/// normally UTC; fusefat: the TZ of the fusefat process). So rendering `st_mtime` in that same zone
/// (`clockZone`) gives back the FAT wall-clock value, which is what the recorder wrote in its own local time;
/// that value is then read in the bureau's zone (`zone`) to get an instant.
public struct FileSystemTime: Sendable, Hashable {
    /// The zone the file system driver used to turn FAT times into `st_mtime` (UTC unless mounted otherwise).
    public let clockZone: TimeZone
    /// The zone the recorders' clocks are set in.
    public let zone: TimeZone
    /// Whether the fusefat month quirk is undone (see `FusefatQuirk`).
    public let fusefatQuirk: Bool

    public init(clockZone: TimeZone, zone: TimeZone, fusefatQuirk: Bool) {
        self.clockZone = clockZone
        self.zone = zone
        self.fusefatQuirk = fusefatQuirk
    }

    /// The reading for a file whose `st_mtime` is `seconds`. `hint` (the name's start time) settles the
    /// few fusefat dates that two FAT dates map to. `raw` is the FAT wall-clock value, e.g.
    /// `2026-11-03T10:15:02`, after the quirk is undone: the value on the card, not fusefat's misreading.
    public func reading(mtime seconds: Int, hint: LocalTimestamp? = nil) -> (reading: TimeReading, ambiguous: Bool) {
        var local = LocalTimestamp(Date(timeIntervalSince1970: TimeInterval(seconds)), in: clockZone)
        var ambiguous = false
        if fusefatQuirk {
            (local, ambiguous) = FusefatQuirk.correct(local, hint: hint)
        }
        return (TimeReading(raw: local.description, local: local, zone: zone, source: .fileSystem), ambiguous)
    }
}
