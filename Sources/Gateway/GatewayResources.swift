import ComplianceCatalog
import Evidence
import Foundation
import Offload
import Presentation
import Synchronization

/// What a long-running process keeps open once: the catalog (a pool: readers at once, one writer) and
/// the case desk over it. A server answering many requests a second would otherwise open the database,
/// check its schema and load the step catalogue for each of them.
final class GatewayResources: Sendable {
    private let catalog = Mutex<Catalog?>(nil)
    private let desk = Mutex<CaseDeskSetup?>(nil)
    /// The clip search's recorded-time index (built in the background by a long-running process).
    let clipIndex = RecordedIndex()
    /// The clip search's page entries as served, kept by the index's stamps.
    let clipPages: ClipPageCache

    init(clipPageCacheBytes: Int) {
        clipPages = ClipPageCache(byteLimit: clipPageCacheBytes)
    }

    func catalog(_ open: () throws -> Catalog) throws -> Catalog {
        try catalog.withLock { shared in
            if let shared { return shared }
            let opened = try open()
            shared = opened
            return opened
        }
    }

    func desk(_ open: () throws -> CaseDeskSetup) throws -> CaseDeskSetup {
        try desk.withLock { shared in
            if let shared { return shared }
            let opened = try open()
            shared = opened
            return opened
        }
    }
}

extension Gateway {
    /// The home's catalog for changes (created and migrated when missing): the one kept open by a
    /// gateway opened with ``open(_:)``, else opened now.
    public func catalog() throws -> Catalog {
        guard let resources else { return try home.openCatalog(try configuration()) }
        return try resources.catalog { try home.openCatalog(try configuration()) }
    }

    /// The home's catalog for reading: the one kept open by a long-running process (which reads what
    /// every writer committed), else opened read-only now (nothing created or written).
    public func catalogForReading() throws -> Catalog {
        guard resources != nil else { return try home.openCatalogForReading(try configuration()) }
        return try catalog()
    }
}
