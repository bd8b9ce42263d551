import DeviceKit
import Compliance
import Foundation
import Testing

@Suite struct RFC3339Tests {
    @Test func offsetsFractionsAndTheEpoch() throws {
        #expect(try RFC3339.parse("1970-01-01T00:00:00Z").get() == Date(timeIntervalSince1970: 0))
        #expect(try RFC3339.parse("2026-11-03T09:30:00+08:00").get() == Date(timeIntervalSince1970: 1_793_669_400))
        #expect(try RFC3339.parse("2026-11-03T01:30:00.25z").get() == Date(timeIntervalSince1970: 1_793_669_400.25))
        #expect(try RFC3339.parse("2026-11-02T20:30:00-05:00").get() == Date(timeIntervalSince1970: 1_793_669_400))
        #expect(try RFC3339.parse("2024-02-29T00:00:00Z").get() == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test(arguments: [
        ("2026-11-03T09:30:00", "no UTC offset"),
        ("2026-11-03 09:30", "not an RFC 3339 time"),
        ("2026-02-29T00:00:00Z", "has no day 29"),
        ("2026-13-01T00:00:00Z", "no month 13"),
        ("2026-11-03T24:00:00Z", "impossible"),
        ("2026-11-03T23:59:60Z", "leap seconds"),
        ("2026-11-03T09:30:00+0800", "not an RFC 3339 time"),
    ])
    func refusals(text: String, reason: String) {
        switch RFC3339.parse(text) {
        case .success: Issue.record("\(text) was accepted")
        case .failure(let problem): #expect(problem.description.contains(reason), "\(problem)")
        }
    }

    @Test func writtenInAZone() {
        let date = Date(timeIntervalSince1970: 1_793_669_400.5)
        #expect(RFC3339.string(date) == "2026-11-03T01:30:00.500Z")
        #expect(RFC3339.string(date, in: TimeZone(identifier: "Asia/Shanghai")!) == "2026-11-03T09:30:00.500+08:00")
        #expect(RFC3339.string(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
