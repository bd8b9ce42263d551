import Foundation
import Testing
import TestSupport

/// Files made from a stored clip are catalogued with a link to it and the recipe that made them.
@Suite(.serialized)
struct DerivedLinkTests {
    let recgate = RecgateBinary.shared

    @Test func proxyAndSheetOfAStoredClipAreLinkedToIt() throws {
        let temp = try TempDirectory()
        let folder = temp.path("volume/DCIM/100MEDIA")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: try ClipFactory.clip(seconds: 2, width: 320, height: 240, label: "derived-link"),
            to: folder.appendingPathComponent("20261103_093015_A001234_0001.MP4"))
        let home = temp.path("home")
        let offload = try recgate.run(["--home", home.path, "offload", "--volume", temp.path("volume").path, "--json"])
        #expect(offload.status == 0, "\(offload.stderr)")
        let sha = try #require(try Oracle.clips(fromJSON: offload.stdout).first?["sha256"] as? String)

        let proxy = temp.path("proxy.mp4"), sheet = temp.path("sheet.jpg")
        let made = try recgate.run(["--home", home.path, "proxy", sha, "--out", proxy.path, "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try recgate.run(["--home", home.path, "sheet", sha, "--out", sheet.path]).status == 0)

        let digests = try Oracle.openssl("sha256", [proxy, sheet])
        let sql = """
            SELECT d.kind || ' ' || d.sha256 || ' ' || c.sha256 FROM derived d JOIN clip c ON c.id = d.source_clip_id
            ORDER BY d.kind
            """
        let rows = try runChecked("python3", ["-c", """
            import sqlite3, sys
            for (r,) in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(r)
            """, home.appendingPathComponent("catalog.sqlite").path, sql])
        #expect(rows.stdout.split(separator: "\n").map(String.init) == [
            "contact_sheet \(digests[sheet.path] ?? "?") \(sha)",
            "proxy \(digests[proxy.path] ?? "?") \(sha)",
        ])
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }
}
