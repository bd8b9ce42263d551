import AllDrivers
import ArgumentParser

struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules",
        abstract: "Print udev rules giving a group the USB devices recgate's drivers claim (deploy/99-recgate.rules).")

    @Option(name: .long, help: "The group the gateway runs as.")
    var group: String = UdevRules.defaultGroup

    func run() throws {
        Output.text(UdevRules.render(BuiltInDrivers.registry, group: group))
    }
}
