import Foundation
import Offload

/// The composition root: one home, and the operations the command line and the daemon share. Each
/// operation opens only what it needs (listing devices reads no configuration and creates no catalog;
/// checking cases opens the catalog read-only), so the command line keeps its behaviour and a daemon
/// holding one `Gateway` reaches the same code.
public struct Gateway: Sendable {
    public let home: GatewayHome

    public init(home: GatewayHome) {
        self.home = home
    }

    /// The case desk: configuration, zone, step catalogue and check policy, and the catalog, writable
    /// when `create` (imports, clock records), else read-only. `margin` overrides `match_margin`.
    public func caseDesk(create: Bool, margin: Double? = nil) throws(CaseDeskSetup.Problem) -> CaseDeskSetup {
        try CaseDeskSetup.open(home, create: create, margin: margin)
    }
}
