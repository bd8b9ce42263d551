// The global option `--home DIR` may stand before the subcommand (`recgate --home DIR offload …`), as
// DESIGN.md's command line has it. swift-argument-parser matches an option only to the command that
// declares it, and every subcommand declares it through `HomeOptions`, so it is moved behind the
// subcommand's own arguments before parsing.
let arguments = HomeOptions.hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
RecgateCommand.main(arguments)
