import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// A home for `recgate serve` with its accounts, a watched folder, and the daemon started on a free port
/// of loopback (as DaemonTests start it: `--listen 127.0.0.1:0`, the port read from `run/serve.json`).
final class DashboardHome {
    /// The accounts every test signs in with, by role; password hashing at cost 10 keeps sign-ins quick.
    static let accounts: [String: (name: String, password: String)] = [
        "equipment_keeper": ("keeper1", "keeper-pass-2026"),
        "evidence_staff": ("staff1", "staff-pass-2026"),
        "legal_office": ("legal1", "legal-pass-2026"),
    ]

    let temp: TempDirectory
    let home: URL
    let watched: URL
    private(set) var daemon: SpawnedProcess?
    private(set) var base = URL(string: "http://127.0.0.1:0")!

    /// A fresh home (or `home`, filled beforehand), its accounts added through `recgate user add`.
    init(home existing: URL? = nil, addAccounts: Bool = true) throws {
        temp = try TempDirectory(prefix: "recgate-browser")
        home = existing ?? temp.path("home")
        watched = temp.path("volumes")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
        let configuration = home.appendingPathComponent("recgate.json")
        if !FileManager.default.fileExists(atPath: configuration.path) {
            try Data(#"{"password_cost": 10}"#.utf8).write(to: configuration)
        }
        for (role, account) in Self.accounts.sorted(by: { $0.key < $1.key }) where addAccounts {
            try addAccount(account.name, role: role, password: account.password)
        }
    }

    deinit {
        if let daemon, daemon.poll() == nil {
            daemon.signal(SIGKILL)
            _ = try? daemon.wait()
        }
    }

    func addAccount(_ name: String, role: String, password: String) throws {
        let child = try SpawnedProcess(try PackageRoot.recgate(), ["--home", home.path, "user", "add", name, "--role", role],
                                       environment: Self.withoutPreload, outputFolder: temp.url, standardInput: true)
        try child.send(password + "\n")
        child.closeInput()
        let status = try child.wait()
        try #require(status == 0, "recgate user add \(name) exited \(status): \(child.stderr())")
    }

    /// `umockdev-wrapper` preloads umockdev into what the tests start; its wrappers of `open` hold one lock for
    /// the whole process, so a read waiting on a stopped card would hold every other file access of the
    /// daemon. Nothing here needs emulated USB.
    static let withoutPreload = ["LD_PRELOAD": ""]

    /// Runs `recgate --home HOME arguments` to its end and requires exit 0.
    @discardableResult
    func recgate(_ arguments: [String]) throws -> ProcessOutput {
        let result = try run(try PackageRoot.recgate(), ["--home", home.path] + arguments, environment: Self.withoutPreload)
        try #require(result.status == 0, "recgate \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        return result
    }

    /// Starts `recgate serve` watching ``watched`` and waits (polling, up to a generous deadline) for the run
    /// record that names its port.
    func startDaemon(environment: [String: String] = [:]) throws {
        let record = home.appendingPathComponent("run/serve.json")
        let process = try SpawnedProcess(try PackageRoot.recgate(),
                                         ["--home", home.path, "serve", "--listen", "127.0.0.1:0", "--watch", watched.path],
                                         environment: Self.withoutPreload.merging(environment) { _, new in new }, outputFolder: temp.url)
        daemon = process
        let deadline = Date().addingTimeInterval(120)
        while true {
            if let status = process.poll() { throw TestSupportError("recgate serve exited with \(status): \(process.stderr())") }
            if let data = try? Data(contentsOf: record),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               object["pid"] as? Int == Int(process.pid), let port = object["port"] as? Int {
                base = URL(string: "http://127.0.0.1:\(port)")!
                return
            }
            guard Date() < deadline else { throw TestSupportError("recgate serve did not listen: \(process.stderr())") }
            usleep(20_000)
        }
    }

    /// GET `/status` (open to loopback, as `recgate status` reads it).
    func status() async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("status"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// SIGTERM, and the exit status.
    func stopDaemon() throws -> Int32 {
        guard let daemon else { return 0 }
        daemon.signal(SIGTERM)
        return try daemon.wait(seconds: 120)
    }

    /// The plan every run of the script gets: the gateway's address, the accounts, where screenshots go.
    func plan(_ scenario: String, _ fields: [String: Any]) -> [String: Any] {
        var accounts: [String: Any] = [:]
        for (role, account) in Self.accounts { accounts[role] = ["name": account.name, "password": account.password] }
        return ["scenario": scenario, "base": base.absoluteString, "accounts": accounts,
                "artifacts": BrowserScript.artifacts.path].merging(fields) { _, new in new }
    }
}

/// `Scripts/dashboard.py` run with the project's Python environment (selenium, Debian's chromium and
/// chromedriver, nothing downloaded): its JSON lines, and its exit status.
final class BrowserScript {
    static let script = PackageRoot.url.appendingPathComponent("Tests/BrowserTests/Scripts/dashboard.py")
    /// Screenshots are kept here as test artefacts.
    static let artifacts = PackageRoot.url.appendingPathComponent(".build/artifacts/dashboard")

    static var available: Bool { SeleniumChromium.missing == nil }

    let process: SpawnedProcess
    private let folder: TempDirectory

    init(_ plan: [String: Any]) throws {
        folder = try TempDirectory(prefix: "recgate-browser-script")
        let file = folder.path("plan.json")
        try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys]).write(to: file)
        // The browser needs none of umockdev's preload either; selenium must not look for drivers online.
        process = try SpawnedProcess(SeleniumChromium.python.path, [Self.script.path, file.path],
                                     environment: ["LD_PRELOAD": "", "SE_OFFLINE": "true", "PYTHONUNBUFFERED": "1"],
                                     outputFolder: folder.url)
    }

    deinit { stop() }

    /// SIGTERM (the script closes its browser), then SIGKILL if it has not ended within a generous deadline.
    func stop() {
        guard process.poll() == nil else { return }
        process.signal(SIGTERM)
        _ = try? process.wait(seconds: 60)
    }

    /// Every JSON line printed so far.
    var lines: [[String: Any]] {
        process.stdout().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Waits (polling the output file, up to a generous deadline) until the script says `event`; false when it
    /// ended first.
    func waitFor(event: String, seconds: Double = 300) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lines.contains(where: { $0["event"] as? String == event }) { return true }
            if process.poll() != nil { break }
            usleep(20_000)
        }
        return lines.contains { $0["event"] as? String == event }
    }

    /// Waits for the end (a generous deadline, then SIGKILL) and checks every line: each check held, the
    /// ones the test names among them, and the exit status 0. Prints the screenshots' paths.
    @discardableResult
    func finish(expecting names: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(600)
        while process.poll() == nil, Date() < deadline { usleep(50_000) }
        stop()
        let status = try process.wait()
        let lines = self.lines
        let checks = lines.filter { $0["check"] != nil }
        for line in checks {
            let name = line["check"] as? String ?? "?"
            #expect(line["ok"] as? Bool == true, "\(name): \(line["detail"] ?? "")", sourceLocation: sourceLocation)
        }
        let seen = Set(checks.compactMap { $0["check"] as? String })
        for name in names {
            #expect(seen.contains(name), "the script never checked \(name)", sourceLocation: sourceLocation)
        }
        for line in lines { if let path = line["screenshot"] as? String { print("screenshot: \(path)") } }
        #expect(status == 0, "dashboard.py exited \(status): \(process.stdout())\n\(process.stderr())", sourceLocation: sourceLocation)
        return lines
    }
}
