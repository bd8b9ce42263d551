import ArgumentParser
import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Offload
import PTPDriver

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

    struct Reading: Encodable {
        var device_time: String
        var raw: String
        var gateway_time: String
        var offset: Double?
        var uncertainty: Double
        var clock_set: Bool
    }

    struct Report: Encodable {
        var port_path: String
        var device: String
        var zone: String
        var readings: [Reading]
        var recorded: Int
    }

    func run() throws {
        let setup: CaseDeskSetup
        do {
            setup = try CaseDeskSetup.open(options, create: true)
        } catch {
            CaseDeskSetup.report(error)
            throw ExitCode.failure
        }
        let zone = setup.zone
        let clock = CameraClock(zone: zone)
        let serial: String
        let readings: [CameraClockReading]
        let battery: Int?
        let firmware: String
        do {
            (serial, readings, battery, firmware) = try CameraConnection.with(portPath: portPath) { session, info in
                let readings = try clock.synchronize(session, set: set)
                // Device health keeps the battery level; a camera that will not give it still has its
                // clock recorded (the level is then simply not known).
                let battery = info.supports(property: PTPProperty.batteryLevel) ? try? session.batteryLevel() : nil
                return (CameraConnection.serial(info, session), readings, battery, info.deviceVersion)
            }
        } catch {
            Output.error("cannot read the camera's clock at \(portPath): \(error)")
            throw ExitCode.failure
        }
        guard !serial.isEmpty else {
            Output.error("the camera at \(portPath) has no serial number: nothing to record the reading under")
            throw ExitCode.failure
        }
        // To the millisecond, as the catalog keeps it.
        func ms(_ d: Date) -> Date { Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000) }
        let added: Int
        do {
            let observations = readings.map {
                ClockObservation(device: serial, deviceTime: $0.deviceTime, gatewayTime: ms($0.gatewayTime),
                                 source: .dock, clockSet: $0.clockSet)
            }
            added = try setup.desk.recordClockReadings(
                observations, note: "ptp \(portPath)", actor: OffloadRequest.currentActor())
            // A level outside 0–100 is not a percentage (some cameras count otherwise): not kept.
            let level = battery.flatMap { (0...100).contains($0) ? $0 : nil }
            if level != nil || !firmware.isEmpty {
                try setup.desk.catalog.recordDeviceCondition(
                    NewDeviceCondition(deviceSerial: serial, batteryPercent: level,
                                       firmware: firmware.isEmpty ? nil : firmware, source: "camera clock"),
                    actor: OffloadRequest.currentActor(), at: Date())
            }
        } catch {
            Output.error("cannot record the readings: \(error)")
            throw ExitCode.failure
        }
        let rows = readings.map {
            Reading(device_time: $0.deviceTime.description, raw: $0.raw,
                    gateway_time: Compliance.RFC3339.string(ms($0.gatewayTime), in: zone),
                    offset: $0.offset(in: zone), uncertainty: $0.uncertainty, clock_set: $0.clockSet)
        }
        if json {
            return try Output.json(Report(port_path: portPath, device: serial, zone: zone.identifier, readings: rows,
                                          recorded: added))
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
