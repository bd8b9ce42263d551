import DeviceKit
import Foundation

/// Codes a `Date` as RFC 3339 text (UTC) whatever date strategy the encoder or decoder has, so the JSON
/// of results is the same from the command line, the catalog and the HTTP API.
@propertyWrapper
public struct RFC3339Time: Sendable, Hashable, Codable {
    public var wrappedValue: Date

    public init(wrappedValue: Date) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch RFC3339.parse(text) {
        case .success(let date): wrappedValue = date
        case .failure(let problem):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(RFC3339.string(wrappedValue))
    }
}

/// The same for an optional time; nil is written as null (custody's open `to`).
@propertyWrapper
public struct RFC3339OptionalTime: Sendable, Hashable, Codable {
    public var wrappedValue: Date?

    public init(wrappedValue: Date?) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { wrappedValue = nil; return }
        wrappedValue = try RFC3339Time(from: decoder).wrappedValue
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(RFC3339.string(wrappedValue)) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as nil, as it would for a plain `Date?`.
    public func decode(_ type: RFC3339OptionalTime.Type, forKey key: Key) throws -> RFC3339OptionalTime {
        try decodeIfPresent(type, forKey: key) ?? RFC3339OptionalTime(wrappedValue: nil)
    }
}
