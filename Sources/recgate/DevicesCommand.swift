import ArgumentParser
import Gateway
import USB

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List attached USB devices: port path, bay, VID:PID, strings, matched driver, kind, model and state.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "The health of every device the catalog knows (battery, storage, clock, docks, offloads, gaps, damaged files, failures), not the attached ones.")
    var health = false

    func run() throws {
        if health { return try runHealth() }
        let gateway = options.gateway
        let bays = try gateway.bays()
        let devices: [USBDevice]
        do {
            devices = try gateway.attachedDevices()
        } catch {
            Output.error("cannot list USB devices: \(error)")
            throw ExitCode.failure
        }
        let reports = try gateway.deviceViews(devices, bays: bays)
        if json {
            try Output.json(reports)
            return
        }
        for r in reports { Output.line(r.line) }
    }
}
