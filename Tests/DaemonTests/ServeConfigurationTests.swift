import Foundation
import Presentation
import Testing
import TestSupport

/// `recgate serve` checks its configuration and options at start: a mistake is a clear error and exit 2,
/// before anything is watched or offloaded.
@Suite struct ServeConfigurationTests {
    func serve(_ setup: ServeHome, _ extra: [String] = []) throws -> ProcessOutput {
        try setup.recgate(["serve", "--until-idle", "--watch", setup.watched.path] + extra)
    }

    @Test(arguments: [
        (#"{"offload_concurrency": 0}"#, "offload_concurrency: must be a whole number of offloads from 1 to 64, not 0"),
        (#"{"offload_slice_bytes": -5}"#, "offload_slice_bytes: must be a whole number of bytes from 1"),
        (#"{"release": "always"}"#, #"release: must be "never" or "after_verify", not "always""#),
        (#"{"serve_watch": ["relative/folder"]}"#, "serve_watch[0]: must be an absolute path"),
        (#"{"serve_listen": "localhost"}"#, "serve_listen: must be ADDRESS:PORT"),
        (#"{"serve_listen": "10.0.0.1:8470"}"#, "10.0.0.1 is not a loopback address"),
        (#"{"serve_watch": ["/nonexistent/recgate-volumes"]}"#, "the folder /nonexistent/recgate-volumes does not exist"),
        (#"{"time_zone": "Mars/Olympus"}"#, "unknown time zone"),
    ])
    func aBadConfigurationIsRefusedAtStart(_ configuration: String, _ message: String) throws {
        let setup = try ServeHome(configuration: configuration)
        // serve_watch is used only without --watch.
        let result = configuration.contains("serve_watch")
            ? try setup.recgate(["serve", "--until-idle", "--listen", "127.0.0.1:0"])
            : try serve(setup, configuration.contains("serve_listen") ? [] : ["--listen", "127.0.0.1:0"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(arguments: [
        (["--listen", "0.0.0.0:8470"], "--listen: 0.0.0.0 is not a loopback address"),
        (["--listen", "127.0.0.1:70000"], "--listen must be ADDRESS:PORT"),
        (["--listen", "127.0.0.1:0", "--watch", "/nonexistent/recgate-volumes"], "--watch: the folder /nonexistent/recgate-volumes does not exist"),
    ])
    func badOptionsAreRefusedAtStart(_ options: [String], _ message: String) throws {
        let setup = try ServeHome()
        let result = try serve(setup, options)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount FAT images"))
    func serveListenServeWatchAndTheBaysFileAreUsed() async throws {
        let temp = try TempDirectory(prefix: "recgate-serve-folders")
        let watched = temp.path("docked")
        try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
        let setup = try ServeHome(configuration: #"{"serve_listen": "127.0.0.1:0", "serve_watch": ["\#(watched.path)"]}"#)
        try Data(#"{"bays": [{"bay": 1, "label": "left", "port_path": "1-1.1"}]}"#.utf8)
            .write(to: setup.home.appendingPathComponent("bays.json"))
        let card = try RecorderCard(setup.temp, name: "a", serial: "A001234", count: 1, size: 1 << 20, seed: 12)
        let mount = try card.image.mount(at: watched.appendingPathComponent("a"))
        let daemon = try ServeProcess(["--home", setup.home.path, "serve"], home: setup.home, outputFolder: setup.temp.url)
        let status = try await daemon.waitForStatus("the card offloaded") { $0.device(card.serial)?.state == "offloaded" }
        #expect(status.watch == [watched.path])
        #expect(status.listen == "127.0.0.1:\(daemon.base.port ?? -1)" && daemon.base.port != 0)
        #expect(status.bays == [DaemonStatus.Bay(bay: 1, label: "left", port_path: "1-1.1", device: nil)])
        #expect(status.release == "never" && status.queue.concurrency == 2 && status.queue.slice_bytes == 1 << 30)
        #expect(try daemon.terminate() == 0)
        try mount.unmount()

        // A bays file that cannot be read stops the start.
        try Data("{\"bays\": 3}".utf8).write(to: setup.home.appendingPathComponent("bays.json"))
        let broken = try setup.recgate(["serve", "--until-idle"])
        #expect(broken.status == 2 && broken.stderr.contains("bays.json"), "\(broken.stderr)")
    }

    @Test func aSecondDaemonOnTheSameHomeIsRefused() throws {
        let setup = try ServeHome()
        let first = try ServeProcess(setup.serveArguments, home: setup.home, outputFolder: setup.temp.url)
        let second = try setup.recgate(Array(setup.serveArguments.dropFirst(2)))
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("another recgate serve runs in") && second.stderr.contains("pid \(first.process.pid)"),
                "\(second.stderr)")
        #expect(try first.terminate() == 0)
    }

    @Test func statusWithoutADaemonSaysSo() throws {
        let setup = try ServeHome()
        let result = try setup.recgate(["status"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no recgate serve runs in"), "\(result.stderr)")

        // What a daemon killed with SIGKILL leaves: a record naming a process that is gone.
        let gone = try SpawnedProcess("true", [], outputFolder: setup.temp.url)
        _ = try gone.wait()
        try FileManager.default.createDirectory(at: setup.home.appendingPathComponent("run"), withIntermediateDirectories: true)
        try Data(#"{"address": "127.0.0.1", "port": 9, "pid": \#(gone.pid)}"#.utf8)
            .write(to: setup.home.appendingPathComponent("run/serve.json"))
        let stale = try setup.recgate(["status", "--json"])
        #expect(stale.status == 1 && stale.stdout.isEmpty)
        #expect(stale.stderr.contains("names pid \(gone.pid), which is not running"), "\(stale.stderr)")
    }
}
