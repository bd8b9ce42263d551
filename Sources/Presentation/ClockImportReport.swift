/// `recgate clock import --json`: `{"file", "imported": true, "readings", "added"}`.
public struct ClockImportReport: Encodable, Sendable {
    public var file: String
    public var imported = true
    public var readings: Int
    public var added: Int

    public init(file: String, readings: Int, added: Int) {
        self.file = file
        self.readings = readings
        self.added = added
    }
}
