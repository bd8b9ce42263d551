import Compliance
import Foundation
import Testing

@Suite struct CustodyTests {
    @Test func parseAndAsk() throws {
        let json = """
        [{"officer": "310045", "device": "A001234", "from": "2026-11-01T08:00:00+08:00", "to": "2026-11-03T12:00:00+08:00"},
         {"officer": "310046", "device": "A001234", "from": "2026-11-03T12:00:00+08:00", "to": null},
         {"officer": "310045", "device": "B000007", "from": "2026-11-03T12:30:00+08:00", "to": null}]
        """
        let records = try CustodyFile.parse(Fixtures.bytes(json))
        #expect(records.count == 3)
        #expect(records[1].to == nil)
        let ledger = CustodyLedger(records)
        // `from` inclusive, `to` exclusive: at the handover the new holder has it.
        #expect(ledger.holder(of: "A001234", at: Fixtures.at("11:59:59")) == "310045")
        #expect(ledger.holder(of: "A001234", at: Fixtures.at("12:00:00")) == "310046")
        #expect(ledger.holder(of: "A001234", at: Fixtures.t("2026-10-31T12:00:00+08:00")) == nil)
        #expect(try ledger.holders(of: "A001234", at: Fixtures.at("12:00:00")) == ["310046"])
        let carried = try ledger.devices(carriedBy: "310045", during: DateInterval(start: Fixtures.at("11:00:00"), end: Fixtures.at("13:00:00")))
        #expect(carried.map(\.device) == ["A001234", "B000007"])
        #expect(carried.map(\.during) == [
            DateInterval(start: Fixtures.at("11:00:00"), end: Fixtures.at("12:00:00")),
            DateInterval(start: Fixtures.at("12:30:00"), end: Fixtures.at("13:00:00")),
        ])
    }

    @Test func everyProblemWithItsPlace() throws {
        let json = """
        [{"officer": "310045", "device": "A001234", "from": "2026-11-01T08:00:00+08:00", "to": null},
         {"officer": "310046", "device": "A001234", "from": "2026-11-03T12:00:00+08:00", "to": "2026-11-04T12:00:00+08:00"},
         {"officer": "", "device": "B1", "from": "2026-11-03T12:00:00+08:00", "to": "2026-11-03T11:00:00+08:00"},
         {"officer": "1", "device": "B2", "from": "yesterday", "until": null},
         {"officer": 7, "device": "B3", "from": "2026-11-03T12:00:00+08:00", "to": null}]
        """
        let failure = try #require(throws: ImportFailure.self) { try CustodyFile.parse(Fixtures.bytes(json)) }
        #expect(failure.errors.places == [
            "custody_overlap@2:[1].from",
            "empty_value@3:[2].officer",
            "end_not_after_start@3:[2].to",
            // A missing key is placed where its object starts.
            "missing_field@4:[3].to",
            "invalid_time@4:[3].from",
            "unknown_field@4:[3].until",
            "wrong_type@5:[4].officer",
        ])
        #expect(failure.errors[0].message.contains("310045"))
    }

    @Test func aLongRecordOverlapsEveryLaterOne() throws {
        let json = """
        [{"officer": "1", "device": "D", "from": "2026-11-01T00:00:00+08:00", "to": "2026-11-10T00:00:00+08:00"},
         {"officer": "2", "device": "D", "from": "2026-11-02T00:00:00+08:00", "to": "2026-11-03T00:00:00+08:00"},
         {"officer": "3", "device": "D", "from": "2026-11-05T00:00:00+08:00", "to": "2026-11-06T00:00:00+08:00"}]
        """
        let failure = try #require(throws: ImportFailure.self) { try CustodyFile.parse(Fixtures.bytes(json)) }
        #expect(failure.errors.places == ["custody_overlap@2:[1].from", "custody_overlap@3:[2].from"])
        #expect(throws: ImportFailure.self) { try CustodyFile.parse(Fixtures.bytes("{}")) }
    }
}
