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
        // The session is given as the document's own security scheme (OpenAPI-aware auth), not as a bare
        // Cookie header: schemathesis can then leave it out where it tests refusals without one.
        let configuration = scenario.home.temp.path("schemathesis.toml")
        try Data(Self.configuration(cookie: admin.cookie, csrf: admin.csrf).utf8).write(to: configuration)
        let arguments = [
            "--config-file", configuration.path, "--no-color",
            "run", "\(http.base)/openapi.json",
            "--checks", "all",
            // Logging out would end the session every other request carries.
            "--exclude-path", "/api/logout",
            // The event stream never ends by itself: every request to it would wait for the timeout.
            "--exclude-path", "/api/events",
            "--max-examples", "30", "--seed", "20261103", "--request-timeout", "30",
        ]
        // Run in the test's folder, HOME too: schemathesis writes its cache there, never in the package or the user's.
        let result = try run(Self.schemathesis.path, arguments, environment: ["HOME": scenario.home.temp.url.path],
                             currentDirectory: scenario.home.temp.url)
        #expect(result.status == 0, "schemathesis exited \(result.status):\n\(result.stdout.suffix(20_000))\n\(result.stderr.suffix(4000))")
        // The session survived the run: nothing it sent signed the administrator out.
        #expect(try await http.get("/api/me", as: admin).status == 200)
        #expect(try daemon.stop() == 0)
    }

    /// The session as the `session` scheme's value, the CSRF token on every request, and for three
    /// operations the refusals a valid request may still get, which the document cannot state: a search's
    /// `step` needs its `case` and a cursor is one the server issued; a report's `since` is a date from
    /// 2000 to 2100; an imported file is checked by its content (422 with its problems).
    static func configuration(cookie: String, csrf: String) -> String {
        """
        headers = { "X-CSRF-Token" = "\(csrf)" }

        [auth.openapi.session]
        api_key = "\(cookie)"

        [[operations]]
        include-path = "/api/clips"
        checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

        [[operations]]
        include-path = "/api/report"
        checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

        [[operations]]
        include-path = "/api/cases/import"
        checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "422"]

        """
    }
}
