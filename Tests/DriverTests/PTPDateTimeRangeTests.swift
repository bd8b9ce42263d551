import DeviceKit
import Foundation
import PTPDriver
import Testing

/// A DateTime with a zone names an instant that is read in the gateway's zone: one that no zone can show as a
/// valid time is not a DateTime (found by the ptp-datetime fuzz target, fuzz/regressions/ptp-datetime).
@Suite struct PTPDateTimeRangeTests {
    @Test(arguments: ["99991231T235959-1400", "99991231T200000+0000", "19700101T000000+1400", "19700101T000000.5+0001",
                      "99991231T235959-0001", "99991231T235959Z"])
    func anInstantNoZoneCanShowIsRefused(_ text: String) {
        #expect(PTPDateTime(text) == nil, "\(text)")
    }

    @Test func theSameTimesWithoutAZoneOrWellInsideTheRangeParse() throws {
        // Without a zone a reading is the device's local time and is read as it is.
        #expect(PTPDateTime("99991231T235959")?.localTime(in: .gmt).year == 9999)
        #expect(PTPDateTime("19700101T000000")?.localTime(in: .gmt).year == 1970)
        for text in ["99980101T000000-1400", "19710102T000000+1400", "20261103T093015-1200"] {
            let value = try #require(PTPDateTime(text), "\(text)")
            for zone in [TimeZone(secondsFromGMT: -18 * 3600)!, .gmt, TimeZone(secondsFromGMT: 18 * 3600)!] {
                #expect(value.localTime(in: zone).isValid, "\(text) in \(zone)")
            }
        }
    }
}
