import ArgumentParser
import Foundation
import HubDriver
import USB

/// The bays file: `<home>/bays.json` (see `BayConfiguration`).
enum BaysFile {
    static func url(_ options: HomeOptions) -> URL { options.resolved.root.appendingPathComponent("bays.json") }

    static func load(_ options: HomeOptions) throws -> BayConfiguration? {
        try BayConfiguration.load(from: url(options).path)
    }
}

/// One bay as `recgate docks --json` reports it.
struct BayReport: Encodable {
    var bay: Int
    var label: String?
    var port_path: String
    /// On a USB 3 dock: the bay's port on the hub's other half (null otherwise).
    var companion_port_path: String?
    /// `on`, `off`, `partial` (a USB 3 bay with one half off), or null when the hub did not answer.
    var power: String?
    /// `empty`, `connected`, `enabled`, `over-current`, or `unknown`.
    var state: String
    var device: DeviceReport?
    var problem: String?

    init(_ status: BayStatus) {
        bay = status.bay.number
        label = status.bay.label
        port_path = status.bay.portPath
        companion_port_path = status.companion?.portPath
        power = status.power?.rawValue
        if let port = status.effectivePort {
            state = port.isOverCurrent ? "over-current" : port.isEnabled ? "enabled"
                : port.isConnected ? "connected" : "empty"
        } else {
            state = "unknown"
        }
        device = status.device.map { DeviceReport($0, bay: status.bay.number) }
        problem = status.problem.map { "\($0)" }
    }

    enum CodingKeys: String, CodingKey { case bay, label, port_path, companion_port_path, power, state, device, problem }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bay, forKey: .bay)
        try c.encode(label, forKey: .label)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(companion_port_path, forKey: .companion_port_path)
        try c.encode(power, forKey: .power)
        try c.encode(state, forKey: .state)
        try c.encode(device, forKey: .device)
        try c.encode(problem, forKey: .problem)
    }
}

struct DocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docks",
        abstract: "Show each dock bay (from <home>/bays.json): port path, power, state and the device in it.",
        discussion: "With --learn, asks you to plug a device into each bay in turn and writes <home>/bays.json.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "Learn the bays: plug a device into each bay when asked.")
    var learn = false

    @Option(name: .customLong("bays"), help: ArgumentHelp(
        "With --learn: how many bays, 1 to 255 (default: those in bays.json, else the dock's ports).", valueName: "N"))
    var bayCount: Int?

    /// Bay numbers and counts: a hub has at most 255 ports (its descriptor's port count is one byte).
    static let bayRange = 1...255

    func validate() throws {
        if let bayCount, !Self.bayRange.contains(bayCount) { throw ValidationError("--bays must be 1 to 255, not \(bayCount)") }
    }

    func run() throws {
        if learn { return try learnBays() }
        guard let bays = try BaysFile.load(options) else {
            Output.error("no bays configured: write \(BaysFile.url(options).path)")
            throw ExitCode.failure
        }
        let devices: [USBDevice]
        do { devices = try USBContext().devices() } catch {
            Output.error("cannot list USB devices: \(error)")
            throw ExitCode.failure
        }
        let topology = DockTopology(devices: devices)
        let reports = DockSurvey.survey(bays, devices: devices, topology: topology).map(BayReport.init)
        if json { return try Output.json(reports) }
        for r in reports {
            let what = r.device.map {
                "\($0.vendor_id):\($0.product_id) \($0.kind ?? $0.driverColumn) \($0.serial ?? "-") \($0.model ?? $0.name)"
            } ?? "-"
            Output.line("bay \(r.bay)\t\(r.label ?? "")\t\(r.port_path)\tpower \(r.power ?? "?")\t\(r.state)\t\(what)")
        }
    }
}
