import Foundation
import DeviceKit

/// fusefat (Debian 0.1a-1.1) presents every file's modification time with the month one too high.
///
/// What it does: it fills a `struct tm` from the FAT date with the 1-based FAT month put into the 0-based
/// `tm_mon` and hands it to `mktime`, which normalises whatever is out of range. So a FAT date of
/// 2026-03-15 shows as 2026-04-15, 2026-11-03 as 2026-12-03, 2026-12-20 as 2027-01-20, and a day that does
/// not exist in the following month spills over: 2026-01-31 shows as "February 31", which is 2026-03-03.
/// Hours, minutes and the 2-second seconds are right.
///
/// The oracle: mtools reads the FAT directory entries itself, so `mdir -i IMAGE` (date and minute) and
/// `mcopy -m` out of the image (to the second) show the true FAT time. The tests compare against both.
///
/// Undoing it: the shown date is `first day of (true month + 1) + (true day − 1)`. For most shown dates only
/// "one month back, same day" fits; the dates a spill-over can reach (1–3 March, 1 May, 1 July, 1 October,
/// 1 December) also fit a last day of the month before, and cannot be told apart from the file system
/// alone. `candidates(forShown:)` gives both; `correct(_:hint:)` picks the one nearest a hint (the start
/// time from the file name: the two candidates are days apart, a recording lasts hours at most, and a
/// photo's FAT time may even be a second before its name's, FAT rounding down to 2 seconds) or, without
/// one, the plain reading, and says that it was ambiguous.
public enum FusefatQuirk {
    /// The `fstype` fusefat mounts have in `/proc/self/mountinfo`.
    public static let fileSystemType = "fuse.fusefat"

    /// True FAT times that fusefat would show as `shown`, earliest first (one or two of them).
    public static func candidates(forShown shown: LocalTimestamp) -> [LocalTimestamp] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let shownDay = calendar.date(from: DateComponents(year: shown.year, month: shown.month, day: shown.day))
        else { return [] }
        var found: [LocalTimestamp] = []
        // The true month is one or two months before the shown one (two when the day spilled over).
        for back in [2, 1] {
            var year = shown.year
            var month = shown.month - back
            while month < 1 { month += 12; year -= 1 }
            // fusefat's month: the true month + 1, which mktime may have carried into the next year.
            var shownMonthYear = year
            var shownMonth = month + 1
            if shownMonth > 12 { shownMonth -= 12; shownMonthYear += 1 }
            guard let first = calendar.date(from: DateComponents(year: shownMonthYear, month: shownMonth, day: 1)),
                  let offset = calendar.dateComponents([.day], from: first, to: shownDay).day
            else { continue }
            let day = offset + 1
            let candidate = LocalTimestamp(
                year: year, month: month, day: day, hour: shown.hour, minute: shown.minute, second: shown.second)
            if day >= 1, day <= 31, candidate.isValid { found.append(candidate) }
        }
        return found
    }

    /// The corrected reading, and whether another true time would have shown the same.
    public static func correct(_ shown: LocalTimestamp, hint: LocalTimestamp? = nil) -> (LocalTimestamp, ambiguous: Bool) {
        let all = candidates(forShown: shown)
        guard let plain = all.last else { return (shown, false) }
        guard all.count > 1 else { return (plain, false) }
        let utc = TimeZone(identifier: "UTC")!
        if let hint, let h = hint.instant(in: utc) {
            let distance = { (t: LocalTimestamp) in abs(t.instant(in: utc)!.timeIntervalSince(h)) }
            // On a tie the plain reading (the last candidate) wins.
            let nearest = all.reversed().min { distance($0) < distance($1) }!
            return (nearest, true)
        }
        return (plain, true)
    }
}
