import ArgumentParser
import Gateway
import Offload

/// Options every command shares.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The data folder: catalog, evidence store, configuration (default: $RECGATE_HOME, else ./data).",
        valueName: "DIR"))
    var home: String?

    var resolved: GatewayHome { GatewayHome.resolve(home) }

    /// The gateway over that home.
    var gateway: Gateway { Gateway(home: resolved) }
}

extension HomeOptions {
    /// Moves `--home DIR` / `--home=DIR` given before the subcommand to the end of the arguments
    /// (before a `--` terminator, if any), where the subcommand's `HomeOptions` will match it.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("--home") {
            if first == "--home", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--home=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        var result = Array(rest)
        let end = result.firstIndex(of: "--") ?? result.endIndex
        result.insert(contentsOf: leading, at: end)
        return result
    }
}
