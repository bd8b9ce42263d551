import Evidence
import Foundation

extension GatewayHome {
    /// The configured copy of the audit head (`audit_head_copy`), which must be an absolute path.
    public func auditHeadCopy(_ configuration: GatewayConfiguration) throws -> URL? {
        guard let path = configuration.auditHeadCopy else { return nil }
        guard path.hasPrefix("/") else {
            throw OffloadError(.invalidArgument, call: "configuration", path: configurationURL.path,
                               message: "audit_head_copy must be an absolute path, not \(path)")
        }
        return URL(fileURLWithPath: path)
    }

    /// Opens the catalog to write to it (creating and migrating it when needed), with the configured
    /// audit head copy.
    ///
    /// A catalog that is missing, empty (0 bytes) or without a single audit entry while the store
    /// holds objects, or missing while its audit anchor records entries, is refused: the catalog was
    /// lost or replaced, and a new empty one in its place would hide that. Nothing is created then;
    /// the catalog must be restored from a backup.
    public func openCatalog(_ configuration: GatewayConfiguration) throws -> Catalog {
        let copy = try auditHeadCopy(configuration)
        let size = (try? FileManager.default.attributesOfItem(atPath: catalogURL.path)[.size] as? Int) ?? nil
        if size == nil || size == 0 {
            let why = size == nil ? "there is no catalog at \(catalogURL.path)" : "the catalog \(catalogURL.path) is empty (0 bytes)"
            if let count = Catalog.anchoredEntries(catalogAt: catalogURL), count > 0 {
                throw OffloadError(
                    .invalidArgument, call: "open", path: catalogURL.path,
                    message: "\(why), but its audit anchor records \(count) entries: the catalog was lost or replaced; "
                        + "restore it from a backup (recgate will not start a new catalog in its place)")
            }
            try refuseOverObjects(why)
        }
        let catalog = try Catalog(path: catalogURL, auditHeadCopy: copy)
        if try catalog.auditEntries(limit: 1).isEmpty {
            try refuseOverObjects("the catalog \(catalogURL.path) holds no audit entry")
        }
        return catalog
    }

    /// Opens the existing catalog for reading only (see ``Catalog/init(readingAt:auditHeadCopy:)``):
    /// a missing one is an error, never created.
    public func openCatalogForReading(_ configuration: GatewayConfiguration) throws -> Catalog {
        try Catalog(readingAt: catalogURL, auditHeadCopy: try auditHeadCopy(configuration))
    }

    /// Throws when the store holds any object: `why` the catalog cannot account for it.
    func refuseOverObjects(_ why: String) throws {
        let objects = try EvidenceStore.inventory(root: storeURL, limit: 1)
        guard let first = objects.first else { return }
        throw OffloadError(
            .invalidArgument, call: "open", path: catalogURL.path,
            message: "\(why), but the store \(storeURL.path) holds objects (\(first.path)): the catalog was lost "
                + "or replaced; restore it from a backup (recgate will not start a new catalog over stored evidence)")
    }
}
