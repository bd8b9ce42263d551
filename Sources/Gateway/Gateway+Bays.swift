import Foundation
import HubDriver

extension Gateway {
    /// The bays file: `<home>/bays.json` (see `BayConfiguration`).
    public var baysURL: URL { home.root.appendingPathComponent("bays.json") }

    /// The configured bays, or nil when the home has no bays file.
    public func bays() throws -> BayConfiguration? {
        try BayConfiguration.load(from: baysURL.path)
    }
}
