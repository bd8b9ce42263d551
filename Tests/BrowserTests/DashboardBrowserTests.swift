import Foundation
import Testing
import TestSupport
@testable import Dashboard

/// The dashboard as people use it: headless Chromium (Debian's, driven by selenium from
/// `Scripts/dashboard.py`) against a real `recgate serve` on loopback, signed in through the form with
/// accounts made by `recgate user add`. The script prints one JSON line per check; each must hold, and the
/// script must exit 0. Screenshots are kept in `.build/artifacts/dashboard/`.
@Suite(.serialized, .enabled(if: BrowserScript.available, "needs .build/pyenv (make pyenv), chromium and chromedriver"))
struct DashboardBrowserTests {
    static func text(_ string: Strings, _ language: Language = .zh) -> String { string.text(language) }

    /// A keeper signs in through the form and lands on the bay grid. A recorder's card (FAT32, fusefat) is
    /// mounted under the watched folder while the page is open; its offload is caught inside a read of a
    /// recording (its fusefat stopped, as seen in /proc), so the browser certainly sees the card offloading
    /// with its progress; let go, the card shows offloaded. The page is never reloaded (a marker on
    /// `window` survives): every change came from the server-sent events. Volumes mounted by hand have no
    /// USB device and so no bay (VolumeOrigin): the card appears among the devices outside the bays.
    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
    func theBayGridFollowsAnOffloadWithoutAReload() async throws {
        let setup = try DashboardHome()
        let card = try BrowserCard(setup.temp, serial: "A001234", count: 3, size: 12 << 20)
        // The daemon stops itself once its first recording is staged (the offload's own checkpoint), so the
        // test can stop the card's driver there: the offload then waits in the card with one recording done.
        try setup.startDaemon(environment: [
            "RECGATE_TEST_CHECKPOINTS": setup.temp.path("checkpoints.log").path, "RECGATE_TEST_STOP_AT": "staged:1",
        ])
        let slot = setup.watched.appendingPathComponent("card")
        let source = "volume:\(slot.path)"
        let script = try BrowserScript(setup.plan("live", [
            "marker": UUID().uuidString, "source": source, "serial": card.serial, "total_bytes": Int(card.totalBytes),
            "bytes_text": "\(Quantity.bytes(card.totalBytes)) / \(Quantity.bytes(card.totalBytes))",
            "labels": ["offloading": Self.text(.stateOffloading), "offloaded": Self.text(.stateOffloaded)],
        ]))
        try #require(script.waitFor(event: "ready"), "the page never got ready: \(script.process.stdout())\(script.process.stderr())")

        // The card docks; its offload is held inside a read of one of its recordings.
        let mount = try card.image.mount(at: slot)
        defer {
            kill(mount.daemonID, SIGCONT)
            try? mount.unmount()
        }
        let daemon = try #require(setup.daemon)
        #expect(try daemon.waitUntilStopped(), "the daemon never reached its first staged recording: \(daemon.stderr())")
        kill(mount.daemonID, SIGSTOP)
        kill(daemon.pid, SIGCONT)
        var held: [String: Any] = [:]
        var done: Int64 = 0
        let deadline = Date().addingTimeInterval(120)
        while done == 0 && Date() < deadline {
            held = try await setup.status()
            let session = (held["sessions"] as? [[String: Any]])?.first { $0["device"] as? String == source }
            done = (session?["bytes_done"] as? NSNumber)?.int64Value ?? 0
            if done == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(done > 0 && done < card.totalBytes, "never held with some bytes read: \(held)")
        let device = (held["devices"] as? [[String: Any]])?.first { $0["source"] as? String == source }
        #expect(device?["state"] as? String == "offloading", "\(held)")

        // The browser sees it held, then it is let go.
        let seen = script.waitFor(event: "progress-seen")
        kill(mount.daemonID, SIGCONT)
        #expect(seen, "the browser never saw the offload's progress: \(script.process.stdout())")
        try script.finish(expecting: ["keeper lands on the bay grid", "the event stream is open",
                                      "the card shows its progress while held", "the card names its device",
                                      "the card shows offloaded", "the page was never reloaded"])
        let finished = try await setup.status()
        let session = (finished["sessions"] as? [[String: Any]])?.first { $0["device"] as? String == source }
        #expect(session?["state"] as? String == "completed" && session?["stored"] as? Int == 3,
                "\(finished)\nthe daemon's log:\n\(daemon.stderr().suffix(6000))\nthreads:\n\(Self.threadStates(daemon.pid))")
        #expect(try setup.stopDaemon() == 0)
    }

    /// Evidence staff search by device and time, open the clip, and its player plays the review proxy (made by
    /// `recgate proxy`) to its end; the label says it is the proxy, not the evidence; the download form
    /// does not go without a reason.
    @Test func evidenceStaffFindAClipAndPlayItsProxyToTheEnd() async throws {
        let review = try ReviewHome.get()
        let setup = try review.dashboardHome()
        try setup.startDaemon()
        let id = try #require(review.ids["A2"])
        let script = try BrowserScript(setup.plan("clip", [
            "search": ["device": ReviewHome.serial, "from": "2026-11-03 10:00", "to": "2026-11-03 11:00"],
            "clip_id": id, "expected_ids": [review.ids["A2"]!, review.ids["A3"]!],
            "proxy_label": Self.text(.playsProxy), "proxy_path": "/api/clips/\(id)/proxy",
            "proxy_duration": review.proxyDuration, "duration_tolerance": 0.1,
            "proxy_width": review.proxySize.width, "proxy_height": review.proxySize.height,
        ]))
        try script.finish(expecting: ["the search was submitted with its filters", "the results are the clips searched for",
                                      "the clip page opened", "the label says the review proxy plays, not the evidence",
                                      "the proxy plays to its end", "the player plays the proxy's URL",
                                      "the download form asks for a reason", "without a reason the form is not sent"])
        #expect(try setup.stopDaemon() == 0)
    }

    /// The case page draws each step's timeline with the stretches no recording covers: the gaps are the
    /// ones `recgate case check` reports, and a step covered whole has none.
    @Test func aCasesTimelineShowsItsGap() async throws {
        let review = try ReviewHome.get()
        let uncovered = try review.uncovered()
        let s2 = try #require(uncovered["S2"])
        try #require(s2.count == 1 && uncovered["S1"]?.isEmpty == true, "the case is not the one this test needs: \(uncovered)")
        let gaps = uncovered.mapValues { spans in
            spans.map { span -> [Any] in
                [span["start"] as? String ?? "", span["end"] as? String ?? "", Double(SVG.n(span["seconds"] as? Double ?? -1)) ?? -1]
            }
        }
        let setup = try review.dashboardHome()
        try setup.startDaemon()
        let script = try BrowserScript(setup.plan("case", ["case_id": ReviewHome.caseID, "gaps": gaps]))
        try script.finish(expecting: ["the case page opened", "step S1's timeline shows its gaps", "step S2's timeline shows its gaps"])
        #expect(try setup.stopDaemon() == 0)
    }

    /// A wrong password is told on the form; the language switch turns the labels English.
    @Test func aWrongPasswordIsToldAndTheLanguageSwitchGivesEnglish() async throws {
        let setup = try DashboardHome()
        try setup.startDaemon()
        let script = try BrowserScript(setup.plan("login", [
            "wrong_password": "not-the-password-1",
            "invalid_zh": Self.text(.loginInvalid), "sign_in_zh": Self.text(.signIn),
            "labels_en": ["button": Self.text(.signIn, .en), "name": Self.text(.accountName, .en),
                          "password": Self.text(.password, .en), "title": Self.text(.signInTitle, .en)],
            "bays_en": Self.text(.navBays, .en),
        ]))
        try script.finish(expecting: ["a wrong password shows the error", "no session was opened", "the page is Chinese first",
                                      "the language switch gives English labels", "a signed-in page in English"])
        #expect(try setup.stopDaemon() == 0)
    }

    /// At a desktop size and a tablet size, the bay grid, the clip search, a clip and a case fit the width
    /// (no horizontal scroll), and every resource the pages load comes from the gateway.
    @Test(arguments: [ScreenSize(width: 1366, height: 768), ScreenSize(width: 768, height: 1024)])
    func pagesFitTheScreenAndLoadNothingFromElsewhere(size: ScreenSize) async throws {
        let review = try ReviewHome.get()
        let setup = try review.dashboardHome()
        try setup.startDaemon()
        let id = try #require(review.ids["A2"])
        let pages: [String: [[String: String]]] = [
            "equipment_keeper": [["name": "bays", "path": "/bays", "marker": "#bay-grid"]],
            "evidence_staff": [
                ["name": "clips", "path": "/clips?device=\(ReviewHome.serial)", "marker": "#clip-results tr[data-clip-id]"],
                ["name": "clip", "path": "/clips/\(id)", "marker": "#proxy-player"],
                ["name": "case", "path": "/cases/\(ReviewHome.caseID)", "marker": ".step-timeline .gap"],
            ],
        ]
        let script = try BrowserScript(setup.plan("layout", ["size": size.name, "window": [size.width, size.height], "pages": pages]))
        let names = ["bays", "clips", "clip", "case"].flatMap { page in
            ["\(page) at \(size.name): no horizontal scroll", "\(page) at \(size.name): every resource from the gateway"]
        }
        try script.finish(expecting: names)
        #expect(try setup.stopDaemon() == 0)
    }
}

/// A window size for the layout checks.
struct ScreenSize: Sendable, CustomTestStringConvertible {
    var width: Int
    var height: Int
    var name: String { "\(width)x\(height)" }
    var testDescription: String { name }
}

/// A recorder's card: a FAT32 image with `count` recordings of seeded pseudo-random bytes, named as a
/// body recorder names them (the serial in the name).
struct BrowserCard {
    let image: FATImage
    let serial: String
    let totalBytes: Int64

    init(_ temp: TempDirectory, serial: String, count: Int, size: Int) throws {
        self.serial = serial
        image = try FATImage(at: temp.path("card.img"), sizeMiB: max(40, count * size / (1 << 20) + 8))
        let folder = temp.path("card-sources")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 1...count {
            let file = "20261103_09" + String(format: "%02d", i) + "00_\(serial)_" + String(format: "%04d", i) + ".MP4"
            var bytes = [UInt8](repeating: 0, count: size)
            bytes.withUnsafeMutableBytes { raw in
                for j in raw.bindMemory(to: UInt64.self).indices {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    raw.storeBytes(of: state, toByteOffset: j * 8, as: UInt64.self)
                }
            }
            let local = folder.appendingPathComponent(file)
            try Data(bytes).write(to: local)
            _ = try image.copy(local, to: "DCIM/100MEDIA/\(file)", modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: i, second: 0))
        }
        totalBytes = Int64(count * size)
    }
}

extension DashboardBrowserTests {
    /// Each thread of the daemon with its state and what it waits in (`wchan`): what a stuck offload was doing.
    static func threadStates(_ pid: Int32) -> String {
        let tasks = "/proc/\(pid)/task"
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return ids.sorted().map { id in
            let name = (try? String(contentsOfFile: "\(tasks)/\(id)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            let wchan = (try? String(contentsOfFile: "\(tasks)/\(id)/wchan", encoding: .utf8)) ?? "?"
            let state = (try? String(contentsOfFile: "\(tasks)/\(id)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first ?? "?"
            return "\(id) \(name) \(state) \(wchan)"
        }.joined(separator: "\n")
    }
}
