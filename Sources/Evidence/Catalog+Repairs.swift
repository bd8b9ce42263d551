import Digest
import Foundation
import GRDB

/// A stored object found corrupt or missing and put right from verified bytes.
public struct ClipRepair: Sendable, Hashable {
    public var clipID: String
    /// What was found at the object's path: its digests (`sha256:… sm3:…`), `missing` or `unreadable: …`.
    public var found: String
    /// The catalogued digests, which the new bytes were verified against.
    public var expected: DigestSet
    /// Where the bytes found were kept, or `nil` when the object was missing.
    public var quarantinePath: String?
    /// Where the verified bytes came from: the session and the recording's path on its device.
    public var sessionID: String
    public var sourcePath: String

    public init(clipID: String, found: String, expected: DigestSet, quarantinePath: String?, sessionID: String,
                sourcePath: String) {
        self.clipID = clipID
        self.found = found
        self.expected = expected
        self.quarantinePath = quarantinePath
        self.sessionID = sessionID
        self.sourcePath = sourcePath
    }
}

extension Catalog {
    /// Records the repair of a clip's stored object: audit entry `clip.repaired` about the clip, carrying
    /// its sha256, with what was found (`found`: digests, `missing` or `unreadable: …`) and the digests expected, the
    /// quarantine path and where the verified bytes came from. No catalog row changes: the object's name
    /// and digests are the same, only its bytes are right again.
    @discardableResult
    public func recordRepair(_ repair: ClipRepair, actor: String, at: Date) throws -> AuditEntry {
        try self.write("recordRepair") { db in
            guard let clip = try ClipRow.fetchOne(db, key: repair.clipID) else {
                throw Self.notFound("clip \(repair.clipID)", operation: "recordRepair")
            }
            var detail = AuditDetail()
            detail.set("found", repair.found)
            detail.set("expected", repair.expected.description)
            detail.set("quarantine_path", repair.quarantinePath)
            detail.set("session_id", repair.sessionID)
            detail.set("source_path", repair.sourcePath)
            return try Self.appendAudit(
                db, actor: actor, action: "clip.repaired", object: "clip:\(clip.id)", digest: clip.sha256,
                detail: detail.json, at: at)
        }
    }
}
