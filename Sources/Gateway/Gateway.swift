import Foundation
import Offload

/// The composition root: one home, and the operations the command line and the daemon share.
///
/// The command line makes one with ``init(home:)`` for its one operation, and each operation opens
/// only what it needs, as it always did: listing devices reads no configuration and creates no catalog,
/// checking a case opens the catalog read-only, an import opens it for writing. A long-running process
/// opens the home once with ``open(_:)``: the configuration is read and checked (its zone too) at start,
/// and every operation after uses that one, whatever becomes of `recgate.json` meanwhile.
public struct Gateway: Sendable {
    public let home: GatewayHome
    /// The configuration read when the home was opened; nil when each operation reads it.
    private let opened: GatewayConfiguration?
    /// What a gateway opened with ``open(_:)`` keeps open (the catalog, the case desk); nil otherwise.
    let resources: GatewayResources?

    public init(home: GatewayHome) {
        self.home = home
        self.opened = nil
        self.resources = nil
    }

    private init(home: GatewayHome, configuration: GatewayConfiguration) {
        self.home = home
        self.opened = configuration
        let cacheMB = configuration.clipPageCacheMB ?? GatewayConfiguration.defaultClipPageCacheMB
        self.resources = GatewayResources(clipPageCacheBytes: cacheMB << 20)
    }

    /// Opens `home` for a long-running process: reads and checks its configuration and zone once.
    public static func open(_ home: GatewayHome) throws -> Gateway {
        let configuration = try GatewayConfiguration.load(from: home)
        _ = try configuration.zone()
        return Gateway(home: home, configuration: configuration)
    }

    /// The home's configuration: the one read when the home was opened, else `recgate.json` as it is now
    /// (defaults when absent), checked.
    public func configuration() throws -> GatewayConfiguration {
        try opened ?? GatewayConfiguration.load(from: home)
    }

    /// The case desk: configuration, zone, step catalogue and check policy, and the catalog, writable
    /// when `create` (imports, clock records), else read-only. `margin` overrides `match_margin`.
    /// A gateway opened with ``open(_:)`` keeps one desk over its shared catalog (the step catalogue read
    /// once, like the configuration) for every call without a `margin`.
    public func caseDesk(create: Bool, margin: Double? = nil) throws(CaseDeskSetup.Problem) -> CaseDeskSetup {
        guard let resources, margin == nil else {
            return try CaseDeskSetup.open(home, configuration: opened, create: create, margin: margin)
        }
        do {
            return try resources.desk {
                try CaseDeskSetup.open(home, configuration: opened, catalog: try catalog())
            }
        } catch let problem as CaseDeskSetup.Problem {
            throw problem
        } catch {
            throw .other("cannot open the catalog \(home.catalogURL.path): \(error)")
        }
    }
}
