/// A disagreement between the audit log and the catalog's rows: a row whose entry is not in the
/// log, or an entry about a row that does not exist.
///
/// Every row the catalog writes is written in one transaction with its entry, and rows are never
/// deleted, so either is proof that the log or the rows were changed behind the catalog's back
/// (entries removed and the chain rebuilt, or rows deleted with their triggers dropped). The
/// chain and anchors cannot show this when the tail was cut and the anchor rewritten; the rows can.
public struct AuditGap: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A row without the entry written with it.
        case missingEntry = "missing_entry"
        /// An entry about a row that does not exist (or exists with another digest).
        case missingRow = "missing_row"
        /// A second entry where one row has exactly one.
        case duplicateEntry = "duplicate_entry"
    }

    public var kind: Kind
    /// The entry's action that is missing or at fault, e.g. `clip.stored`.
    public var action: String
    /// What the entry is or would be about: `clip:<id>`, `session:<id>`, `sighting:<id>`, …
    public var object: String
    /// The entry at fault, when there is one.
    public var seq: Int?
    /// The content digest involved (a clip's sha256), when there is one.
    public var sha256: String?

    public var description: String {
        switch self.kind {
        case .missingEntry:
            "\(self.object) has no \(self.action) entry in the audit log"
                + (self.sha256.map { " (sha256 \($0))" } ?? "")
        case .missingRow:
            "entry \(self.seq.map(String.init) ?? "?") (\(self.action)) names \(self.object)"
                + (self.sha256.map { " with sha256 \($0)" } ?? "") + ", which the catalog does not hold"
        case .duplicateEntry:
            "\(self.object) has more than one \(self.action) entry (the second is entry "
                + "\(self.seq.map(String.init) ?? "?"))"
        }
    }
}
