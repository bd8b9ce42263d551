import Compliance
import Foundation
import Testing

@Suite struct CaseFileJSONTests {
    let catalogue = try! StepCatalogue.builtin()

    @Test func oneCaseAsInTheDesign() throws {
        let json = """
        {"case_id": "CZ-ZJ-2026-0142", "title": "违法建设现场检查",
         "steps": [{"id": "S2", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
                    "end": "2026-11-03T10:15:00+08:00", "officers": ["310045", "310046"],
                    "full_process": false}]}
        """
        let cases = try CaseFile.parse(Fixtures.bytes(json), format: .json, catalogue: catalogue)
        #expect(cases.count == 1)
        let step = try #require(cases.first?.steps.first)
        #expect(cases[0].caseID == "CZ-ZJ-2026-0142")
        #expect(cases[0].title == "违法建设现场检查")
        #expect(step.officers == ["310045", "310046"])
        #expect(step.fullProcess == false)
        #expect(step.start == Fixtures.t("2026-11-03T01:30:00Z"))
        #expect(step.end.timeIntervalSince(step.start) == 45 * 60)
    }

    @Test func anArrayOfCasesWithDevicesAndUTCTimes() throws {
        let json = """
        [{"case_id": "A", "steps": [{"id": "S1", "type": "interview", "start": "2026-11-03T01:30:00Z",
          "end": "2026-11-03T02:00:00.5Z", "officers": ["1"], "devices": ["CAM-ROOM-2"], "location": "Room 2"}]},
         {"case_id": "B", "department": "执法大队", "steps": [{"id": "S1", "type": "approval",
          "start": "2026-11-04T09:00:00+08:00", "end": "2026-11-04T09:10:00+08:00"}]}]
        """
        let cases = try CaseFile.parse(Fixtures.bytes(json), format: .json, catalogue: catalogue)
        #expect(cases.map(\.caseID) == ["A", "B"])
        #expect(cases[0].steps[0].devices == ["CAM-ROOM-2"])
        #expect(cases[0].steps[0].location == "Room 2")
        #expect(cases[0].steps[0].end.timeIntervalSince(cases[0].steps[0].start) == 1800.5)
        // Documents-only steps need no officers.
        #expect(cases[1].steps[0].officers.isEmpty)
        #expect(cases[1].department == "执法大队")
    }

    /// Every kind of problem a JSON case file can have, each reported at its line and JSON path, all
    /// of them in one pass, and nothing imported.
    @Test func everyProblemWithItsPlace() throws {
        let json = """
        [
          {"case_id": "C1", "title": "违法建设现场检查",
           "steps": [
             {"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
              "end": "2026-11-03T09:00:00+08:00", "officers": ["310045"], "full_process": false},
             {"id": "S1", "type": "site_visit", "start": "2026-11-03T11:00:00", "end": "2026-11-03T12:00:00+08:00",
              "officers": []},
             {"id": "", "type": "approval", "start": "2026-11-03T13:00:00+08:00", "end": "2026-11-31T13:30:00+08:00",
              "full_process": "yes", "officers": [42]},
             {"id": "S4", "type": "service_lien", "start": "2026-11-03T14:00:00+08:00", "end": "2026-11-03T14:30:00+08:00"},
             {"id": "S5", "type": "approval", "start": "2026-11-03T15:00:00+08:00", "end": "2026-11-03T15:30:00+08:00",
              "full_process": true, "note": "x"}
           ]},
          {"case_id": "C1", "steps": []},
          {"case_id": " ", "steps": [{"type": "hearing", "start": "2026-11-03T09:30:00+08:00", "end": "2026-11-03T10:30:00+08:00", "officers": ["1"]}]},
          "C3",
          {"case_id": "C4"}
        ]
        """
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(json), format: .json, catalogue: catalogue)
        }
        #expect(failure.errors.places == [
            "end_not_after_start@5:[0].steps[0].end",
            "duplicate_step@6:[0].steps[1].id",
            "unknown_step_type@6:[0].steps[1].type",
            "invalid_time@6:[0].steps[1].start",
            "empty_value@8:[0].steps[2].id",
            "invalid_time@8:[0].steps[2].end",
            "invalid_boolean@9:[0].steps[2].full_process",
            "wrong_type@9:[0].steps[2].officers[0]",
            "missing_officers@10:[0].steps[3].officers",
            "full_process_without_recording@12:[0].steps[4].full_process",
            "unknown_field@12:[0].steps[4].note",
            "duplicate_case@14:[1].case_id",
            "empty_value@15:[2].case_id",
            "missing_field@15:[2].steps[0].id",
            "wrong_type@16:[3]",
            "missing_field@17:[4].steps",
        ])
        // Messages say what is wrong in words a clerk can act on.
        let noOffset = try #require(failure.errors.first { $0.place.field == "[0].steps[1].start" })
        #expect(noOffset.message.contains("no UTC offset"))
        let day = try #require(failure.errors.first { $0.place.field == "[0].steps[2].end" })
        #expect(day.message.contains("has no day 31"))
        let duplicate = try #require(failure.errors.first { $0.kind == .duplicateCase })
        #expect(duplicate.message.contains("line 2"))
        #expect(duplicate.place.column == 15)
    }

    @Test func aSyntaxErrorStopsAtItsPlace() throws {
        let json = "[\n  {\"case_id\": \"C1\",\n   \"steps\": [{\"id\": \"S1\" \"type\": \"x\"}]}\n]"
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(json), format: .json, catalogue: catalogue)
        }
        #expect(failure.errors.count == 1)
        let error = failure.errors[0]
        #expect(error.kind == .syntax)
        #expect(error.place.line == 3)
        #expect(error.place.column == 26)
        #expect(error.place.field == "[0].steps[0]")
        #expect(error.message.contains("after the value of \"id\""))
    }

    @Test func duplicateKeysAndTopLevelShape() throws {
        let json = "{\"case_id\": \"A\", \"case_id\": \"B\", \"steps\": []}"
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(json), format: .json, catalogue: catalogue)
        }
        #expect(failure.errors.places == ["duplicate_field@1:case_id"])
        let number = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes("42"), format: .json, catalogue: catalogue)
        }
        #expect(number.errors.places == ["wrong_type@1:$"])
    }
}
