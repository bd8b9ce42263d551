import AllDrivers
import ArgumentParser
import HubDriver

struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules",
        abstract: "Print udev rules giving a group the USB devices recgate's drivers claim (deploy/99-recgate.rules).")

    @Option(name: .long, help: "The group the gateway runs as.")
    var group: String = UdevRules.defaultGroup

    @Flag(name: .long, help: "Print instead the rules that mount recorders' volumes (deploy/99-recgate-volumes.rules).")
    var volumes = false

    @Option(name: .long, help: ArgumentHelp(
        "With --volumes: a bays file (the home's bays.json); whatever is docked in one of its bays is mounted.",
        valueName: "FILE"))
    var bays: String?

    func run() throws {
        guard volumes else {
            if bays != nil { throw ValidationError("--bays goes with --volumes") }
            Output.text(UdevRules.render(BuiltInDrivers.registry, group: group))
            return
        }
        var ports: [(bay: Int, portPath: String)] = []
        if let bays {
            guard let configuration = try BayConfiguration.load(from: bays) else {
                throw ValidationError("no bays file at \(bays)")
            }
            ports = configuration.bays.map { ($0.number, $0.portPath) }
        }
        Output.text(UdevRules.renderVolumes(BuiltInDrivers.registry, bayPorts: ports))
    }
}
