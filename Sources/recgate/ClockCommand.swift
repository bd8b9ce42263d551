import ArgumentParser

/// `recgate clock …`: readings of device clocks, by hand or from a file, and what they show.
struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock", abstract: "Device clock readings: record, import, show.",
        subcommands: [ClockRecordCommand.self, ClockImportCommand.self, ClockShowCommand.self])
}
