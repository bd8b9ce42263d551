import ArgumentParser
import Compliance
import ComplianceCatalog
import DeviceKit
import Foundation
import Gateway
import Offload
import Presentation

struct ClockRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a device clock reading taken by hand (source manual).",
        discussion: """
            --device-time is what the device's screen shows: local time, no zone \
            (2026-11-03T09:30:15 or "2026-11-03 09:30:15"), read in the home's time zone. --at is the \
            true time of the reading, RFC 3339 with offset (default: now). A manual reading counts \
            ±30 s. Prints the offset (device − true time) and any clock reset the reading reveals.
            """)

    @OptionGroup var options: HomeOptions

    @Option(name: .long, help: ArgumentHelp(
        "The device's serial: at most 64 letters, digits and - _ . / :.", valueName: "SERIAL"))
    var device: String

    @Option(name: .customLong("device-time"), help: ArgumentHelp(
        "What the device's clock showed, 2000-01-01 to 2100-01-01.", valueName: "T"))
    var deviceTime: String

    @Option(name: .long, help: ArgumentHelp(
        "When it showed it, RFC 3339 with offset, 2000-01-01 to 2100-01-01 (default: now).", valueName: "T"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("A note kept with the reading (who read it, where).", valueName: "TEXT"))
    var note: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        let serial = device.trimmingCharacters(in: .whitespaces)
        if serial.isEmpty { throw ValidationError("--device must name a serial") }
        if let problem = Identifier.problem(serial) { throw ValidationError("--device \(problem)") }
        switch DeviceTimeText.parse(deviceTime) {
        case .failure(let problem): throw ValidationError("--device-time: \(problem)")
        case .success(let reading):
            if let problem = PlausibleTime.problem(reading) { throw ValidationError("--device-time: \(problem)") }
        }
        if let at {
            switch RFC3339.parse(at) {
            case .failure(let problem): throw ValidationError("--at: \(problem)")
            case .success(let date):
                if let problem = PlausibleTime.problem(date) { throw ValidationError("--at: \(problem)") }
            }
        }
    }

    func run() throws {
        guard case .success(let shown) = DeviceTimeText.parse(deviceTime) else { throw ExitCode.validationFailure }
        var gatewayTime = Date()
        if let at, case .success(let date) = RFC3339.parse(at) { gatewayTime = date }
        // To the millisecond, as the catalog keeps it.
        gatewayTime = Date(timeIntervalSince1970: (gatewayTime.timeIntervalSince1970 * 1000).rounded() / 1000)
        let serial = device.trimmingCharacters(in: .whitespaces)
        let setup: CaseDeskSetup
        do {
            setup = try CaseDeskSetup.open(options, create: true)
        } catch {
            CaseDeskSetup.report(error)
            throw ExitCode.failure
        }
        let reading = ClockObservation(device: serial, deviceTime: shown, gatewayTime: gatewayTime, source: .manual)
        let history: ClockHistory
        let added: Int
        do {
            added = try setup.desk.recordClockReadings([reading], note: note, actor: OffloadRequest.currentActor())
            history = try setup.desk.clockHistory(device: serial)
        } catch {
            Output.error("cannot record the reading: \(error)")
            throw ExitCode.failure
        }
        let entry = history.readings.first { $0.gatewayTime == gatewayTime && $0.deviceTime == shown }
        if json {
            try Output.json(ClockRecordReport(device: serial, recorded: added == 1, history: history, gatewayTime: gatewayTime, shown: shown))
            return
        }
        let clock = WallClock(zone: setup.zone)
        Output.line("\(added == 1 ? "recorded" : "already recorded"): \(serial) showed \(shown) at \(clock.text(gatewayTime)) "
                    + "(\(setup.zone.identifier)); offset \(entry.map { signed($0.offset) } ?? "?")")
        if let reason = entry?.reset {
            Output.line("this reading shows the clock was reset (\(reason.rawValue)) since the reading before: "
                        + "clips recorded in between cannot be placed in time exactly")
        }
    }

    private func signed(_ seconds: Double) -> String { (seconds >= 0 ? "+" : "") + secondsText(seconds) }
}
