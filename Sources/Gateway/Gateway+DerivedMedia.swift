import Evidence
import Foundation
import Media
import Offload

extension Gateway {
    /// Where the store keeps the object of SHA-256 `hex` (`<home>/store/objects/sha256/ab/cd/<hex>`),
    /// whether it is there or not.
    public func storedObjectPath(sha256 hex: String) -> String {
        home.storeURL.appendingPathComponent("objects/sha256")
            .appendingPathComponent(String(hex.prefix(2)))
            .appendingPathComponent(String(hex.dropFirst(2).prefix(2)))
            .appendingPathComponent(hex).path
    }

    /// The options a derived file is made with: the home's digests (SHA-256, and SM3 where configured)
    /// and, when it is made from a stored clip, that clip's SHA-256 for the link to its source.
    public func derivedOptions(sourceSHA256: String?) throws -> DerivedFileOptions {
        DerivedFileOptions(digests: try configuration().digests, sourceSHA256: sourceSHA256)
    }

    /// Catalogs `file`, made from the stored clip `sourceSHA256`, linked to it with its recipe and audited.
    /// Returns false, linking nothing, when the catalog holds no such clip (a stored object left by an
    /// interrupted offload is catalogued by the next one).
    public func linkDerived(_ file: DerivedFile, sourceSHA256: String) throws -> Bool {
        let current = try configuration()
        let clip = FileManager.default.fileExists(atPath: home.catalogURL.path)
            ? try home.openCatalogForReading(current).clip(sha256: sourceSHA256) : nil
        guard let clip else { return false }
        try home.openCatalog(current).recordDerived(DerivedRow(
            sourceClipID: clip.id, kind: file.kind.rawValue, sha256: file.sha256, size: file.size,
            path: URL(fileURLWithPath: file.path).standardizedFileURL.path, recipe: file.recipe,
            actor: OffloadRequest.currentActor(), createdAt: Date()))
        return true
    }
}
