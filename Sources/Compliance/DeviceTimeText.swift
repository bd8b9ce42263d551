import DeviceKit

/// A device clock's reading as a person types it off the screen, or a log writes it: local wall-clock
/// time with no zone, `2026-11-03T09:30:15` or `2026-11-03 09:30:15`. A zone or a fraction is refused:
/// the device shows neither, and a zone would have to be reconciled with the configured one.
public enum DeviceTimeText {
    /// The reading, or a sentence saying what is wrong with the text.
    public static func parse(_ text: String) -> Result<LocalTimestamp, DeviceTimeProblem> {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard b.count == 19, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
              b[7] == UInt8(ascii: "-"), let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else {
            return .failure(DeviceTimeProblem(
                "\"\(text)\" is not a device time like 2026-11-03T09:30:15 or 2026-11-03 09:30:15 (local time, no zone)"))
        }
        let reading = LocalTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard reading.isValid else { return .failure(DeviceTimeProblem("\"\(text)\" is not a calendar time")) }
        return .success(reading)
    }
}

/// Why a text is not a device time.
public struct DeviceTimeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
