import Crypto
import Foundation

extension AuditEntry {
    /// The version tag that starts every hashed message. A future encoding gets a new tag.
    static let hashDomain = "recgate.audit.v1"

    /// The hash of an entry: lowercase hex SHA-256 over this canonical encoding.
    ///
    /// The message is ten fields, each written as its length in bytes (UInt64, big-endian,
    /// 8 bytes) followed by its UTF-8 bytes:
    ///
    ///     0  "recgate.audit.v1"          (domain and version tag)
    ///     1  seq                         (decimal ASCII, no sign, no leading zeros)
    ///     2  id                          (the UUID as stored)
    ///     3  at                          (the RFC 3339 text exactly as stored in the row)
    ///     4  actor
    ///     5  action
    ///     6  object
    ///     7  digest                      ("" when none)
    ///     8  detail                      ("" when none)
    ///     9  prev_hash                   (64 lowercase hex; 64 zeros for seq 1)
    ///
    /// The length prefixes make the encoding unambiguous: no choice of field contents can
    /// make two different entries produce the same message (no separator to inject).
    /// Strings are hashed as the exact UTF-8 bytes stored, without Unicode normalisation.
    static func chainHash(
        seq: Int, id: String, at: String, actor: String, action: String, object: String,
        digest: String, detail: String, prevHash: String
    ) -> String {
        var hasher = SHA256()
        for field in [hashDomain, String(seq), id, at, actor, action, object, digest, detail, prevHash] {
            let bytes = Array(field.utf8)
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        return SHA256Hex.encode(hasher.finalize())
    }
}
