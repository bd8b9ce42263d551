import Foundation
import Testing
import TestSupport

/// Cases and clips through the API are the command line's documents: the same imports with the same
/// problems and places, the same check, report, search and clip record (the CLI the judge).
@Suite(.serialized)
struct CaseAndClipAPITests {
    static let goodCSV = """
        case_id,step_id,type,start,end,officers
        CZ-W-0002,S1,hearing,2026-11-03T09:40:00+08:00,2026-11-03T09:40:04+08:00,310045

        """

    /// Runs a command for its `--json` document, whatever its exit status (a check with findings exits 1).
    func cli(_ home: WebHome, _ args: [String]) throws -> Any {
        let result = try home.recgate(args + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    func same(_ a: Any, _ b: Any) -> Bool {
        guard let x = a as? NSObject, let y = b as? NSObject else { return false }
        return x.isEqual(y)
    }

    @Test func importsChecksAndTheReportAreTheCommandLinesDocuments() async throws {
        let scenario = try WebScenario()
        let home = scenario.home
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let legal = try await daemon.login("legal")

        for (text, name) in [(BadCaseFiles.json, "cases.json"), (BadCaseFiles.csv, "cases.csv")] {
            let file = try scenario.write(text, name)
            var expected = try #require(try cli(home, ["case", "import", file.path]) as? [String: Any])
            #expect(expected["file"] as? String == file.path)
            let reply = try await http.send("POST", "/api/cases/import?kind=case&name=\(name)", as: staff, body: Data(text.utf8),
                                            contentType: "application/octet-stream")
            #expect(reply.status == 422, "\(reply)")
            let answer = try reply.object()
            #expect(answer["file"] as? String == name)
            expected["file"] = name
            #expect(same(answer, expected), "API: \(answer)\nCLI: \(expected)")
            #expect((answer["errors"] as? [Any])?.count == (name.hasSuffix(".csv") ? 3 : 4))
        }

        let good = try await http.send("POST", "/api/cases/import?kind=case&name=more.csv", as: staff, body: Data(Self.goodCSV.utf8))
        #expect(good.status == 200, "\(good)")
        let cases = try #require(try good.object()["cases"] as? [[String: Any]])
        #expect(cases.first?["case_id"] as? String == "CZ-W-0002" && cases.first?["outcome"] as? String == "created", "\(cases)")

        let list = try await http.get("/api/cases", as: legal)
        #expect(list.status == 200)
        let ids = try #require(try list.json() as? [[String: Any]]).compactMap { $0["case_id"] as? String }
        #expect(Set(ids) == [WebScenario.caseID, "CZ-W-0002"], "\(ids)")

        for id in [WebScenario.caseID, "CZ-W-0002"] {
            let checked = try await http.get("/api/cases/\(id)", as: legal)
            #expect(checked.status == 200, "\(checked)")
            let expected = try cli(home, ["case", "check", id])
            #expect(same(try checked.json(), expected), "API: \(checked.text)\nCLI: \(expected)")
        }
        #expect(try await http.get("/api/cases/CZ-NONE", as: legal).status == 404)

        // The report's generation time is the only field that differs between two runs.
        let report = try await http.get("/api/report", as: legal)
        #expect(report.status == 200, "\(report)")
        var answer = try report.object()
        var expected = try #require(try cli(home, ["case", "report"]) as? [String: Any])
        #expect(answer["generated_at"] is String && expected["generated_at"] is String)
        answer["generated_at"] = nil
        expected["generated_at"] = nil
        #expect(same(answer, expected), "API: \(answer)\nCLI: \(expected)")
        let since = try await http.get("/api/report?since=2026-11-01", as: legal)
        var sinceAnswer = try since.object()
        var sinceExpected = try #require(try cli(home, ["case", "report", "--since", "2026-11-01"]) as? [String: Any])
        sinceAnswer["generated_at"] = nil
        sinceExpected["generated_at"] = nil
        #expect(same(sinceAnswer, sinceExpected), "API: \(sinceAnswer)\nCLI: \(sinceExpected)")
        #expect(try daemon.stop() == 0)
    }

    @Test func clipSearchPagesAndRecordsAreTheCommandLinesDocuments() async throws {
        let scenario = try WebScenario()
        let home = scenario.home
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")

        let page = try await http.get("/api/clips?device=\(WebScenario.serial)", as: staff)
        #expect(page.status == 200, "\(page)")
        let clips = try #require(try page.object()["clips"] as? [[String: Any]])
        var listed: [String: String] = [:]
        for clip in clips { listed[clip["id"] as? String ?? ""] = clip["sha256"] as? String }
        let truth = Dictionary(uniqueKeysWithValues: try scenario.ids.map { name, id in (id, try #require(scenario.sha256[name])) })
        #expect(listed == truth, "the offloaded clips with openssl's digests")
        #expect(same(try page.json(), try cli(home, ["clips", "--device", WebScenario.serial])))
        #expect(try await http.get("/api/clips?device=Z999999", as: staff).object()["clips"] as? [Any] != nil)
        #expect((try await http.get("/api/clips?device=Z999999", as: staff).object()["clips"] as? [Any])?.isEmpty == true)

        // Pages of two visit each clip once.
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            var path = "/api/clips?device=\(WebScenario.serial)&limit=2"
            if let cursor { path += "&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            let reply = try await http.get(path, as: staff)
            try #require(reply.status == 200, "\(reply)")
            let document = try reply.object()
            let ids = try #require(document["clips"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(ids.count <= 2)
            seen += ids
            cursor = document["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen.count == Set(seen).count && Set(seen) == Set(truth.keys), "\(seen)")
        #expect(pages == 2)

        // One clip's record is `recgate clip show`'s, but for the audit trail, which the API's reading grows.
        let id = try scenario.id("A1")
        let detail = try await http.get("/api/clips/\(id)", as: staff)
        #expect(detail.status == 200)
        var answer = try detail.object()
        var expected = try #require(try cli(home, ["clip", "show", id]) as? [String: Any])
        let answerAudit = try #require(answer["audit"] as? [[String: Any]])
        let cliAudit = try #require(expected["audit"] as? [[String: Any]])
        #expect(answerAudit.contains { $0["action"] as? String == "clip.viewed" && $0["actor"] as? String == "web:staff" },
                "the reading is in the record it answers: \(answerAudit)")
        // The command line reads the trail after the API did: it holds every entry the API answered.
        let answered = answerAudit.map { $0["seq"] as? Int ?? -1 }
        let read = Set(cliAudit.map { $0["seq"] as? Int ?? -2 })
        #expect(!answered.isEmpty && answered.allSatisfy(read.contains), "API: \(answerAudit)\nCLI: \(cliAudit)")
        answer["audit"] = nil
        expected["audit"] = nil
        #expect(same(answer, expected), "API: \(answer)\nCLI: \(expected)")
        #expect(try await http.get("/api/clips/no-such-clip", as: staff).status == 404)
        #expect(try daemon.stop() == 0)
    }
}
