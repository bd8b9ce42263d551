/// `recgate custody import --json`: `{"file", "imported": true, "added", "updated", "unchanged"}`.
public struct CustodyImportReport: Encodable, Sendable {
    public var file: String
    public var imported = true
    public var added: Int
    public var updated: Int
    public var unchanged: Int

    public init(file: String, added: Int, updated: Int, unchanged: Int) {
        self.file = file
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
    }
}
