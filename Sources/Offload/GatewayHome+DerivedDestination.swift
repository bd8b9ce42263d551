import Foundation

extension GatewayHome {
    /// Refuses `destination` for a derived file (proxy, contact sheet, faststart copy, recovered clip) when
    /// it lies in the evidence store: the store holds originals only, each named by the digest of its bytes
    /// and verified against the catalog, and its staging folder is emptied by the next offload. A derived file
    /// there would be an object no clip claims, or lost.
    ///
    /// Checked both as written and with every symbolic link of its folder resolved, so a link that leads
    /// into the store is caught too.
    public func refuseDerivedDestination(_ destination: String) throws {
        let store = storeURL.standardizedFileURL.path
        let written = URL(fileURLWithPath: destination).standardizedFileURL
        let folder = written.deletingLastPathComponent().path
        let candidates = [(folder, store), (Self.resolved(folder), Self.resolved(store))]
        for (inside, root) in candidates where Self.isWithin(inside, root) {
            throw OffloadError(
                .invalidArgument, call: "derive", path: destination,
                message: "derived files are never written into the evidence store (\(store)); choose another folder")
        }
    }

    private static func isWithin(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `path` with symbolic links resolved as far as it exists (the rest kept as written).
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else {
            let url = URL(fileURLWithPath: path)
            let parent = url.deletingLastPathComponent().path
            return parent == path ? path : resolved(parent) + "/" + url.lastPathComponent
        }
        defer { free(real) }
        return String(cString: real)
    }
}
