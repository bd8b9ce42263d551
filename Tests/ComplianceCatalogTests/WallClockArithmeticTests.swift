import DeviceKit
import Foundation
import Testing

@testable import ComplianceCatalog

/// The catalog source reads wall-clock times by arithmetic instead of asking a `Calendar` (which cost
/// more than the rest of reading a clip): it must give what `Calendar` gives.
@Suite("Wall-clock readings by arithmetic")
struct WallClockArithmeticTests {
    static let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"]

    @Test(arguments: zones)
    func readingsAreCalendarsReadings(zone identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        // Random instants from 1971 to 2100, with fractions, and the seconds around a DST change.
        var instants = (0..<2000).map { _ in 31_536_000 + Double(next() % 4_070_000_000) + Double(next() % 1000) / 1000 }
        instants += (-3...3).map { 1_774_746_000 + Double($0) }  // 2026-03-29T01:00Z (Berlin's change)
        instants += [0, -0.5, 946_684_799.999]
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(LocalTimestamp(catalogDate: date, in: zone) == LocalTimestamp(date, in: zone), "\(seconds) in \(identifier)")
        }
    }

    @Test func validityIsCalendarsValidity() {
        let cases = [
            (2026, 2, 29), (2024, 2, 29), (2000, 2, 29), (1900, 2, 29), (2100, 2, 29), (2026, 4, 31), (2026, 12, 31),
            (2026, 13, 1), (2026, 0, 1), (2026, 1, 0), (1969, 12, 31), (1970, 1, 1), (9999, 12, 31), (10000, 1, 1),
        ]
        for (year, month, day) in cases {
            for (hour, minute, second) in [(0, 0, 0), (23, 59, 59), (24, 0, 0), (12, 60, 0), (12, 0, 60)] {
                let reading = LocalTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                #expect(reading.isCalendarTime == reading.isValid, "\(reading)")
            }
        }
        #expect(LocalTimestamp(catalogText: "2026-11-03T09:30:00") == LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 0))
        #expect(LocalTimestamp(catalogText: "2026-02-30T09:30:00") == nil)
        #expect(LocalTimestamp(catalogText: "2026-11-03 09:30:00x") == nil)
    }
}
