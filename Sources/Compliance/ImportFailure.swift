/// Every problem found in one input file. Nothing of a file with problems is imported: the parser
/// reads the whole file, collects all problems, and returns either everything or this.
public struct ImportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// In file order (line, then column).
    public var errors: [InputError]

    public init(errors: [InputError]) {
        self.errors = errors.sorted { ($0.place.line ?? 0, $0.place.column ?? 0) < ($1.place.line ?? 0, $1.place.column ?? 0) }
    }

    public var description: String {
        "\(errors.count) problem\(errors.count == 1 ? "" : "s"):\n" + errors.map { "  \($0)" }.joined(separator: "\n")
    }
}
