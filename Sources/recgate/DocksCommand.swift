import ArgumentParser
import Foundation
import HubDriver
import USB

/// The bays file: `<home>/bays.json` (see `BayConfiguration`).
enum BaysFile {
    static func url(_ options: HomeOptions) -> URL { options.resolved.root.appendingPathComponent("bays.json") }

    static func load(_ options: HomeOptions) throws -> BayConfiguration? {
        let url = url(options)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(BayConfiguration.self, from: Data(contentsOf: url))
    }
}

/// One bay as `recgate docks --json` reports it.
struct BayReport: Encodable {
    var bay: Int
    var label: String?
    var port_path: String
    /// `on`, `off`, or null when the hub did not answer.
    var power: String?
    /// `empty`, `connected`, `enabled`, `over-current`, or `unknown`.
    var state: String
    var device: DeviceReport?
    var problem: String?

    init(_ status: BayStatus) {
        bay = status.bay.number
        label = status.bay.label
        port_path = status.bay.portPath
        power = status.port.map { $0.isPowered ? "on" : "off" }
        if let port = status.port {
            state = port.isOverCurrent ? "over-current" : port.isEnabled ? "enabled"
                : port.isConnected ? "connected" : "empty"
        } else {
            state = "unknown"
        }
        device = status.device.map { DeviceReport($0, bay: status.bay.number) }
        problem = status.problem.map { "\($0)" }
    }

    enum CodingKeys: String, CodingKey { case bay, label, port_path, power, state, device, problem }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bay, forKey: .bay)
        try c.encode(label, forKey: .label)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(power, forKey: .power)
        try c.encode(state, forKey: .state)
        try c.encode(device, forKey: .device)
        try c.encode(problem, forKey: .problem)
    }
}

struct DocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docks",
        abstract: "Show each dock bay (from <home>/bays.json): port path, power, state and the device in it.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        guard let bays = try BaysFile.load(options) else {
            Output.error("no bays configured: write \(BaysFile.url(options).path)")
            throw ExitCode.failure
        }
        let devices: [USBDevice]
        do { devices = try USBContext().devices() } catch {
            Output.error("cannot list USB devices: \(error)")
            throw ExitCode.failure
        }
        let reports = DockSurvey.survey(bays, devices: devices).map(BayReport.init)
        if json { return try Output.json(reports) }
        for r in reports {
            let what = r.device.map {
                "\($0.vendor_id):\($0.product_id) \($0.kind ?? $0.driverColumn) \($0.serial ?? "-") \($0.model ?? $0.name)"
            } ?? "-"
            Output.line("bay \(r.bay)\t\(r.label ?? "")\t\(r.port_path)\tpower \(r.power ?? "?")\t\(r.state)\t\(what)")
        }
    }
}

struct DockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock", abstract: "Act on a dock bay.", subcommands: [DockPowerCommand.self])
}

struct DockPowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power", abstract: "Switch a bay's port power on, off, or off and on again.")

    enum Action: String, ExpressibleByArgument, CaseIterable { case on, off, cycle }

    @OptionGroup var options: HomeOptions

    @Argument(help: "The bay number.") var bay: Int
    @Argument(help: "on, off or cycle.") var action: Action

    @Option(name: .long, help: "Seconds without power when cycling.") var offSeconds: Double = 2

    func run() throws {
        guard let bays = try BaysFile.load(options), let entry = bays.bays.first(where: { $0.number == bay }) else {
            Output.error("bay \(bay) is not configured in \(BaysFile.url(options).path)")
            throw ExitCode.failure
        }
        guard let (hubPath, port) = entry.hubPort else {
            Output.error("bay \(bay): \(entry.portPath) is not a hub port")
            throw ExitCode.failure
        }
        do {
            let devices = try USBContext().devices()
            guard let hubDevice = devices.first(where: { $0.portPath == hubPath }) else {
                Output.error("bay \(bay): hub \(hubPath) is not attached")
                throw ExitCode.failure
            }
            let hub = try Hub(opening: hubDevice)
            switch action {
            case .on: try hub.setPower(port: port, on: true)
            case .off: try hub.setPower(port: port, on: false)
            case .cycle:
                try hub.setPower(port: port, on: false)
                usleep(UInt32(max(0, offSeconds) * 1_000_000))
                try hub.setPower(port: port, on: true)
            }
        } catch let error as HubError {
            switch error {
            case .noPerPortPowerSwitching(let mode):
                Output.error("bay \(bay): hub \(hubPath) cannot switch one port's power (its power switching is \(mode))")
            default:
                Output.error("bay \(bay): \(error)")
            }
            throw ExitCode.failure
        } catch let error as USBError {
            Output.error("bay \(bay): \(error)")
            throw ExitCode.failure
        }
    }
}
