import Foundation
import Testing
import TestSupport

/// A clip's files over HTTP: the original whole and in ranges with its digest in headers (openssl the
/// judge), the proxy streamed in ranges, verification of the stored bytes, and the audit trail of every
/// access with the account and the reason.
@Suite(.serialized)
struct DownloadTests {
    @Test func originalsAndProxiesInWholeAndInRangesAuditedOnce() async throws {
        let scenario = try WebScenario()
        let daemon = try WebDaemon(scenario.home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let id = try scenario.id("A1")
        let source = try Data(contentsOf: try #require(scenario.sources["A1"]))
        let size = source.count
        let sha = try #require(scenario.sha256["A1"])
        let original = "/api/clips/\(id)/original?reason=case%20CZ-W-0001%20review"

        let whole = try await http.get(original, as: staff)
        #expect(whole.status == 200, "\(whole)")
        #expect(whole.header("Content-Length") == String(size))
        #expect(whole.body == source)
        #expect(try opensslSHA256(whole.body, scratch: scenario.home.temp) == sha)
        #expect(whole.header("X-Content-SHA256") == sha)
        #expect(whole.header("Repr-Digest") == "sha-256=:\(Self.base64(hex: sha)):", "\(whole.headers)")
        #expect(whole.header("Accept-Ranges") == "bytes")
        #expect(whole.header("Content-Disposition")?.hasPrefix("attachment") == true)

        let part = try await http.get(original, as: staff, headers: ["Range": "bytes=100-1099"])
        #expect(part.status == 206, "\(part)")
        #expect(part.header("Content-Range") == "bytes 100-1099/\(size)")
        #expect(part.body == source.subdata(in: 100..<1100))
        // The digest in headers is the whole file's, whatever range is sent.
        #expect(part.header("X-Content-SHA256") == sha)

        let suffix = try await http.get(original, as: staff, headers: ["Range": "bytes=-500"])
        #expect(suffix.status == 206 && suffix.header("Content-Range") == "bytes \(size - 500)-\(size - 1)/\(size)", "\(suffix)")
        #expect(suffix.body == source.suffix(500))
        let open = try await http.get(original, as: staff, headers: ["Range": "bytes=\(size - 10)-"])
        #expect(open.status == 206 && open.body == source.suffix(10))

        let beyond = try await http.get(original, as: staff, headers: ["Range": "bytes=\(size)-\(size + 100)"])
        #expect(beyond.status == 416, "\(beyond)")
        #expect(beyond.header("Content-Range") == "bytes */\(size)")

        let noReason = try await http.get("/api/clips/\(id)/original", as: staff)
        #expect(noReason.status == 400, "\(noReason)")
        let blankReason = try await http.get("/api/clips/\(id)/original?reason=%20%20", as: staff)
        #expect(blankReason.status == 400)
        let otherReason = try await http.get("/api/clips/\(id)/original?reason=court%20copy", as: staff, headers: ["Range": "bytes=0-9"])
        #expect(otherReason.status == 206)

        // The proxy recgate made, streamed in ranges like a <video> element asks for it.
        let proxy = try Data(contentsOf: scenario.proxy)
        let proxySHA = try opensslSHA256(proxy, scratch: scenario.home.temp)
        var played = Data()
        var offset = 0
        while offset < proxy.count {
            let end = min(offset + 4095, proxy.count - 1)
            let chunk = try await http.get("/api/clips/\(id)/proxy", as: staff, headers: ["Range": "bytes=\(offset)-\(end)"])
            #expect(chunk.status == 206 && chunk.header("Content-Range") == "bytes \(offset)-\(end)/\(proxy.count)", "\(chunk)")
            #expect(chunk.header("X-Content-SHA256") == proxySHA)
            played += chunk.body
            offset = end + 1
        }
        #expect(played == proxy)
        #expect(try await http.get("/api/clips/\(id)/proxy", as: staff).body == proxy)
        #expect(try await http.get("/api/clips/\(id)/proxy", as: staff, headers: ["Range": "bytes=0-0"]).header("X-Recgate-File-Kind") == "proxy")
        // A faststart copy is what plays when there is no proxy; a clip with neither says so.
        let faststart = try await http.get("/api/clips/\(try scenario.id("A2"))/proxy", as: staff)
        #expect(faststart.status == 200 && faststart.header("X-Recgate-File-Kind") == "faststart", "\(faststart.headers)")
        #expect(faststart.body == (try Data(contentsOf: scenario.faststart)))
        let none = try await http.get("/api/clips/\(try scenario.id("A3"))/proxy", as: staff)
        #expect(none.status == 404, "\(none)")

        let viewed = try await http.get("/api/clips/\(id)", as: staff)
        #expect(viewed.status == 200)
        let verified = try await http.send("POST", "/api/clips/\(id)/verify", as: staff)
        #expect(verified.status == 200, "\(verified)")
        let report = try verified.object()
        #expect(report["ok"] as? Bool == true && report["sha256"] as? String == sha, "\(report)")

        // The legal office reads the trail: each access once, with the account and the reason.
        let legal = try await daemon.login("legal")
        let trail = try await auditEntries(http, as: legal)
        let mine = trail.filter { $0["object"] as? String == "clip:\(id)" && $0["actor"] as? String == "web:staff" }
        let downloads = mine.filter { $0["action"] as? String == "clip.downloaded" }
        #expect(downloads.count == 2, "one per reason: \(downloads)")
        let reasons = Set(downloads.compactMap { Self.detail($0)["reason"] as? String })
        #expect(reasons == ["case CZ-W-0001 review", "court copy"], "\(downloads)")
        let plays = mine.filter { $0["action"] as? String == "clip.played" }
        #expect(plays.count == 1, "a viewing's many range requests make one entry: \(plays)")
        #expect(Self.detail(plays.first ?? [:])["sha256"] as? String == proxySHA)
        #expect(mine.filter { $0["action"] as? String == "clip.viewed" }.count == 1)
        let checks = mine.filter { $0["action"] as? String == "clip.verified" }
        #expect(checks.count == 1 && Self.detail(checks[0])["ok"] as? String == "true", "\(checks)")
        #expect(downloads.allSatisfy { $0["digest"] as? String == sha })

        #expect(try daemon.stop() == 0)
        let chain = try scenario.home.recgate(["audit", "verify"])
        #expect(chain.status == 0, "\(chain.stdout)\(chain.stderr)")
    }

    @Test func aDamagedStoredObjectFailsVerification() async throws {
        let scenario = try WebScenario()
        let sha = try #require(scenario.sha256["A2"])
        let object = try #require(try Self.storedObject(sha, home: scenario.home.home), "no stored object named \(sha)")
        // A bad disk: the read-only object changed in one byte behind the gateway's back.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object.path)
        let handle = try FileHandle(forUpdating: object)
        try handle.seek(toOffset: 200)
        let byte = try #require(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: 200)
        try handle.write(contentsOf: Data([byte ^ 0xFF]))
        try handle.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: object.path)

        let daemon = try WebDaemon(scenario.home)
        let http = try daemon.http
        let staff = try await daemon.login("staff")
        let bad = try await http.send("POST", "/api/clips/\(try scenario.id("A2"))/verify", as: staff)
        #expect(bad.status == 200, "\(bad)")
        let report = try bad.object()
        #expect(report["ok"] as? Bool == false && report["problem"] as? String == "mismatch", "\(report)")
        let good = try await http.send("POST", "/api/clips/\(try scenario.id("A3"))/verify", as: staff)
        #expect(try good.object()["ok"] as? Bool == true)
        let legal = try await daemon.login("legal")
        let entries = try await auditEntries(http, as: legal).filter { $0["action"] as? String == "clip.verified" }
        #expect(entries.map { Self.detail($0)["ok"] as? String } == ["false", "true"], "\(entries)")
        #expect(Self.detail(entries.first ?? [:])["problem"] as? String == "mismatch")
        #expect(try daemon.stop() == 0)
        #expect(try scenario.home.recgate(["verify"]).status != 0, "the CLI agrees the store is damaged")
    }

    /// Every audit entry, page by page (`after`, `next_after`).
    func auditEntries(_ http: HTTPClient, as session: WebSession) async throws -> [[String: Any]] {
        var entries: [[String: Any]] = []
        var after = 0
        while true {
            let page = try await http.get("/api/audit?after=\(after)&limit=50", as: session)
            try #require(page.status == 200, "\(page)")
            let document = try page.object()
            entries += try #require(document["entries"] as? [[String: Any]])
            guard let next = document["next_after"] as? Int else { return entries }
            after = next
        }
    }

    static func detail(_ entry: [String: Any]) -> [String: Any] {
        guard let text = entry["detail"] as? String,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return [:] }
        return object
    }

    static func base64(hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }

    /// The store's file holding `sha256`.
    static func storedObject(_ sha256: String, home: URL) throws -> URL? {
        let objects = home.appendingPathComponent("store/objects")
        let walker = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: nil)
        return walker?.compactMap { $0 as? URL }.first { $0.lastPathComponent.hasPrefix(sha256) }
    }
}
