import Accounts
import Foundation
import Presentation
import Testing
@testable import Dashboard

/// The pages in a real browser (headless chromium): laid out with the real stylesheet, running the
/// real script. The pages are written to a folder with the asset paths pointed at copies of the
/// assets; `RECGATE_DASHBOARD_OUT=DIR` keeps that folder (to look at the pages or screenshot them).
@Suite(.serialized) struct BrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A folder with the page (as `NAME.html`) and the assets beside it; `extraHead` goes before the
    /// page's own script, `probe` at the end of the body.
    static func write(_ page: Page, name: String, extraHead: String = "", probe: String = "") throws -> URL {
        let folder: URL
        if let out = ProcessInfo.processInfo.environment["RECGATE_DASHBOARD_OUT"] {
            folder = URL(fileURLWithPath: out)
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for asset in ["dashboard.css", "dashboard.js"] {
            try Data(Assets.named(asset)!.bytes).write(to: folder.appendingPathComponent(asset))
        }
        var html = page.html
            .replacingOccurrences(of: "href=\"/assets/dashboard.css\"", with: "href=\"dashboard.css\"")
            .replacingOccurrences(of: "<script src=\"/assets/dashboard.js\"", with: "\(extraHead)<script src=\"dashboard.js\"")
        html = html.replacingOccurrences(of: "</body>", with: "\(probe)</body>")
        let file = folder.appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: file)
        return file
    }

    /// The DOM after the page loaded and its timers ran (virtual time: no waiting on the clock).
    /// The DOM after the page's scripts ran. Headless chromium with a virtual time budget now and then
    /// never exits (seen on a busy machine): each attempt is given a minute, then killed and tried again.
    static func dumpDOM(_ file: URL, width: Int) throws -> String {
        for _ in 1...3 {
            if let dom = try dumpDOMOnce(file, width: width, within: 60) { return dom }
        }
        throw DumpFailed(path: file.path)
    }

    struct DumpFailed: Error, CustomStringConvertible {
        let path: String
        var description: String { "chromium did not dump \(path) in three attempts of a minute" }
    }

    static func dumpDOMOnce(_ file: URL, width: Int, within seconds: Double) throws -> String? {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        // The DOM goes to a file, not a pipe: a killed chromium's helpers keep a pipe open, and a read of it never ends.
        let output = profile.appendingPathExtension("html")
        defer {
            try? FileManager.default.removeItem(at: profile)
            try? FileManager.default.removeItem(at: output)
        }
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else { return nil }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        // coreutils' timeout kills chromium after `seconds` and reaps it; its exit status then says so.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", String(Int(seconds)), chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
                             "--window-size=\(width),900", "--virtual-time-budget=2000", "--dump-dom", file.absoluteString]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    static let widthProbe = "<script>document.body.setAttribute('data-scroll-width', String(document.documentElement.scrollWidth));"
        + "document.body.setAttribute('data-client-width', String(document.documentElement.clientWidth));</script>"

    /// Usable on a tablet: at 768 px no page scrolls sideways (wide tables scroll inside their own box).
    @Test(.enabled(if: chromium != nil, "needs chromium"))
    func noPageScrollsSidewaysAt768Pixels() throws {
        let pages = Language.allCases.flatMap { language in
            Fixtures.allPages(Fixtures.context(.administrator, language: language)).map { ("\($0.0)-\(language.rawValue)", $0.1) }
        }
        for (name, page) in pages {
            let file = try Self.write(page, name: name, probe: Self.widthProbe)
            let dom = try Self.dumpDOM(file, width: 768)
            let scroll = try #require(dom.firstMatch(of: /data-scroll-width="(\d+)"/).map { Int($0.1)! }, "\(name): \(dom.prefix(300))")
            let client = try #require(dom.firstMatch(of: /data-client-width="(\d+)"/).map { Int($0.1)! })
            #expect(client <= 768 && client > 700, "\(name)")
            #expect(scroll <= client, "\(name) is \(scroll) px wide in a \(client) px window")
        }
    }

    /// The script takes a status event and updates the cards in place: bay 1's progress moves on, a
    /// device docked in bay 2 appears in it, the queue counts change. The event source stands in for
    /// the gateway's `/api/events` (a message whose data is the status document, as the server sends).
    @Test(.enabled(if: chromium != nil, "needs chromium"))
    func theScriptUpdatesTheCardsFromAStatusEvent() throws {
        var next = Fixtures.status
        next.sessions[0].bytes_done = 943_718_400
        next.sessions[0].current_file = "DCIM/100MEDIA/20261103_101500_0043.MP4"
        next.bays[1].device = "volume:/srv/recgate/volumes/sdd1"
        next.devices.append(.init(source: "volume:/srv/recgate/volumes/sdd1", bay: 2, usb_port_path: "1-1.2", serial: "DSJ-B2002",
                                  model: "DSJ-V7", state: "queued", arrived_at: "2026-11-03T01:30:00Z", error: nil, health: "ok"))
        next.queue.waiting = ["volume:/srv/recgate/volumes/sdd1"]
        let json = String(decoding: try DocumentEncoder.encode(next), as: UTF8.self)
        let literal = String(decoding: try JSONEncoder().encode(json), as: UTF8.self)
            .replacingOccurrences(of: "</", with: "<\\/")
        // A stand-in for the browser's EventSource that delivers one event named `status`, as the server
        // names them: only listeners of that name receive it (onmessage would not).
        let source = "<script>window.EventSource = function (url) { var self = this; self.url = url; self.listeners = {};"
            + " self.addEventListener = function (name, f) { (self.listeners[name] = self.listeners[name] || []).push(f); };"
            + " document.documentElement.setAttribute('data-events-url', url);"
            + " setTimeout(function () { self.onopen && self.onopen();"
            + " (self.listeners.status || []).forEach(function (f) { f({ type: 'status', data: \(literal) }); }); }, 0); };</script>"
        let page = Pages.bays(status: Fixtures.status, health: Fixtures.health, context: Fixtures.context(.equipmentKeeper))
        let dom = try Self.dumpDOM(try Self.write(page, name: "bays-live", extraHead: source), width: 1366)
        let doc = try HTMLTree.parse(dom, browserOutput: true)
        #expect(doc.first("html")?["data-events-url"] == "/api/events")
        let one = try #require(doc.first(".bay[data-bay=\"1\"]"))
        #expect(one.first("progress")?["value"] == "943718400")
        #expect(one.first(".bytes")?.textContent == "900.0 MiB / 1.2 GiB")
        #expect(one.first(".file")?.textContent == "DCIM/100MEDIA/20261103_101500_0043.MP4")
        let two = try #require(doc.first(".bay[data-bay=\"2\"]"))
        #expect(two["data-state"] == "queued")
        #expect(two.first(".state")?.textContent == "等待导出")
        #expect(two.first(".serial")?.textContent == "DSJ-B2002")
        #expect(two.first(".model")?.textContent == "DSJ-V7")
        #expect(two.first(".serial a")?["href"] == "/devices/DSJ-B2002")
        #expect(two.first(".health-status")?["data-status"] == "ok")
        #expect(two.first(".health-status")?.textContent == "正常")
        #expect(doc.first("#queue-waiting")?.textContent == "1")
        #expect(doc.first("#live")?["data-live"] == "on")
        // Bay 3's hostile model stays text after the update.
        #expect(doc.first(".bay[data-bay=\"3\"] .model")?.textContent == Fixtures.hostile)
    }

    /// The search form leaves its empty filters out of the query (the clip search refuses empty values);
    /// the probe listens once the page and its script have loaded, so it sees what the browser would send.
    @Test(.enabled(if: chromium != nil, "needs chromium"))
    func theSearchSendsOnlyTheFiltersFilledIn() throws {
        let probe = "<script>window.addEventListener('load', function () { var form = document.getElementById('clip-search');"
            + " form.addEventListener('submit', function (event) { event.preventDefault(); var sent = [];"
            + " new FormData(form).forEach(function (value, name) { sent.push(name + '=' + value); });"
            + " document.body.setAttribute('data-sent', sent.join('&')); }); form.requestSubmit(); });</script>"
        let page = Pages.clips(Fixtures.clipPage, filters: ClipFilters(device: "DSJ-A1001", kind: "video"),
                               context: Fixtures.context(.evidenceStaff, language: .en))
        let dom = try Self.dumpDOM(try Self.write(page, name: "clips-search", probe: probe), width: 1366)
        let doc = try HTMLTree.parse(dom, browserOutput: true)
        #expect(doc.first("body")?["data-sent"] == "device=DSJ-A1001&kind=video&lang=en")
    }
}
