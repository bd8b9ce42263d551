import ArgumentParser
import Compliance
import ComplianceCatalog
import Foundation
import Gateway
import Presentation

struct ClockShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A device's clock readings with their offsets and drift, and the resets they show.",
        discussion: """
            Offset = the device's time (read in the home's time zone) − the true time. Drift: how fast the \
            offset changed since the reading before (from 0 when the clock was set then), seconds a day. \
            Resets are found as a case check finds them: the clock went back, showed a default date, or \
            jumped by more than drift allows.
            """)

    @OptionGroup var options: HomeOptions

    @Option(name: .long, help: ArgumentHelp("The device's serial.", valueName: "SERIAL"))
    var device: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let setup: CaseDeskSetup
        let history: ClockHistory
        do {
            setup = try CaseDeskSetup.open(options, create: false)
            history = try setup.desk.clockHistory(device: device)
        } catch let problem as CaseDeskSetup.Problem {
            CaseDeskSetup.report(problem)
            throw ExitCode.failure
        } catch {
            Output.error("cannot read the clock readings of \(device): \(error)")
            throw ExitCode.failure
        }
        if json {
            try Output.json(history)
            return
        }
        let clock = WallClock(zone: setup.zone)
        guard !history.readings.isEmpty else {
            Output.line("\(device): no clock reading recorded")
            return
        }
        Output.line("\(device): \(history.readings.count) reading\(history.readings.count == 1 ? "" : "s"), "
                    + "true times in \(setup.zone.identifier)")
        for r in history.readings {
            var line = "  \(clock.text(r.gatewayTime))  device \(r.deviceTime.description.replacingOccurrences(of: "T", with: " "))"
            line += "  offset \(r.offset >= 0 ? "+" : "")\(secondsText(r.offset))"
            if let drift = r.driftPerDay { line += String(format: "  drift %+.1f s/day", drift) }
            line += "  \(r.source.rawValue)"
            if r.clockSet { line += ", clock set" }
            if let reset = r.reset { line += "  RESET (\(reset.rawValue))" }
            if let note = r.note { line += "  [\(note)]" }
            Output.line(line)
        }
        for reset in history.resets {
            let since = reset.lastGoodReading.map { "between \(clock.text($0)) and " } ?? "by "
            Output.line("clock reset (\(reset.reason.rawValue)) \(since)\(clock.text(reset.revealedAt)): "
                        + "clips recorded in that span get a guessed time and a clock_reset finding")
        }
    }
}
