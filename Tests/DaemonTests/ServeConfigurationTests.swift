import Foundation
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
    }
}
