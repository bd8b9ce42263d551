import DeviceKit
import Foundation
import Testing
import TestSupport

/// A home filled through the real paths: a recorder's card (a plain folder of generated H.264/AAC clips,
/// named as the officer-datetime profile reads them, the serial in `DEVICE.TXT`) offloaded by `recgate
/// offload`, a review proxy made by `recgate proxy`, and clock readings, custody and a case imported by
/// the command line. Each test makes its own (a daemon holds its home).
struct WebScenario {
    static let serial = "A001234"
    static let officer = "310045"
    static let caseID = "CZ-W-0001"

    /// Clip names and their device-clock starts (China Standard Time digits), each 4 s long.
    static let clips: [(name: String, start: LocalTimestamp)] = [
        ("A1", .init(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 0)),
        ("A2", .init(year: 2026, month: 11, day: 3, hour: 9, minute: 40, second: 0)),
        ("A3", .init(year: 2026, month: 11, day: 3, hour: 9, minute: 50, second: 0)),
    ]

    static let clockFile = """
        [{"device": "A001234", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"}]
        """
    static let custodyFile = """
        [{"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null}]
        """
    static let caseFile = """
        [{"case_id": "CZ-W-0001", "title": "网页测试", "department": "一中队",
          "steps": [
            {"id": "S1", "type": "on_site_inspection", "start": "2026-11-03T09:30:00+08:00",
             "end": "2026-11-03T09:30:04+08:00", "officers": ["310045"]},
            {"id": "S2", "type": "evidence_preservation", "start": "2026-11-03T11:00:00+08:00",
             "end": "2026-11-03T11:05:00+08:00", "officers": ["310045"]}
          ]}]
        """

    let home: WebHome
    /// Clip ids, SHA-256 (openssl's) and the original bytes outside the home, by name.
    let ids: [String: String]
    let sha256: [String: String]
    let sources: [String: URL]
    /// The review proxy of A1 and the faststart copy of A2 (outside the store, linked to their clips in the
    /// catalog); A3 has neither.
    let proxy: URL
    let faststart: URL

    /// `proxy_policy` is `none`: the daemon derives nothing by itself, so the catalog's derived files are the
    /// ones made here and the documents compared stay the same while a test runs.
    init(settings: [String: Any] = [:]) throws {
        home = try WebHome(settings: settings.merging(["proxy_policy": "none"]) { mine, _ in mine })
        let card = home.temp.path("card")
        let utc = TimeZone(identifier: "UTC")!
        try FileManager.default.createDirectory(at: card.appendingPathComponent("RECORD"), withIntermediateDirectories: true)
        try Data("SN: \(Self.serial)\nMODEL: DSJ-TEST\nOFFICER: \(Self.officer)\n".utf8)
            .write(to: card.appendingPathComponent("DEVICE.TXT"))
        var pathToName: [String: String] = [:]
        var sources: [String: URL] = [:]
        for clip in Self.clips {
            let source = try ClipFactory.clip(seconds: 4, label: "web-\(Self.serial)-\(clip.name)")
            let path = "RECORD/\(Self.officer)_\(Self.digits(clip.start)).MP4"
            let target = card.appendingPathComponent(path)
            try FileManager.default.copyItem(at: source, to: target)
            // The recorder stamps the end, as its wall-clock digits read as UTC; FAT keeps 2 s.
            var end = clip.start.instant(in: utc)!.addingTimeInterval(4).timeIntervalSince1970
            end -= end.truncatingRemainder(dividingBy: 2)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: end)], ofItemAtPath: target.path)
            pathToName[path] = clip.name
            sources[clip.name] = source
        }
        self.sources = sources
        var sha256: [String: String] = [:]
        for (name, source) in sources {
            let line = try runChecked("openssl", ["dgst", "-sha256", "-r", source.path]).stdout
            sha256[name] = String(line.prefix(64))
        }
        self.sha256 = sha256

        let report = try #require(try home.document(["offload", "--volume", card.path]) as? [String: Any])
        let stored = try #require(report["clips"] as? [[String: Any]])
        try #require(stored.count == Self.clips.count && stored.allSatisfy { $0["status"] as? String == "stored" }, "\(stored)")
        for clip in stored {
            let name = try #require(pathToName[clip["path"] as? String ?? ""])
            try #require(clip["sha256"] as? String == sha256[name], "the offload's digest of \(name) differs from openssl's")
        }
        let page = try #require(try home.document(["clips", "--device", Self.serial]) as? [String: Any])
        let listed = try #require(page["clips"] as? [[String: Any]])
        var ids: [String: String] = [:]
        for clip in listed {
            guard let name = sha256.first(where: { $0.value == clip["sha256"] as? String })?.key else { continue }
            ids[name] = clip["id"] as? String
        }
        try #require(ids.count == Self.clips.count, "\(listed)")
        self.ids = ids

        proxy = home.temp.path("A1-proxy.mp4")
        try home.expect(0, ["proxy", try #require(sha256["A1"]), "--out", proxy.path, "--height", "60"])
        faststart = home.temp.path("A2-faststart.mp4")
        try home.expect(0, ["faststart", try #require(sha256["A2"]), "--out", faststart.path, "--always"])
        try home.expect(0, ["clock", "import", try write(Self.clockFile, "clock.json").path])
        try home.expect(0, ["custody", "import", try write(Self.custodyFile, "custody.json").path])
        try home.expect(0, ["case", "import", try write(Self.caseFile, "case.json").path])
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let url = home.temp.path(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func id(_ name: String) throws -> String { try #require(ids[name]) }

    /// `20261103093015`.
    static func digits(_ t: LocalTimestamp) -> String {
        String(format: "%04d%02d%02d%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second)
    }
}

/// openssl's SHA-256 of bytes, as hex.
func opensslSHA256(_ data: Data, scratch: TempDirectory) throws -> String {
    let file = scratch.path("digest-\(UUID().uuidString)")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return String(try runChecked("openssl", ["dgst", "-sha256", "-r", file.path]).stdout.prefix(64))
}
