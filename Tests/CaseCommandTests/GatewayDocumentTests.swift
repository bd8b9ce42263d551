import Compliance
import DeviceKit
import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport

/// The gateway's operations and the presentation library give the very documents the command line
/// prints, so anything else serving them (the daemon's endpoints) shows what a clerk sees.
@Suite("The gateway's documents are the command line's")
struct GatewayDocumentTests {
    static func gateway(_ s: CheckScenario) -> Gateway { Gateway(home: GatewayHome(root: s.recgate.home)) }

    @Test func aCaseCheckAsTextAndJSON() throws {
        let s = try CheckScenario.get()
        let setup = try Self.gateway(s).caseDesk(create: false)
        let result = try #require(try setup.check(caseID: CheckScenario.caseID))
        let text = CaseCheckText(zone: setup.zone, catalogue: setup.desk.catalogue, policy: setup.desk.policy)
            .render(record: result.record, revision: result.revision, check: result.check)
        #expect(result.revision == 1)
        #expect(try s.recgate.expect(1, ["case", "check", CheckScenario.caseID]).stdout
                == TerminalText.escapedKeepingLayout(text))
        let json = String(decoding: try DocumentEncoder.encode(result.check), as: UTF8.self) + "\n"
        #expect(try s.recgate.expect(1, ["case", "check", CheckScenario.caseID, "--json"]).stdout == json)
    }

    @Test func anUnknownCaseIsNoneAndTheCatalogIsOpenedReadOnly() throws {
        let s = try CheckScenario.get()
        let setup = try Self.gateway(s).caseDesk(create: false)
        #expect(setup.desk.catalog.isReadOnly)
        #expect(try setup.check(caseID: "NO-SUCH-CASE") == nil)
    }

    @Test func aHomeWithoutACatalogIsNotGivenOne() throws {
        let folder = try TempDirectory()
        let home = GatewayHome(root: folder.url.appendingPathComponent("home"))
        do {
            _ = try Gateway(home: home).caseDesk(create: false)
            Issue.record("a case desk was opened on a home without a catalog")
        } catch {
            guard case .noCatalog(let url) = error else { throw error }
            #expect(url == home.catalogURL)
        }
        #expect(!FileManager.default.fileExists(atPath: home.catalogURL.path))
    }

    @Test func theCaseReportAsText() throws {
        let s = try CheckScenario.get()
        let setup = try Self.gateway(s).caseDesk(create: false)
        let report = try setup.desk.report(since: nil)
        let text = CaseReportText(clock: WallClock(zone: setup.zone)).render(report)
        #expect(text.contains("by department 按部门"))
        #expect(try s.recgate.expect(0, ["case", "report"]).stdout == TerminalText.escapedKeepingLayout(text))
    }

    @Test func theAuditVerificationAsTextAndJSON() throws {
        let s = try CheckScenario.get()
        let verification = try Self.gateway(s).verifyAudit()
        #expect(verification.isIntact)
        let lines = AuditReport.lines(verification)
        #expect(lines.count == 1 && lines[0].hasPrefix("audit chain intact: "))
        #expect(try s.recgate.expect(0, ["audit", "verify"]).stdout == lines.map { $0 + "\n" }.joined())
        let json = String(decoding: try DocumentEncoder.encode(AuditReport(verification)), as: UTF8.self) + "\n"
        #expect(try s.recgate.expect(0, ["audit", "verify", "--json"]).stdout == json)
    }

    @Test func theStoreVerificationAsText() throws {
        let s = try CheckScenario.get()
        let verification = try Self.gateway(s).verifyStore()
        #expect(verification.ok && verification.checked > 0)
        let lines = verification.lines
        #expect(lines == ["\(verification.checked) stored recordings checked, 0 problems"])
        #expect(try s.recgate.expect(0, ["verify"]).stdout == lines.map { $0 + "\n" }.joined())
    }

    @Test func aHomeOpenedOnceKeepsTheConfigurationItWasOpenedWith() throws {
        let folder = try TempDirectory()
        let home = GatewayHome(root: folder.url)
        let file = folder.url.appendingPathComponent("recgate.json")
        try Data(#"{"time_zone": "Asia/Urumqi"}"#.utf8).write(to: file)
        let opened = try Gateway.open(home)
        // The file goes wrong while the process runs: what was opened keeps the configuration it was
        // opened with; a gateway made afresh reads the file and refuses it.
        try Data(#"{"time_zone": "Mars/Olympus"}"#.utf8).write(to: file)
        #expect(try opened.configuration().timeZone == "Asia/Urumqi")
        #expect(try opened.caseDesk(create: true).zone.identifier == "Asia/Urumqi")
        do {
            _ = try Gateway(home: home).caseDesk(create: true)
            Issue.record("a configuration with an unknown zone was used")
        } catch {
            guard case .other(let text) = error else { throw error }
            #expect(text.contains("Mars/Olympus"))
        }
        // Opening checks the configuration and its zone at start.
        #expect(throws: (any Error).self) { try Gateway.open(home) }
    }
}
