/// A JSON value with the line and column it starts at, so that every later problem (a bad time, an
/// unknown step type) can be reported where it is in the file. Foundation's JSONSerialization keeps
/// no places, hence this small model and its scanner.
struct JSONNode: Sendable {
    indirect enum Value: Sendable {
        case object([JSONMember])
        case array([JSONNode])
        case string(String)
        /// The number's text as written, so nothing is lost to Double before a field decides its type.
        case number(String)
        case bool(Bool)
        case null
    }

    var value: Value
    var line: Int
    var column: Int

    /// What the value is, for messages: "a string", "an array", …
    var typeName: String {
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
struct JSONMember: Sendable {
    var key: String
    var line: Int
    var column: Int
    var value: JSONNode
}
