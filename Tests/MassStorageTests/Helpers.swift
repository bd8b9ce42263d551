import Foundation
import DeviceKit

/// `LocalTimestamp` without labels, for tables of times.
func ts(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> LocalTimestamp {
    LocalTimestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
}

let shanghai = TimeZone(identifier: "Asia/Shanghai")!
let utc = TimeZone(identifier: "UTC")!

extension LocalTimestamp {
    /// The same reading with the seconds dropped: what `mdir` shows.
    var toMinute: LocalTimestamp { LocalTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: 0) }
}

/// Writes `files` (relative path → FAT wall-clock time, read as UTC for the mtime) into a plain folder.
func makePlainVolume(_ root: URL, _ files: [String: LocalTimestamp], contents: Data = Data("x".utf8)) throws {
    for (path, time) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
        try FileManager.default.setAttributes([.modificationDate: time.instant(in: utc)!], ofItemAtPath: url.path)
    }
}
