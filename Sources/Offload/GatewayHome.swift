import Foundation

/// The gateway's data folder: catalog, evidence store and configuration.
///
/// Named by `--home`, else the `RECGATE_HOME` environment variable, else `./data`.
public struct GatewayHome: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public static func resolve(_ option: String?) -> GatewayHome {
        let path = option ?? ProcessInfo.processInfo.environment["RECGATE_HOME"] ?? "data"
        return GatewayHome(root: URL(fileURLWithPath: path))
    }

    public var catalogURL: URL { root.appendingPathComponent("catalog.sqlite") }
    public var storeURL: URL { root.appendingPathComponent("store") }
    public var configurationURL: URL { root.appendingPathComponent("recgate.json") }
    /// One lock file per device being offloaded (see ``DeviceLock``).
    public var locksURL: URL { root.appendingPathComponent("locks") }

    /// Creates the folder when it is missing.
    public func prepare() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
}
