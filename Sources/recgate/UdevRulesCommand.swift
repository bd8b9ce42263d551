import AllDrivers
import ArgumentParser

struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules",
        abstract: "Print udev rules giving a group the USB devices recgate's drivers claim (deploy/99-recgate.rules).")

    @Option(name: .long, help: "The group the gateway runs as.")
    var group: String = UdevRules.defaultGroup

    @Flag(name: .long, help: "Print instead the rules that mount recorders' volumes (deploy/99-recgate-volumes.rules).")
    var volumes = false

    func run() throws {
        Output.text(volumes ? UdevRules.renderVolumes(BuiltInDrivers.registry)
                            : UdevRules.render(BuiltInDrivers.registry, group: group))
    }
}
