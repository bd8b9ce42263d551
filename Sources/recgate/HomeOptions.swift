import ArgumentParser
import Offload

/// Options every command shares.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The data folder: catalog, evidence store, configuration (default: $RECGATE_HOME, else ./data).",
        valueName: "DIR"))
    var home: String?

    var resolved: GatewayHome { GatewayHome.resolve(home) }
}
