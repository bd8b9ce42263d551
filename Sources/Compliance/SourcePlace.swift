/// Where in an input file something was found: a line (1-based), a column where known, and the field,
/// written as a JSON path (`[2].steps[1].end`) for JSON files or as the column name for CSV files.
public struct SourcePlace: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int?
    /// Counted in characters (Unicode scalars), 1-based, so a place in a line of Chinese text is what an
    /// editor shows.
    public var column: Int?
    public var field: String?

    public init(line: Int? = nil, column: Int? = nil, field: String? = nil) {
        self.line = line
        self.column = column
        self.field = field
    }

    /// `line 12, column 5, [2].steps[1].end`, leaving out what is not known.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        if let column { parts.append("column \(column)") }
        if let field { parts.append(field) }
        return parts.isEmpty ? "(no place)" : parts.joined(separator: ", ")
    }
}
