import DeviceKit
import Foundation
import Testing

@testable import Evidence

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(RFC3339.catalogString(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.catalogString(from: CatalogFixture.t0) == "2026-11-03T01:30:00.000Z")
        #expect(RFC3339.catalogString(from: Date(timeIntervalSince1970: 951_782_400.1234)) == "2000-02-29T00:00:00.123Z")
        #expect(RFC3339.catalogString(from: Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(RFC3339.catalogString(from: Date(timeIntervalSince1970: 1.9996)) == "1970-01-01T00:00:02.000Z")
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.date(from: "2026-11-03T09:30:00+08:00") == CatalogFixture.t0)
        #expect(RFC3339.date(from: "2026-11-03T01:30:00Z") == CatalogFixture.t0)
        #expect(RFC3339.date(from: "2026-11-03T01:30:00.250Z") == CatalogFixture.t0.addingTimeInterval(0.25))
        // RFC 3339 lets a space stand for the T (its section 5.6 note): case files written by people use it.
        #expect(RFC3339.date(from: "2026-11-03 01:30:00Z") == CatalogFixture.t0)
        for bad in ["", "2026-11-03", "2026-02-30T00:00:00Z", "2026-11-03T01:30:00", "2026-11-03T01:30:00.Z", "2026-11-03T01:30:00Zx"] {
            #expect(RFC3339.date(from: bad) == nil, "\(bad)")
        }
    }

    @Test func roundTripsExactly() {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Double(state % 4_000_000_000_000) / 1000  // up to ~2096, in milliseconds
            let text = RFC3339.catalogString(from: Date(timeIntervalSince1970: seconds))
            guard let parsed = RFC3339.date(from: text) else {
                Issue.record("cannot parse \(text)")
                continue
            }
            #expect(RFC3339.catalogString(from: parsed) == text)
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0005)
        }
    }
}
