import DeviceKit
import Evidence
import Foundation
import Testing
import TestSupport

/// One home filled through `recgate offload` from three recorders' cards (generated clips, the
/// officer-datetime profile: `RECORD/310045_20261103093000.MP4`, the serial in `DEVICE.TXT`), with clock
/// readings, custody and a case imported. Built once, shared by the tests that only read it.
///
/// True times (China Standard Time, 2026-11-03):
/// - A001234 (officer 310045), clock right (a dock reading, offset 0): #1 09:29:50 80 s, #2 10:30:50 40 s,
///   #3 10:32:30 40 s.
/// - B002345 (officer 310046), ten minutes fast (readings +600 s before and after): #1 stamped 10:10:00,
///   recorded 10:00:00–10:00:20; #2 stamped 10:20:00, recorded 10:10:00–10:10:20.
/// - C003456 (officer 310047), clock never read: #1 10:05:00 20 s (its device time stands), offloaded again
///   with --release (released); #2 10:40:00, cut short by a flat battery (truncated); #3 a photo at 10:45:00.
/// - D004567 (officer 310048), clock never read: #1 10:10:00 20 s, the same start as B#2 once corrected (a
///   tie, ordered by id).
/// - E005678 (officer 310049), read right at 08:00, reset (battery pulled) at 10:40: #1 stamped 2000-01-01
///   09:30:00 was recorded at 10:50:00; the 18:00 dock read it showing 2000-01-01 16:40:00.
///
/// Newest first by corrected start: E#1, C#3, C#2, A#3, A#2, B#2 and D#1, C#1, B#1, A#1. By device time B#1
/// (10:10) would come before C#1 (10:05): the order shows the correction.
final class ClipScenario: Sendable {
    static let caseID = "CZ-S-0001"

    let folder: URL
    let home: URL
    /// Clip ids by name: `A1`, `B2`, `C3`, ...
    let ids: [String: String]

    static let shared = Result { try ClipScenario() }
    static func get() throws -> ClipScenario { try shared.get() }

    static let cards = [
        RecorderCard(serial: "A001234", officer: "310045", clips: [
            .init(name: "A1", start: at("09:29:50"), seconds: 80), .init(name: "A2", start: at("10:30:50"), seconds: 40),
            .init(name: "A3", start: at("10:32:30"), seconds: 40),
        ]),
        RecorderCard(serial: "B002345", officer: "310046", clips: [
            .init(name: "B1", start: at("10:10:00"), seconds: 20), .init(name: "B2", start: at("10:20:00"), seconds: 20),
        ]),
        RecorderCard(serial: "C003456", officer: "310047", clips: [
            .init(name: "C1", start: at("10:05:00"), seconds: 20),
            .init(name: "C2", start: at("10:40:00"), seconds: 20, cut: true),
            .init(name: "C3", start: at("10:45:00"), seconds: 0, kind: .photo),
        ]),
        RecorderCard(serial: "D004567", officer: "310048", clips: [.init(name: "D1", start: at("10:10:00"), seconds: 20)]),
        RecorderCard(serial: "E005678", officer: "310049", clips: [
            .init(name: "E1", start: LocalTimestamp(year: 2000, month: 1, day: 1, hour: 9, minute: 30, second: 0), seconds: 20),
        ]),
    ]

    /// Names newest first by corrected start, B#2 and D#1 (the same start) by id, the greater first.
    var newestFirst: [String] {
        let tie = ["B2", "D1"].sorted { ids[$0]! > ids[$1]! }
        return ["E1", "C3", "C2", "A3", "A2"] + tie + ["C1", "B1", "A1"]
    }

    static let clockFile = """
        [{"device": "A001234", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "B002345", "device_time": "2026-11-03T08:10:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "B002345", "device_time": "2026-11-03T18:10:00", "gateway_time": "2026-11-03T18:00:00+08:00", "source": "dock"},
         {"device": "E005678", "device_time": "2026-11-03T08:00:00", "gateway_time": "2026-11-03T08:00:00+08:00", "source": "dock"},
         {"device": "E005678", "device_time": "2000-01-01T16:40:00", "gateway_time": "2026-11-03T18:00:00+08:00", "source": "dock"}]
        """

    static let custodyFile = """
        [{"officer": "310046", "device": "B002345", "from": "2026-11-03T07:00:00+08:00", "to": "2026-11-03T12:00:00+08:00"},
         {"officer": "310045", "device": "A001234", "from": "2026-11-03T07:00:00+08:00", "to": null}]
        """

    /// S1 is recorded only by B#1 once corrected (B's officer carried it); S2 by A#2 and A#3.
    static let caseFile = """
        [{"case_id": "CZ-S-0001", "title": "检索测试", "department": "一中队",
          "steps": [
            {"id": "S1", "type": "random_inspection", "start": "2026-11-03T10:00:00+08:00",
             "end": "2026-11-03T10:00:20+08:00", "officers": ["310046"]},
            {"id": "S2", "type": "evidence_preservation", "start": "2026-11-03T10:30:50+08:00",
             "end": "2026-11-03T10:33:10+08:00", "officers": ["310045"]}
          ]}]
        """

    private init() throws {
        folder = try PackageRoot.fixtures().appendingPathComponent("clip-search-scenario")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        home = folder.appendingPathComponent("home")
        let recgate = Recgate(home: home)
        var shaByName: [String: String] = [:]
        for card in Self.cards {
            let volume = folder.appendingPathComponent("card-\(card.serial)")
            let paths = try card.write(into: volume)
            let report = try recgate.object(["offload", "--volume", volume.path])
            let clips = try #require(report["clips"] as? [[String: Any]])
            for clip in clips {
                try #require(clip["status"] as? String == "stored", "\(clip)")
                let path = try #require(clip["path"] as? String)
                let name = try #require(paths[path], "\(path) is not one of the card's")
                shaByName[name] = try #require(clip["sha256"] as? String)
            }
        }
        // C's first clip is released: offloaded again with --release after the others are gone from the card.
        let c = folder.appendingPathComponent("card-C003456")
        for other in ["C2", "C3"] {
            let path = try #require(Self.cards[2].paths[other])
            try FileManager.default.removeItem(at: c.appendingPathComponent(path))
        }
        try recgate.expect(0, ["offload", "--volume", c.path, "--release"])

        let catalog = try Catalog(path: home.appendingPathComponent("catalog.sqlite"))
        ids = try shaByName.mapValues { try #require(try catalog.clip(sha256: $0)).id }
        try recgate.expect(0, ["clock", "import", try write(Self.clockFile, to: "clock.json", in: folder).path])
        try recgate.expect(0, ["custody", "import", try write(Self.custodyFile, to: "custody.json", in: folder).path])
        try recgate.expect(0, ["case", "import", try write(Self.caseFile, to: "case.json", in: folder).path])
    }

    var recgate: Recgate { Recgate(home: home) }

    /// The ids of clips by name, in the order given.
    func ids(_ names: [String]) -> [String] { names.map { ids[$0]! } }

    static func at(_ time: String) -> LocalTimestamp {
        let p = time.split(separator: ":").map { Int($0)! }
        return LocalTimestamp(year: 2026, month: 11, day: 3, hour: p[0], minute: p[1], second: p[2])
    }
}

/// A recorder's card as a plain folder, as the officer-datetime profile reads it: each clip in `RECORD/`
/// named by officer and device-clock start, the file's time the device's wall clock at its end (read as
/// UTC digits, as vfat mounted with `tz=UTC` shows it), the serial and officer in `DEVICE.TXT`.
struct RecorderCard {
    struct Clip {
        var name: String
        var start: LocalTimestamp
        var seconds: Int
        /// Cut at 60 % before its index was written: the prober calls it truncated.
        var cut = false
        var kind: RecordingKind = .video
    }

    let serial: String
    let officer: String
    let clips: [Clip]

    /// Each clip's path on the card, by name.
    var paths: [String: String] {
        Dictionary(uniqueKeysWithValues: clips.map { clip in
            let ext = clip.kind == .photo ? "JPG" : "MP4"
            return (clip.name, "RECORD/\(officer)_\(Self.digits(clip.start)).\(ext)")
        })
    }

    /// Writes the card; returns clip names by path.
    func write(into folder: URL) throws -> [String: String] {
        let utc = TimeZone(identifier: "UTC")!
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("RECORD"), withIntermediateDirectories: true)
        try Data("SN: \(serial)\nMODEL: DSJ-TEST\nOFFICER: \(officer)\n".utf8).write(to: folder.appendingPathComponent("DEVICE.TXT"))
        let paths = self.paths
        for clip in clips {
            let source = clip.kind == .photo ? try ClipFactory.photo(label: "\(serial)-\(clip.name)")
                : try ClipFactory.clip(seconds: Double(clip.seconds), label: "\(serial)-\(clip.name)")
            var bytes = try Data(contentsOf: source)
            if clip.cut { bytes = bytes.prefix(bytes.count * 6 / 10) }
            let target = folder.appendingPathComponent(paths[clip.name]!)
            try bytes.write(to: target)
            var end = clip.start.instant(in: utc)!.addingTimeInterval(TimeInterval(clip.seconds)).timeIntervalSince1970
            end -= end.truncatingRemainder(dividingBy: 2)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: end)], ofItemAtPath: target.path)
        }
        return Dictionary(uniqueKeysWithValues: paths.map { ($1, $0) })
    }

    /// `20261103093015`.
    static func digits(_ t: LocalTimestamp) -> String {
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(t.year, 4))\(pad(t.month, 2))\(pad(t.day, 2))\(pad(t.hour, 2))\(pad(t.minute, 2))\(pad(t.second, 2))"
    }
}

/// The `recgate` binary on one home.
struct Recgate {
    static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path

    let home: URL

    @discardableResult
    func run(_ args: [String]) throws -> ProcessOutput {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
        return try TestSupport.run(Self.binary, ["--home", home.path] + args)
    }

    /// Runs it and requires exit status `status`.
    @discardableResult
    func expect(_ status: Int32, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let result = try run(args)
        try #require(result.status == status,
                     "recgate \(args.joined(separator: " ")) exited \(result.status), not \(status): \(result.stderr)\(result.stdout)",
                     sourceLocation: sourceLocation)
        return result
    }

    func object(status: Int32 = 0, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try expect(status, args + ["--json"], sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                            sourceLocation: sourceLocation)
    }
}

func write(_ text: String, to name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}
