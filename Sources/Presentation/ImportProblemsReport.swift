import Compliance

/// `--json`: `{"file", "imported": false, "errors": [{kind, line, column, field, message}]}`.
public struct ImportProblemsReport: Encodable, Sendable {
    public var file: String
    public var imported = false
    public var errors: [Entry]

    public init(file: String, errors: [Entry]) {
        self.file = file
        self.errors = errors
    }

    /// One problem with its place.
    public struct Entry: Encodable, Sendable {
        public var kind: String
        public var line: Int?
        public var column: Int?
        public var field: String?
        public var message: String

        public init(_ error: InputError) {
            kind = error.kind.rawValue
            line = error.place.line
            column = error.place.column
            field = error.place.field
            message = error.message
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(field, forKey: .field)
            try c.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case kind, line, column, field, message }
    }
}
