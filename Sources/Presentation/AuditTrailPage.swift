import DeviceKit
import Compliance
import Evidence

/// A page of the audit log (`GET /api/audit`): entries in order, and where the next page starts.
public struct AuditTrailPage: Encodable, Sendable {
    public var entries: [Entry]
    /// Pass as `after` for the next page; null on the last.
    public var next_after: Int?

    public init(entries: [AuditEntry], limit: Int) {
        self.entries = entries.map(Entry.init)
        self.next_after = entries.count == limit ? entries.last?.seq : nil
    }

    public struct Entry: Encodable, Sendable {
        public var seq: Int
        public var at: String
        public var actor: String
        public var action: String
        public var object: String
        public var digest: String
        public var detail: String
        public var hash: String

        init(_ entry: AuditEntry) {
            seq = entry.seq
            at = RFC3339.string(entry.at)
            actor = entry.actor
            action = entry.action
            object = entry.object
            digest = entry.digest
            detail = entry.detail
            hash = entry.hash
        }
    }
}
