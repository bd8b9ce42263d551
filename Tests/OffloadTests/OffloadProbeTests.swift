import Foundation
import Testing
import TestSupport

/// Each clip stored by an offload is probed in-process, on the verified copy, and its facts are in the
/// report and the catalog; a clip cut short by a flat battery is still stored, and flagged.
@Suite(.serialized)
struct OffloadProbeTests {
    let recgate = RecgateBinary.shared

    @Test func storedClipsCarryTheirMediaFactsAndACutClipIsKeptAndFlagged() throws {
        let temp = try TempDirectory()
        let folder = temp.path("volume/DCIM/100MEDIA")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let whole = try ClipFactory.clip(seconds: 3, label: "probe-whole")
        let wholeName = "20261103_093015_A001234_0001.MP4"
        try FileManager.default.copyItem(at: whole, to: folder.appendingPathComponent(wholeName))
        // The same kind of clip, cut at 60 % before its index was written (index at the end).
        let cutName = "20261103_094515_A001234_0002.MP4"
        var bytes = try Data(contentsOf: try ClipFactory.clip(seconds: 3, label: "probe-cut"))
        bytes = bytes.prefix(bytes.count * 6 / 10)
        try bytes.write(to: folder.appendingPathComponent(cutName))

        let home = temp.path("home")
        let run = try recgate.run(["--home", home.path, "offload", "--volume", temp.path("volume").path, "--json"])
        #expect(run.status == 0, "a cut clip is stored, not failed: \(run.stderr)")
        let clips = try Oracle.clips(fromJSON: run.stdout)
        let byName = Dictionary(uniqueKeysWithValues: clips.map { (URL(fileURLWithPath: Oracle.text($0["path"])).lastPathComponent, $0) })

        let wholeMedia = try #require(byName[wholeName]?["media"] as? [String: Any])
        #expect(wholeMedia["integrity"] as? String == "ok")
        // ffprobe is the oracle for the duration.
        let probe = try runChecked("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", whole.path])
        let expected = try #require(Double(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let duration = try #require(wholeMedia["duration"] as? Double)
        #expect(abs(duration - expected) < 0.1, "\(duration) vs ffprobe \(expected)")

        #expect(byName[cutName]?["status"] as? String == "stored")
        let cutMedia = try #require(byName[cutName]?["media"] as? [String: Any])
        #expect(cutMedia["integrity"] as? String == "truncated")

        // The catalog holds one facts row per clip, with the same verdicts.
        let sql = "SELECT c.source_name || '=' || m.integrity FROM clip_media m JOIN clip c ON c.id = m.clip_id ORDER BY 1"
        let rows = try runChecked("python3", ["-c", """
            import sqlite3, sys
            for (r,) in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(r)
            """, home.appendingPathComponent("catalog.sqlite").path, sql])
        #expect(rows.stdout.split(separator: "\n").map(String.init) == ["\(wholeName)=ok", "\(cutName)=truncated"])
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }
}
