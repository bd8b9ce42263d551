import DeviceKit

/// A device clock's reading as a person types it off the screen, or a log writes it: local wall-clock
/// time with no zone, `2026-11-03T09:30:15` or `2026-11-03 09:30:15`. A zone or a fraction is refused:
/// the device shows neither, and a zone would have to be reconciled with the configured one.
public enum DeviceTimeText {
    /// The reading, or a sentence saying what is wrong with the text.
    public static func parse(_ text: String) -> Result<LocalTimestamp, DeviceTimeProblem> {
        guard let reading = fields(text) else {
            return .failure(DeviceTimeProblem(
                "\"\(text)\" is not a device time like 2026-11-03T09:30:15 or 2026-11-03 09:30:15 (local time, no zone)"))
        }
        guard reading.isValid else { return .failure(DeviceTimeProblem("\"\(text)\" is not a calendar time")) }
        return .success(reading)
    }

    /// The six fields of `YYYY-MM-DDThh:mm:ss` (or a space for the `T`), unchecked against the calendar;
    /// nil when the text has another shape.
    public static func fields(_ text: String) -> LocalTimestamp? {
        let t = ASCIIDigits(text)
        guard t.bytes.count == 19, let year = t.number(at: 0, count: 4), t.byte(4) == UInt8(ascii: "-"),
              let month = t.number(at: 5, count: 2), t.byte(7) == UInt8(ascii: "-"), let day = t.number(at: 8, count: 2),
              t.byte(10) == UInt8(ascii: "T") || t.byte(10) == UInt8(ascii: " "),
              let hour = t.number(at: 11, count: 2), t.byte(13) == UInt8(ascii: ":"), let minute = t.number(at: 14, count: 2),
              t.byte(16) == UInt8(ascii: ":"), let second = t.number(at: 17, count: 2)
        else { return nil }
        return LocalTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}

/// Why a text is not a device time.
public struct DeviceTimeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
