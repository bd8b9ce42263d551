import ArgumentParser
import Foundation
import Gateway
import Media
import Offload

/// The recording a derived-media command works on: a file path, or the SHA-256 of a clip in the
/// home's store.
struct ClipArgument {
    /// The file to read.
    let path: String
    /// The clip's SHA-256 when it was named by it (then the derived file is linked to it).
    let sha256: String?

    /// Reads `text`: 64 hex digits name a stored clip (`<home>/store/objects/sha256/ab/cd/<hex>`),
    /// unless a file of that name exists here; anything else is a path.
    static func resolve(_ text: String, home: GatewayHome) throws -> ClipArgument {
        let isDigest = text.count == 64 && text.allSatisfy(\.isHexDigit)
        if isDigest, !FileManager.default.fileExists(atPath: text) {
            let hex = text.lowercased()
            let object = Gateway(home: home).storedObjectPath(sha256: hex)
            guard FileManager.default.fileExists(atPath: object) else {
                throw ValidationError("no clip \(hex) in the store of \(home.root.path)")
            }
            return ClipArgument(path: object, sha256: hex)
        }
        guard FileManager.default.fileExists(atPath: text) else { throw ValidationError("no such file: \(text)") }
        return ClipArgument(path: text, sha256: nil)
    }

    /// Refuses `out` when it lies in the home's evidence store (see `GatewayHome.refuseDerivedDestination`),
    /// before any work is done.
    static func checkDestination(_ out: String, home: GatewayHome) throws {
        do {
            try home.refuseDerivedDestination(out)
        } catch {
            Output.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// The options a derived file of this clip is made with: the home's digests (SHA-256, and SM3
    /// where configured) and the clip's SHA-256 for the link to its source.
    func derivedOptions(home: GatewayHome) throws -> DerivedFileOptions {
        try Gateway(home: home).derivedOptions(sourceSHA256: sha256)
    }
}

extension ClipArgument {
    /// Catalogs a file made from a stored clip, linked to it with its recipe and audited. A file made
    /// from a plain path, or from a stored object the catalog does not hold (left by an interrupted
    /// offload, catalogued by the next), has no clip row to link to: it is reported, with a warning.
    func link(_ file: DerivedFile, home: GatewayHome) throws {
        guard let sha256 else { return }
        guard try Gateway(home: home).linkDerived(file, sourceSHA256: sha256) else {
            Output.error("warning: \(sha256) is in the store but not in the catalog; the derived file is not linked")
            return
        }
    }
}
