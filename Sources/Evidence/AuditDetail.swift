import Foundation

/// The `detail` of an audit entry: a small flat JSON object with sorted keys, so the same
/// facts always give the same text.
struct AuditDetail: Sendable {
    enum Value: Sendable, Encodable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    private var fields: [String: Value] = [:]

    init() {}

    subscript(key: String) -> Value? {
        get { self.fields[key] }
        set { self.fields[key] = newValue }
    }

    mutating func set(_ key: String, _ value: String?) {
        self.fields[key] = value.map(Value.string) ?? .null
    }

    mutating func set(_ key: String, _ value: Int64) {
        self.fields[key] = .integer(value)
    }

    mutating func set(_ key: String, _ value: Int) {
        self.fields[key] = .integer(Int64(value))
    }

    mutating func set(_ key: String, _ value: Bool) {
        self.fields[key] = .bool(value)
    }

    /// The JSON text.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self.fields) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
