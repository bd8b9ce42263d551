import Foundation
import Testing
import TestSupport

/// Input meant to hurt: paths that climb out, upload names that do, a body beyond the limit, broken JSON,
/// misspelt filters and forged cursors. Each gets a clear refusal (never 500), nothing outside the home is
/// read or written, and the daemon keeps serving.
@Suite(.serialized)
struct HostileInputTests {
    @Test func pathsThatClimbOutFindNothing() async throws {
        let scenario = try WebScenario()
        let daemon = try WebDaemon(scenario.home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let attempts = [
            "/api/clips/..%2F..%2Fetc%2Fpasswd/original?reason=x",
            "/api/clips/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd/proxy",
            "/api/clips/%2e%2e%2f%2e%2e%2fcatalog.sqlite",
            "/assets/..%2F..%2FPackage.swift",
            "/assets/%2e%2e/%2e%2e/Package.swift",
            "/assets/%2e%2e%2f%2e%2e%2fPackage.swift",
            "/assets/..%5C..%5CPackage.swift",
            "/assets/dashboard.css%00.swift",
        ]
        for path in attempts {
            let reply = try await http.get(path, as: staff)
            #expect([400, 404].contains(reply.status), "\(path): \(reply)")
            #expect(!reply.text.contains("root:") && !reply.text.contains("PackageDescription") && !reply.text.contains("SQLite format"),
                    "\(path) leaked a file: \(reply.text.prefix(200))")
        }
        // The real asset is there: the refusals above are not of every asset.
        #expect(try await http.get("/assets/dashboard.css").status == 200)
        #expect(try daemon.stop() == 0)
    }

    @Test func uploadNamesWriteNothingOutsideTheHome() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let marker = "recgate-web-\(UUID().uuidString.lowercased())"
        let custody = #"[{"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null}]"#
        let names = ["../../../tmp/\(marker).json", "/tmp/\(marker)-abs.json", "..%2F..%2F\(marker)-enc.json"]
        for (index, name) in names.enumerated() {
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let reply = try await http.send("POST", "/api/cases/import?kind=custody&name=\(encoded)", as: staff,
                                            body: Data(custody.utf8), contentType: "application/json")
            #expect(reply.status == 200, "\(name): \(reply)")
            // The name is only shown back; the first import adds the period, the others find it unchanged.
            #expect(try reply.object()["file"] as? String == name)
            #expect(try reply.object()[index == 0 ? "added" : "unchanged"] as? Int == 1, "\(reply)")
        }
        let outside = try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix(marker) }
        #expect(outside.isEmpty, "\(outside)")
        let inTemp = FileManager.default.enumerator(atPath: home.temp.url.path)?.compactMap { $0 as? String }
            .filter { $0.contains(marker) } ?? []
        #expect(inTemp.isEmpty, "\(inTemp)")
        let uploads = (try? FileManager.default.contentsOfDirectory(atPath: home.home.appendingPathComponent("run/uploads").path)) ?? []
        #expect(uploads.isEmpty, "uploads are removed once read: \(uploads)")
        #expect(try daemon.stop() == 0)
    }

    @Test func anOversizedBodyIsRefusedAndTheDaemonKeepsServing() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let body = Data(repeating: UInt8(ascii: " "), count: (8 << 20) + 1024)
        let reply = try await http.send("POST", "/api/cases/import?kind=case&name=big.json", as: staff, body: body,
                                        contentType: "application/json")
        #expect(reply.status == 413, "\(reply)")
        #expect(try await http.get("/api/me", as: staff).status == 200)
        let legal = try await daemon.login("legal")
        let trail = try await http.get("/api/audit?limit=1000", as: legal)
        #expect(!trail.text.contains("case.imported"), "nothing was imported: \(trail.text.prefix(300))")
        #expect(try daemon.stop() == 0)
    }

    @Test func brokenJSONFiltersAndCursorsAreBadRequests() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        for body in ["{\"name\": \"staff\", \"password\": ", "[1, 2]", "{\"name\": 5, \"password\": true}", "", "\u{0}\u{1}"] {
            let reply = try await http.send("POST", "/api/login", body: Data(body.utf8), contentType: "application/json")
            #expect(reply.status == 400, "\(body.debugDescription): \(reply)")
            #expect((try? reply.object()["error"] as? String) != nil, "\(reply)")
        }
        let notJSON = try await http.send("POST", "/api/login", body: Data("name=staff".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(notJSON.status == 415, "\(notJSON)")

        let staff = try await daemon.login("staff")
        let legal = try await daemon.login("legal")
        let bad: [(String, WebSession)] = [
            ("/api/clips?devise=A001234", staff), ("/api/clips?cursor=not-a-cursor", staff), ("/api/clips?cursor=%FF%FE", staff),
            ("/api/clips?limit=0", staff), ("/api/clips?limit=abc", staff), ("/api/clips?from=yesterday", staff),
            ("/api/clips?sort=size", staff), ("/api/audit?after=-1", legal), ("/api/audit?limit=100000", legal),
            ("/api/report?since=someday", legal), ("/api/cases/import?kind=spreadsheet", staff),
        ]
        for (path, session) in bad {
            let reply: HTTPReply
            if path.hasPrefix("/api/cases/import") {
                reply = try await http.send("POST", path, as: session, body: Data("{}".utf8), contentType: "application/json")
            } else {
                reply = try await http.get(path, as: session)
            }
            #expect(reply.status == 400, "\(path): \(reply)")
        }
        #expect(try await http.get("/api/me", as: staff).status == 200)
        #expect(try daemon.stop() == 0)
    }

    @Test func anotherMethodOnAServedPathIs405WithAllow() async throws {
        let home = try WebHome()
        let daemon = try WebDaemon(home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let cases: [(String, String, String)] = [
            ("PUT", "/api/clips", "GET"), ("DELETE", "/api/clips/some-clip", "GET"), ("OPTIONS", "/api/cases/import", "POST"),
            ("PATCH", "/api/cases/CZ-1", "GET"), ("PUT", "/status", "GET"), ("PUT", "/openapi.json", "GET"),
        ]
        for (method, path, allowed) in cases {
            let reply = try await http.send(method, path, as: staff, body: Data())
            #expect(reply.status == 405, "\(method) \(path): \(reply)")
            #expect(reply.header("Allow") == allowed, "\(method) \(path): \(reply.headers)")
        }
        // A path nothing is served at is still not found, whatever the method.
        #expect(try await http.send("PUT", "/api/nothing-here", as: staff, body: Data()).status == 404)
        #expect(try await http.get("/api/clips/a/b/c/d", as: staff).status == 404)
        #expect(try daemon.stop() == 0)
    }
}
