/// A JSON value with the line and column it starts at, so that every later problem (a bad time, an
/// unknown step type) can be reported where it is in the file. Foundation's JSONSerialization keeps
/// no places, hence this small model and its scanner.
public struct JSONNode: Sendable {
    public indirect enum Value: Sendable {
        case object([JSONMember])
        case array([JSONNode])
        case string(String)
        /// The number's text as written, so nothing is lost to Double before a field decides its type.
        case number(String)
        case bool(Bool)
        case null
    }

    public var value: Value
    public var line: Int
    public var column: Int

    public init(value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// What the value is, for messages: "a string", "an array", …
    public var typeName: String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// One `"key": value` of an object, with the key's own place (an unknown or duplicate key is
/// reported where the key is written).
public struct JSONMember: Sendable {
    public var key: String
    public var line: Int
    public var column: Int
    public var value: JSONNode

    public init(key: String, line: Int, column: Int, value: JSONNode) {
        self.key = key
        self.line = line
        self.column = column
        self.value = value
    }
}
