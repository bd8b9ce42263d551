import ArgumentParser
import Offload

/// Settings of a check that a command line may change for one run (the home's `recgate.json` keeps
/// them for every run).
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Seconds around each step within which a clip matches it, 0 to 3600 (default: the configuration's "
            + "match_margin, else 120).",
        valueName: "SECONDS"))
    var margin: Double?

    func validate() throws {
        if let margin, let problem = GatewayConfiguration.secondsProblem(margin, GatewayConfiguration.matchMarginRange) {
            throw ValidationError("--margin \(problem)")
        }
    }
}
