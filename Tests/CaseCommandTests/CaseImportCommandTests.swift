import Evidence
import Foundation
import Testing
import TestSupport

@Suite("recgate case import, custody import, clock import: all or nothing, every problem with its place")
struct CaseImportCommandTests {
    @Test func aJSONFileWithProblemsImportsNothingAndNamesEachPlace() throws {
        let folder = try TempDirectory(prefix: "recgate-import")
        let recgate = Recgate(home: folder.path("home"))
        let file = try write(BadCaseFiles.json, to: "cases.json", in: folder.url).path
        let result = try recgate.expect(1, ["case", "import", file])
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(file):2:65: [0].steps[0].start: \"2026-11-03T09:30:00\" has no UTC offset (add Z or +08:00)",
            "\(file):3:74: [0].steps[0].full_proces: unknown field \"full_proces\" in a step (known: approver, devices, end, exemption, full_process, handler, id, location, officers, reviewer, start, type)",
            "\(file):4:34: [0].steps[1].type: unknown step type \"teleportation\" (the catalogue has on_site_inspection, random_inspection, investigation, evidence_preservation, sampling, hearing, reconsideration_hearing, interview, service_direct, service_lien, service_public_notice, service_mail, service_entrusted, legal_review, collective_discussion, approval)",
            "\(file):5:21: [0].steps[1].end: the end 2026-11-03T02:00:00Z is not after the start 2026-11-03T03:00:00Z",
            "recgate: \(file): 4 problems; nothing was imported",
        ])
        #expect(try catalogCases(recgate).isEmpty)

        // The same as JSON, for scripts.
        let document = try recgate.object(status: 1, ["case", "import", file])
        #expect(document["imported"] as? Bool == false)
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.map { $0["kind"] as? String } == ["invalid_time", "unknown_field", "unknown_step_type", "end_not_after_start"])
        #expect(errors.map { $0["line"] as? Int } == [2, 3, 4, 5])
        #expect(errors.map { $0["field"] as? String } == ["[0].steps[0].start", "[0].steps[0].full_proces", "[0].steps[1].type", "[0].steps[1].end"])
        #expect(try catalogCases(recgate).isEmpty)
    }

    @Test func aCSVFileWithProblemsImportsNothingAndNamesEachPlace() throws {
        let folder = try TempDirectory(prefix: "recgate-import")
        let recgate = Recgate(home: folder.path("home"))
        let file = try write(BadCaseFiles.csv, to: "cases.csv", in: folder.url).path
        let result = try recgate.expect(1, ["case", "import", file])
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(file):2:89: full_process: \"maybe\" is not a boolean (true, false, 1, 0 or empty)",
            "\(file):3:8: step_id: step \"S1\" is already in this case (line 2)",
            "\(file):4:78: officers: a service_direct step needs audio-visual recording (Art 11(1)) and must name its officers",
            "recgate: \(file): 3 problems; nothing was imported",
        ])
        let document = try recgate.object(status: 1, ["case", "import", file])
        let errors = try #require(document["errors"] as? [[String: Any]])
        #expect(errors.map { $0["kind"] as? String } == ["invalid_boolean", "duplicate_step", "missing_officers"])
        #expect(errors.map { $0["line"] as? Int } == [2, 3, 4])
        #expect(try catalogCases(recgate).isEmpty)
    }

    @Test func importingAgainUpdatesAndKeepsTheHistory() throws {
        let folder = try TempDirectory(prefix: "recgate-import")
        let recgate = Recgate(home: folder.path("home"))
        let step = """
            "steps": [{"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
                       "end": "2026-11-03T10:15:00+08:00", "officers": ["310045"]}]
            """
        let v1 = try write("{\"case_id\": \"CZ-R-1\", \"title\": \"first\", \(step)}", to: "v1.json", in: folder.url).path
        let v2 = try write("[{\"case_id\": \"CZ-R-1\", \"title\": \"second\", \(step)}, {\"case_id\": \"CZ-R-2\", \(step)}]",
                           to: "v2.json", in: folder.url).path

        struct Document: Decodable {
            struct Case: Decodable, Equatable { var case_id: String; var outcome: String; var revision: Int; var steps: Int }
            var imported: Bool
            var cases: [Case]
        }
        let first = try recgate.json(Document.self, ["case", "import", v1])
        #expect(first.imported && first.cases == [.init(case_id: "CZ-R-1", outcome: "created", revision: 1, steps: 1)])
        let second = try recgate.json(Document.self, ["case", "import", v2])
        #expect(second.cases == [.init(case_id: "CZ-R-1", outcome: "updated", revision: 2, steps: 1),
                                 .init(case_id: "CZ-R-2", outcome: "created", revision: 1, steps: 1)])
        let again = try recgate.expect(0, ["case", "import", v2]).stdout
        #expect(again == """
            unchanged CZ-R-1  revision 2, 1 step
            unchanged CZ-R-2  revision 1, 1 step
            \(v2): 2 cases: 0 created, 0 updated, 2 unchanged

            """)

        // The same case as a CSV row is the same case; a new one in the same file is created.
        let csv = try write("""
            case_id,step_id,type,start,end,officers
            CZ-R-2,S1,on_site_inspection,2026-11-03T09:30:00+08:00,2026-11-03T10:15:00+08:00,310045
            CZ-R-3,S1,hearing,2026-11-05T14:00:00+08:00,2026-11-05T15:00:00+08:00,310045;310046

            """, to: "more.csv", in: folder.url).path
        #expect(try recgate.json(Document.self, ["case", "import", csv]).cases
                == [.init(case_id: "CZ-R-2", outcome: "unchanged", revision: 1, steps: 1),
                    .init(case_id: "CZ-R-3", outcome: "created", revision: 1, steps: 1)])

        let catalog = try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.caseIDs() == ["CZ-R-1", "CZ-R-2", "CZ-R-3"])
        let revisions = try catalog.caseRevisions(id: "CZ-R-1")
        #expect(revisions.map(\.revision) == [1, 2])
        #expect(revisions.map(\.source) == ["v1.json", "v2.json"])
        #expect(revisions[0].document.contains("\"title\":\"first\"") && revisions[1].document.contains("\"title\":\"second\""))
        #expect(try catalog.caseFile(id: "CZ-R-1")?.title == "second")
        #expect(try catalog.verifyAudit().isIntact)
    }

    @Test func custodyAndClockFilesAreAllOrNothingToo() throws {
        let folder = try TempDirectory(prefix: "recgate-import")
        let recgate = Recgate(home: folder.path("home"))
        let custody = try write("""
            [{"officer": "310045", "device": "A001234", "from": "2026-11-03T08:00:00+08:00", "to": null},
             {"officer": "310046", "device": "A001234", "from": "2026-11-03T09:00:00+08:00", "to": "2026-11-03T08:00:00+08:00"}]
            """, to: "custody.json", in: folder.url).path
        let custodyResult = try recgate.expect(1, ["custody", "import", custody])
        #expect(custodyResult.stderr.hasPrefix("\(custody):2:88: [1].to: \"to\" 2026-11-03T00:00:00Z is not after \"from\" 2026-11-03T01:00:00Z\n"))

        let clock = try write("""
            [{"device": "A001234", "device_time": "2026-11-03T09:30:15", "gateway_time": "2026-11-03T09:30:00+08:00"},
             {"device": "A001234", "device_time": "03/11/2026 09:30", "gateway_time": "2026-11-03T10:30:00",
              "source": "phone", "clock_sett": true}]
            """, to: "clock.json", in: folder.url).path
        let clockErrors = try recgate.object(status: 1, ["clock", "import", clock])
        let errors = try #require(clockErrors["errors"] as? [[String: Any]])
        #expect(errors.map { $0["kind"] as? String } == ["invalid_time", "invalid_time", "invalid_value", "unknown_field"])
        #expect(errors.map { $0["field"] as? String } == ["[1].device_time", "[1].gateway_time", "[1].source", "[1].clock_sett"])
        #expect(errors.allSatisfy { $0["line"] as? Int == 2 || $0["line"] as? Int == 3 })

        // Nothing of either file was stored.
        let catalog = try Catalog(path: recgate.home.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.custody(from: 0, to: Int64.max / 2).isEmpty)
        #expect(try catalog.clockObservations(deviceSerial: "A001234").isEmpty)

        // A good clock file: stored once however often it is imported.
        let good = try write("""
            [{"device": "A001234", "device_time": "2026-11-03 09:30:15", "gateway_time": "2026-11-03T09:30:00+08:00",
              "source": "dock", "clock_set": true}]
            """, to: "good.json", in: folder.url).path
        #expect(try recgate.expect(0, ["clock", "import", good]).stdout == "\(good): 1 reading, 1 new\n")
        #expect(try recgate.expect(0, ["clock", "import", good]).stdout == "\(good): 1 reading, 0 new\n")
        let rows = try catalog.clockObservations(deviceSerial: "A001234")
        #expect(rows.map(\.deviceTime) == ["2026-11-03T09:30:15"] && rows.map(\.clockSet) == [true] && rows.map(\.source) == ["dock"])

        // By hand: the screen's time in either form; a time with a zone is refused before anything is stored.
        let refused = try recgate.run(["clock", "record", "--device", "A001234", "--device-time", "2026-11-03T09:30:15+08:00"])
        #expect(refused.status == 64 && refused.stderr.contains("not a device time"))
        #expect(try catalog.clockObservations(deviceSerial: "A001234").count == 1)
    }

    func catalogCases(_ recgate: Recgate) throws -> [String] {
        let path = recgate.home.appendingPathComponent("catalog.sqlite")
        guard FileManager.default.fileExists(atPath: path.path) else { return [] }
        return try Catalog(path: path).caseIDs()
    }
}
