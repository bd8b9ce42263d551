import DeviceKit
import Foundation
import Testing
import TestSupport

/// A home with recordings to review, filled through the `recgate` binary: one recorder's card (the
/// officer-datetime profile, `RECORD/310045_20261103103050.MP4`, the serial in `DEVICE.TXT`) offloaded,
/// its clock read right at a dock, its custody and a case imported, a review proxy of one clip made with
/// `recgate proxy`. Built once and shared (each test starts its own daemon on it, one at a time).
///
/// A001234 (officer 310045), China Standard Time, 2026-11-03: A1 09:29:50 20 s, A2 10:30:50 40 s,
/// A3 10:32:30 40 s. Step S2 of case CZ-B-0001 runs 10:30:50–10:33:10: A2 and A3 leave 10:31:30–10:32:30
/// uncovered; step S1 (09:29:50–09:30:10) is covered whole by A1.
final class ReviewHome: Sendable {
    static let caseID = "CZ-B-0001"
    static let serial = "A001234"
    static let officer = "310045"
    static let clips: [(name: String, start: LocalTimestamp, seconds: Int)] = [
        ("A1", at(9, 29, 50), 20), ("A2", at(10, 30, 50), 40), ("A3", at(10, 32, 30), 40),
    ]

    static let clockFile = """
        [{"device": "A001234", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"}]
        """
    static let custodyFile = """
        [{"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null}]
        """
    static let caseFile = """
        [{"case_id": "CZ-B-0001", "title": "浏览器测试", "department": "一中队",
          "steps": [
            {"id": "S1", "type": "random_inspection", "start": "2026-11-03T09:29:50+08:00",
             "end": "2026-11-03T09:30:10+08:00", "officers": ["310045"]},
            {"id": "S2", "type": "evidence_preservation", "start": "2026-11-03T10:30:50+08:00",
             "end": "2026-11-03T10:33:10+08:00", "officers": ["310045"]}
          ]}]
        """

    /// Where the home and its inputs live (the accounts are added once, when it is built).
    let temp: TempDirectory
    let home: URL
    /// Clip ids by name.
    let ids: [String: String]
    /// The proxy of A2: its file, and its duration and picture size as ffprobe reads them.
    let proxy: URL
    let proxyDuration: Double
    let proxySize: (width: Int, height: Int)

    static let shared = Result { try ReviewHome() }

    /// A dashboard on this home, for one test's daemon.
    func dashboardHome() throws -> DashboardHome { try DashboardHome(home: home, addAccounts: false) }
    static func get() throws -> ReviewHome { try shared.get() }

    private init() throws {
        let dashboard = try DashboardHome()
        temp = dashboard.temp
        home = dashboard.home
        let card = dashboard.temp.path("card")
        var names: [String: String] = [:]
        try FileManager.default.createDirectory(at: card.appendingPathComponent("RECORD"), withIntermediateDirectories: true)
        try Data("SN: \(Self.serial)\nMODEL: DSJ-TEST\nOFFICER: \(Self.officer)\n".utf8)
            .write(to: card.appendingPathComponent("DEVICE.TXT"))
        let utc = TimeZone(identifier: "UTC")!
        for clip in Self.clips {
            let path = "RECORD/\(Self.officer)_\(Self.digits(clip.start)).MP4"
            let source = try ClipFactory.clip(seconds: Double(clip.seconds), label: "browser-\(clip.name)")
            let target = card.appendingPathComponent(path)
            try FileManager.default.copyItem(at: source, to: target)
            // The file's time is the device's wall clock at the end, as vfat mounted with tz=UTC shows it.
            var end = clip.start.instant(in: utc)!.addingTimeInterval(TimeInterval(clip.seconds)).timeIntervalSince1970
            end -= end.truncatingRemainder(dividingBy: 2)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: end)], ofItemAtPath: target.path)
            names[path] = clip.name
        }
        let report = try JSONSerialization.jsonObject(with: Data(try dashboard.recgate(["offload", "--volume", card.path, "--json"]).stdout.utf8))
        let stored = try #require((report as? [String: Any])?["clips"] as? [[String: Any]])
        var shaByName: [String: String] = [:]
        for clip in stored {
            let name = try #require(names[clip["path"] as? String ?? ""], "\(clip)")
            shaByName[name] = try #require(clip["sha256"] as? String)
        }
        try #require(shaByName.count == Self.clips.count, "\(report)")
        for (text, name) in [(Self.clockFile, "clock.json"), (Self.custodyFile, "custody.json"), (Self.caseFile, "case.json")] {
            let file = dashboard.temp.path(name)
            try Data(text.utf8).write(to: file)
            let command = name == "clock.json" ? "clock" : name == "custody.json" ? "custody" : "case"
            try dashboard.recgate([command, "import", file.path])
        }
        var ids: [String: String] = [:]
        for (name, sha) in shaByName {
            let shown = try JSONSerialization.jsonObject(with: Data(try dashboard.recgate(["clip", "show", sha, "--json"]).stdout.utf8))
            ids[name] = try #require(((shown as? [String: Any])?["clip"] as? [String: Any])?["id"] as? String, "\(shown)")
        }
        self.ids = ids
        proxy = dashboard.temp.path("A2-proxy.mp4")
        try dashboard.recgate(["proxy", shaByName["A2"]!, "--out", proxy.path])
        let probe = try runChecked("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:format=duration",
                                               "-of", "json", proxy.path]).stdout
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(probe.utf8)) as? [String: Any])
        let stream = try #require((facts["streams"] as? [[String: Any]])?.first)
        proxyDuration = try #require(Double((facts["format"] as? [String: Any])?["duration"] as? String ?? ""))
        proxySize = (try #require(stream["width"] as? Int), try #require(stream["height"] as? Int))
    }

    /// The case check's own document (`recgate case check ID --json`): each step's uncovered stretches.
    func uncovered() throws -> [String: [[String: Any]]] {
        let result = try run(try PackageRoot.recgate(), ["--home", home.path, "case", "check", Self.caseID, "--json"],
                             environment: DashboardHome.withoutPreload)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                    "\(result.stdout)\(result.stderr)")
        let cases = document["cases"] as? [[String: Any]] ?? [document]
        let steps = try #require(cases.first?["steps"] as? [[String: Any]], "\(document)")
        var gaps: [String: [[String: Any]]] = [:]
        for step in steps {
            let id = try #require(step["step_id"] as? String ?? step["id"] as? String, "\(step)")
            gaps[id] = (step["coverage"] as? [String: Any])?["uncovered"] as? [[String: Any]] ?? []
        }
        return gaps
    }

    static func at(_ hour: Int, _ minute: Int, _ second: Int) -> LocalTimestamp {
        LocalTimestamp(year: 2026, month: 11, day: 3, hour: hour, minute: minute, second: second)
    }

    /// `20261103103050`.
    static func digits(_ t: LocalTimestamp) -> String {
        String(format: "%04d%02d%02d%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second)
    }
}
