import ArgumentParser
import Foundation
import HubDriver
import Offload
import USB

struct DockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock", abstract: "Act on a dock bay.", subcommands: [DockPowerCommand.self])
}

/// One port switched, as `recgate dock power --json` reports it.
struct PortSwitchReport: Encodable {
    var hub: String
    var port: Int
    var port_path: String
    var power: String
    /// `sysfs` (the port's `disable` attribute) or `hub-request` (SET/CLEAR_FEATURE PORT_POWER).
    var method: String
    /// The attribute written, for `sysfs`; null otherwise.
    var file: String?
    /// The port's power as the hub reports it afterwards (`on`/`off`; null when it did not answer).
    var power_after: String?

    init(_ s: PortSwitch) {
        hub = s.hub
        port = Int(s.port)
        port_path = s.portPath
        power = s.on ? "on" : "off"
        method = s.method.rawValue
        file = s.file
        power_after = s.after.map { $0.isPowered ? "on" : "off" }
    }

    enum CodingKeys: String, CodingKey { case hub, port, port_path, power, method, file, power_after }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hub, forKey: .hub)
        try c.encode(port, forKey: .port)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(power, forKey: .power)
        try c.encode(method, forKey: .method)
        try c.encode(file, forKey: .file)
        try c.encode(power_after, forKey: .power_after)
    }
}

struct DockPowerReport: Encodable {
    var bay: Int
    var action: String
    /// Every port switched, in order (a cycle lists the ports switched off, then on).
    var switched: [PortSwitchReport]
}

struct DockPowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power", abstract: "Switch a bay's port power on, off, or off and on again.",
        discussion: """
            The port's sysfs `disable` attribute is used where the kernel has it (Linux 6.0 and later) and it may \
            be written, else the hub class request. On a USB 3 dock both halves of the hub are switched.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable { case on, off, cycle }

    @OptionGroup var options: HomeOptions

    @Argument(help: "The bay number, 1 to 255.") var bay: Int
    @Argument(help: "on, off or cycle.") var action: Action

    @Option(name: .long, help: "Seconds without power when cycling, 0 to 60.") var offSeconds: Double = 2

    /// Long enough for any device to notice it lost power; longer is a mistyped number.
    static let offSecondsRange: ClosedRange<Double> = 0...60

    func validate() throws {
        guard DocksCommand.bayRange.contains(bay) else { throw ValidationError("the bay number must be 1 to 255, not \(bay)") }
        if let problem = GatewayConfiguration.secondsProblem(offSeconds, Self.offSecondsRange) {
            throw ValidationError("--off-seconds \(problem)")
        }
    }

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        guard let bays = try BaysFile.load(options), let entry = bays.bays.first(where: { $0.number == bay }) else {
            Output.error("bay \(bay) is not configured in \(BaysFile.url(options).path)")
            throw ExitCode.failure
        }
        guard let (hubPath, _) = entry.hubPort else {
            Output.error("bay \(bay): \(entry.portPath) is not a hub port")
            throw ExitCode.failure
        }
        var switched: [PortSwitch] = []
        do {
            let devices = try USBContext().devices()
            guard devices.contains(where: { $0.portPath == hubPath }) else {
                Output.error("bay \(bay): hub \(hubPath) is not attached")
                throw ExitCode.failure
            }
            let topology = DockTopology(devices: devices)
            func power(_ on: Bool) throws(HubError) {
                switched += try BayPower.switchPower(entry, on: on, devices: devices, topology: topology)
            }
            switch action {
            case .on: try power(true)
            case .off: try power(false)
            case .cycle:
                try power(false)
                usleep(UInt32(offSeconds * 1_000_000))  // validated: at most 60 s
                try power(true)
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
        if json {
            return try Output.json(DockPowerReport(bay: bay, action: action.rawValue, switched: switched.map(PortSwitchReport.init)))
        }
        for s in switched {
            let how = s.method == .sysfs ? "sysfs \(s.file ?? "")" : "hub request"
            let now = s.after.map { $0.isPowered ? ", port reports power on" : ", port reports power off" } ?? ""
            Output.line("bay \(bay): \(s.portPath) \(s.on ? "on" : "off") (\(how)\(now))")
        }
    }
}
