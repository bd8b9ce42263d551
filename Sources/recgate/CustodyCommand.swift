import ArgumentParser

/// `recgate custody …`: who carried which device when.
struct CustodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody", abstract: "Who carried which device when.",
        subcommands: [CustodyImportCommand.self])
}
