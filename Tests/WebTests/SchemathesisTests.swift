import Foundation
import Testing
import TestSupport

/// schemathesis as an outside judge of the OpenAPI document against the server: every check, with an
/// administrator's session, on a home with clips, a proxy and a case. Installed by `make pyenv`.
@Suite(.serialized)
struct SchemathesisTests {
    static let schemathesis = PackageRoot.url.appendingPathComponent(".build/pyenv/bin/schemathesis")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: schemathesis.path), "run `make pyenv` to install schemathesis"))
    func theServerAnswersAsItsDocumentSays() async throws {
        let scenario = try WebScenario()
        let daemon = try WebDaemon(scenario.home)
        let http = try daemon.http
        let admin = try await daemon.login("admin")
        let reports = scenario.home.temp.path("schemathesis")
        let arguments = [
            "run", "\(http.base)/openapi.json",
            "-H", "Cookie: recgate_session=\(admin.cookie)", "-H", "X-CSRF-Token: \(admin.csrf)",
            "--checks", "all",
            // Logging out would end the session every other request carries.
            "--exclude-path", "/api/logout",
            // The event stream never ends by itself: every request to it would wait for the timeout.
            "--exclude-path", "/api/events",
            "--max-examples", "30", "--seed", "20261103", "--request-timeout", "30",
            "--report", "junit", "--report-dir", reports.path, "--no-color",
        ]
        // HOME in the test's folder: schemathesis writes its cache there, never in the user's.
        let result = try run(Self.schemathesis.path, arguments,
                             environment: ["HOME": scenario.home.temp.url.path])
        #expect(result.status == 0, "schemathesis exited \(result.status):\n\(result.stdout.suffix(20_000))\n\(result.stderr.suffix(4000))")
        // The session survived the run: nothing it sent signed the administrator out.
        #expect(try await http.get("/api/me", as: admin).status == 200)
        #expect(try daemon.stop() == 0)
    }
}
