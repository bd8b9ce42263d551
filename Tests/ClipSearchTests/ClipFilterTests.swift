import ComplianceCatalog
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// Each filter alone and combined, on the scenario's catalog, through the gateway operation the command
/// line and the web layer call.
@Suite("Clip search filters")
struct ClipFilterTests {
    static func search(_ parameters: [String: String]) throws -> [String] {
        let s = try ClipScenario.get()
        let page = try Gateway(home: GatewayHome(root: s.home)).clips(try ClipQuery.parse(parameters.merging(["limit": "500"]) { a, _ in a }))
        return page.clips.map(\.id)
    }

    static func names(_ names: [String]) throws -> [String] { try ClipScenario.get().ids(names) }

    @Test func noFilterListsEveryClipNewestFirstByCorrectedStart() throws {
        #expect(try Self.search([:]) == Self.names(try ClipScenario.get().newestFirst))
    }

    @Test func eachFilterAlone() throws {
        #expect(try Self.search(["device": "B002345"]) == Self.names(["B2", "B1"]))
        #expect(try Self.search(["officer": "310045"]) == Self.names(["A3", "A2", "A1"]))
        #expect(try Self.search(["kind": "photo"]) == Self.names(["C3"]))
        #expect(try Self.search(["kind": "audio"]).isEmpty)
        #expect(try Self.search(["integrity": "truncated"]) == Self.names(["C2"]))
        // A photo is probed too (its JPEG structure): nothing in the scenario is unprobed.
        #expect(try Self.search(["integrity": "none"]).isEmpty)
        #expect(try Self.search(["status": "released"]) == Self.names(["C1"]))
        #expect(try Self.search(["status": "verified"]) == Self.names(try ClipScenario.get().newestFirst.filter { $0 != "C1" }))
        #expect(try Self.search(["device": "NO-SUCH"]).isEmpty)
    }

    @Test func filtersCombineWithAnd() throws {
        #expect(try Self.search(["device": "C003456", "kind": "video"]) == Self.names(["C2", "C1"]))
        #expect(try Self.search(["device": "C003456", "status": "verified", "integrity": "ok"]) == Self.names(["C3"]))
        #expect(try Self.search(["officer": "310045", "device": "B002345"]).isEmpty)
        #expect(try Self.search(["officer": "310045", "from": "2026-11-03T10:00:00+08:00", "to": "2026-11-03T10:31:00+08:00"])
                == Self.names(["A2"]))
    }

    /// B002345 runs ten minutes fast: B#1 is stamped 10:10:00–10:10:20 and was recorded 10:00:00–10:00:20.
    /// The filter uses the corrected span, ends included, to the second.
    @Test func aDeviceTenMinutesFastIsFoundAtItsCorrectedTimeToTheSecond() throws {
        func b(_ from: String, _ to: String) throws -> [String] {
            try Self.search(["device": "B002345", "from": "2026-11-03T\(from)+08:00", "to": "2026-11-03T\(to)+08:00"])
        }
        #expect(try b("10:00:20", "10:05:00") == Self.names(["B1"]))
        #expect(try b("10:00:21", "10:05:00").isEmpty)
        #expect(try b("09:55:00", "10:00:00") == Self.names(["B1"]))
        #expect(try b("09:55:00", "09:59:59").isEmpty)
        // Its device time would match here; its true time does not.
        #expect(try b("10:10:30", "10:19:00").isEmpty)
        #expect(try b("10:10:00", "10:10:00") == Self.names(["B2"]))
        // No device named: the same answers.
        #expect(try Self.search(["from": "2026-11-03T10:00:21+08:00", "to": "2026-11-03T10:04:59+08:00"]).isEmpty)
        #expect(try Self.search(["from": "2026-11-03T10:00:20+08:00", "to": "2026-11-03T10:00:20+08:00"]) == Self.names(["B1"]))
    }

    /// C003456's clock was never read: its clips are placed by their device time as it is, and the
    /// documents say so (no recorded time, no correction).
    @Test func aClockNeverReadLeavesTheDeviceTime() throws {
        let s = try ClipScenario.get()
        let query = try ClipQuery.parse(["from": "2026-11-03T10:05:20+08:00", "to": "2026-11-03T10:05:20+08:00"])
        let page = try Gateway(home: GatewayHome(root: s.home)).clips(query)
        #expect(page.clips.map(\.id) == s.ids(["C1"]))
        let c1 = try #require(page.clips.first)
        #expect(c1.recorded_start == nil && c1.correction_s == nil && c1.clock == "no_clock_reading")
        #expect(c1.device_start == "2026-11-03T10:05:00+08:00" && c1.device_end == "2026-11-03T10:05:20+08:00")
        #expect(c1.status == "released" && c1.officer == "310047" && c1.device == "C003456")
        // B#1: corrected by −600 s, from two dock readings.
        let b1 = try #require(try Gateway(home: GatewayHome(root: s.home)).clips(try ClipQuery.parse(["device": "B002345"])).clips.last)
        #expect(b1.id == s.ids["B1"])
        #expect(b1.device_start == "2026-11-03T10:10:00+08:00" && b1.recorded_start == "2026-11-03T10:00:00+08:00")
        #expect(b1.recorded_end == "2026-11-03T10:00:20+08:00" && b1.correction_s == -600 && b1.clock == "interpolated")
        #expect(b1.integrity == "ok" && b1.status == "verified" && b1.kind == "video" && b1.officer == "310046")
    }

    /// E005678's clock was reset to 2000-01-01 during the day: E#1 is stamped 2000-01-01 09:30:00 and the
    /// evening dock's reading places it at 10:50:00, as a case check does (in the reset's span, a guess).
    @Test func aClipStampedAfterAClockResetIsFoundAtItsCorrectedTime() throws {
        let s = try ClipScenario.get()
        #expect(try Self.search(["from": "2026-11-03T10:50:00+08:00", "to": "2026-11-03T10:50:00+08:00"]) == Self.names(["E1"]))
        #expect(try Self.search(["from": "2026-11-03T10:50:21+08:00", "to": "2026-11-03T12:00:00+08:00"]).isEmpty)
        #expect(try Self.search(["from": "2000-01-01T08:00:00+08:00", "to": "2000-01-02T00:00:00+08:00"]).isEmpty)
        let page = try Gateway(home: GatewayHome(root: s.home)).clips(try ClipQuery.parse(["device": "E005678"]))
        let e1 = try #require(page.clips.first)
        #expect(page.clips.count == 1 && e1.id == s.ids["E1"])
        #expect(e1.device_start == "2000-01-01T09:30:00+08:00" && e1.recorded_start == "2026-11-03T10:50:00+08:00")
        #expect(e1.clock == "reset_span")
    }

    @Test func theClipsACaseCheckMatchesToItsSteps() throws {
        #expect(try Self.search(["case": ClipScenario.caseID]) == Self.names(["A3", "A2", "B1"]))
        #expect(try Self.search(["case": ClipScenario.caseID, "step": "S1"]) == Self.names(["B1"]))
        #expect(try Self.search(["case": ClipScenario.caseID, "step": "2"]) == Self.names(["A3", "A2"]))
        #expect(try Self.search(["case": ClipScenario.caseID, "step": "S2", "sort": "recorded"]) == Self.names(["A2", "A3"]))
        #expect(try Self.search(["case": ClipScenario.caseID, "device": "A001234", "to": "2026-11-03T10:31:00+08:00"])
                == Self.names(["A2"]))
        for (parameters, message) in [(["case": "NO-SUCH"], "no case NO-SUCH"),
                                      (["case": ClipScenario.caseID, "step": "S9"], "has no step S9")] {
            do {
                _ = try Self.search(parameters)
                Issue.record("\(parameters) was not refused")
            } catch let refused as ClipQueryError {
                #expect(refused.description.contains(message), "\(refused)")
            }
        }
    }
}
