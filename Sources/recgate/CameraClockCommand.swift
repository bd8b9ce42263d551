import DeviceKit
import ArgumentParser
import Compliance
import Foundation
import Gateway
import Presentation

struct CameraClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Read a PTP camera's clock and record it in the catalog (source dock); --set sets it.",
        discussion: """
            The gateway's time is taken before and after the read: the reading is placed at the midpoint and \
            the round trip is its uncertainty. The camera's DateTime is local time in the home's time zone. \
            With --set the camera is then set to the gateway's local time and read again: two observations, \
            the first marked clock_set. Prints the offset (camera − gateway).
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The camera's port path.", valueName: "PORT_PATH"))
    var portPath: String

    @Flag(name: .long, help: "Set the camera's clock to the gateway's local time after reading it.")
    var set = false

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let result: CameraClockAtDock
        do {
            result = try options.gateway.cameraClockAtDock(portPath: portPath, set: set)
        } catch {
            switch error {
            case .desk(let problem): CaseDeskSetup.report(problem)
            case .camera(let error): Output.error("cannot read the camera's clock at \(portPath): \(error)")
            case .noSerial: Output.error("the camera at \(portPath) has no serial number: nothing to record the reading under")
            case .record(let error): Output.error("cannot record the readings: \(error)")
            }
            throw ExitCode.failure
        }
        let (serial, zone, readings, added) = (result.serial, result.zone, result.readings, result.recorded)
        let rows = readings.map {
            CameraClockReport.Reading(
                device_time: $0.deviceTime.description, raw: $0.raw,
                gateway_time: RFC3339.string(CameraClockAtDock.catalogTime($0.gatewayTime), in: zone),
                offset: $0.offset(in: zone), uncertainty: $0.uncertainty, clock_set: $0.clockSet)
        }
        if json {
            return try Output.json(CameraClockReport(
                port_path: portPath, device: serial, zone: zone.identifier, readings: rows, recorded: added))
        }
        let wall = WallClock(zone: zone)
        for (reading, row) in zip(readings, rows) {
            let offset = row.offset.map { ($0 >= 0 ? "+" : "") + secondsText($0) } ?? "unknown (not a real time)"
            Output.line("\(serial): camera showed \(reading.deviceTime) at \(wall.text(reading.gatewayTime)) "
                        + "(\(zone.identifier)), offset \(offset) ±\(String(format: "%.3f", reading.uncertainty)) s"
                        + (reading.clockSet ? "; set to the gateway's time" : ""))
        }
        Output.line("recorded \(added) observation\(added == 1 ? "" : "s") (source dock)")
    }
}
