import Compliance
import Foundation
import Testing

@Suite struct CaseFileCSVTests {
    let catalogue = try! StepCatalogue.builtin()

    @Test func stepsGroupedIntoCasesWithListsAndQuotes() throws {
        // A BOM and CRLF as spreadsheets write them; a quoted title with a comma, a doubled quote and a
        // line break; officers split by ';' and '|'; columns in any order; blank rows skipped.
        let csv = "\u{FEFF}case_id,step_id,type,start,end,officers,devices,full_process,title,department,location\r\n"
            + "C1,S1,on_site_inspection,2026-11-03T09:30:00+08:00,2026-11-03T10:15:00+08:00,310045;310046,,TRUE,\"违法建设, \"\"城东\"\"\n现场\",执法大队,城东路 12 号\r\n"
            + "C1,S2,service_lien,2026-11-03T11:00:00+08:00,2026-11-03T11:20:00+08:00,310045|310047|,A001234,,,,\r\n"
            + ",,,,,,,,,,\r\n"
            + "C2,S1,approval,2026-11-04T09:00:00+08:00,2026-11-04T09:05:00+08:00,,,0,,,\r\n"
        let cases = try CaseFile.parse(Fixtures.bytes(csv), format: .csv, catalogue: catalogue)
        #expect(cases.map(\.caseID) == ["C1", "C2"])
        #expect(cases[0].title == "违法建设, \"城东\"\n现场")
        #expect(cases[0].department == "执法大队")
        #expect(cases[0].steps.map(\.id) == ["S1", "S2"])
        #expect(cases[0].steps[0].officers == ["310045", "310046"])
        #expect(cases[0].steps[0].fullProcess == true)
        #expect(cases[0].steps[0].location == "城东路 12 号")
        #expect(cases[0].steps[1].officers == ["310045", "310047"])
        #expect(cases[0].steps[1].devices == ["A001234"])
        #expect(cases[0].steps[1].fullProcess == nil)
        #expect(cases[1].steps[0].fullProcess == false)
    }

    /// Every kind of problem a CSV case file can have, at its line and column name.
    @Test func everyProblemWithItsPlace() throws {
        let csv = #"""
        case_id,title,step_id,type,start,end,officers,devices,full_process
        C1,违法建设,S1,on_site_inspection,2026-11-03T09:30:00+08:00,2026-11-03T10:15:00+08:00,310045;310046,,false
        C1,另一个标题,S1,hearing,2026-11-03T10:30:00+08:00,2026-11-03T10:00:00+08:00,310045,,maybe
        C2,,S1,random_check,2026-11-03 11:00,2026-11-03T12:00:00+08:00,,,
        C2,,,sampling,2026-11-03T13:00:00+08:00,,310045,,
        C1,,S9,approval,2026-11-03T15:00:00+08:00,2026-11-03T15:30:00+08:00,,,true
        C3,"x, ""quoted""",S1,service_lien,2026-11-03T15:00:00+08:00,2026-11-03T15:30:00+08:00,|,,
        C4,too,few

        """#
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(csv), format: .csv, catalogue: catalogue)
        }
        #expect(failure.errors.places == [
            "conflicting_value@3:title",
            "duplicate_step@3:step_id",
            "end_not_after_start@3:end",
            "invalid_boolean@3:full_process",
            "unknown_step_type@4:type",
            "invalid_time@4:start",
            "empty_value@5:step_id",
            "empty_value@5:end",
            "duplicate_case@6:case_id",
            "full_process_without_recording@6:full_process",
            "missing_officers@7:officers",
            "column_count@8:-",
        ])
        let conflict = try #require(failure.errors.first)
        #expect(conflict.place.column == 4)
        #expect(conflict.message.contains("line 2"))
    }

    @Test func headerProblems() throws {
        let csv = "case_id,step,type,start,end,Type,officers\nC1,S1,hearing,2026-11-03T09:30:00+08:00,2026-11-03T10:30:00+08:00,x,1\n"
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(csv), format: .csv, catalogue: catalogue)
        }
        // A missing column has no column number: it sorts to the start of the line.
        #expect(failure.errors.places == ["missing_column@1:step_id", "unknown_column@1:step", "duplicate_column@1:type"])
        let empty = try #require(throws: ImportFailure.self) { try CaseFile.parse([], format: .csv, catalogue: catalogue) }
        #expect(empty.errors.places == ["missing_column@1:-"])
    }

    @Test func anUnclosedQuoteIsASyntaxErrorWhereTheFieldStarts() throws {
        let csv = "case_id,step_id,type,start,end\nC1,S1,hearing,\"2026-11-03T09:30:00+08:00,2026-11-03T10:30:00+08:00\n"
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes(csv), format: .csv, catalogue: catalogue)
        }
        #expect(failure.errors.first?.kind == .syntax)
        #expect(failure.errors.first?.place.line == 2)
        #expect(failure.errors.first?.place.column == 15)
    }

    @Test func loadPicksTheFormatByExtension() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compliance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvURL = folder.appendingPathComponent("cases.csv")
        try "case_id,step_id,type,start,end\nC1,S1,approval,2026-11-03T09:30:00+08:00,2026-11-03T10:30:00+08:00\n".write(to: csvURL, atomically: true, encoding: .utf8)
        #expect(try CaseFile.load(contentsOf: csvURL, catalogue: catalogue).map(\.caseID) == ["C1"])
        let missing = try #require(throws: ImportFailure.self) {
            try CaseFile.load(contentsOf: folder.appendingPathComponent("none.json"), catalogue: catalogue)
        }
        #expect(missing.errors.map(\.kind) == [.unreadable])
    }
}
