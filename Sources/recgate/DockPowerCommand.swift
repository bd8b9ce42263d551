import ArgumentParser
import Foundation
import Gateway
import HubDriver
import Offload
import Presentation
import USB

struct DockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock", abstract: "Act on a dock bay.", subcommands: [DockPowerCommand.self])
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
        let switched: [PortSwitch]
        do {
            switched = try options.gateway.dockPower(bay: bay, DockPowerAction(rawValue: action.rawValue)!, offSeconds: offSeconds)
        } catch {
            switch error {
            case .bays(let error): throw error
            case .notConfigured(let url): Output.error("bay \(bay) is not configured in \(url.path)")
            case .notAHubPort(let path): Output.error("bay \(bay): \(path) is not a hub port")
            case .hubNotAttached(let hubPath): Output.error("bay \(bay): hub \(hubPath) is not attached")
            case .hub(.noPerPortPowerSwitching(let mode), let hubPath):
                Output.error("bay \(bay): hub \(hubPath) cannot switch one port's power (its power switching is \(mode))")
            case .hub(let error, _): Output.error("bay \(bay): \(error)")
            case .usb(let error): Output.error("bay \(bay): \(error)")
            }
            throw ExitCode.failure
        }
        // A device that lost power mid-offload is something the audit trail must explain, whoever switched it.
        do {
            try options.gateway.auditBayPower(bay: bay, action: action.rawValue, actor: UserCommand.actor())
        } catch {
            Output.error("bay \(bay) was switched \(action.rawValue), but the audit entry could not be written: \(error)")
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
