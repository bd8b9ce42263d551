import ArgumentParser

/// `recgate case …`: cases with their steps, checked against the recordings.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases and their steps: import them, check their recordings, report.",
        subcommands: [CaseImportCommand.self, CaseCheckCommand.self, CaseReportCommand.self])
}
