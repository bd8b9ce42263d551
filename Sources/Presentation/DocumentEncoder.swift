import Foundation

/// The JSON documents the command line prints: one encoder, so anything else serving them (the status
/// endpoint, later the API) gives the same bytes.
public enum DocumentEncoder {
    /// Pretty-printed, keys sorted, slashes as they are, dates in ISO 8601.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let document = value as? any PrettyJSONWritable {
            var writer = PrettyJSONWriter()
            if document.write(to: &writer) { return Data(writer.bytes) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}

extension DocumentEncoder {
    /// The same document on one line (keys sorted): for a server-sent event, whose data ends at a newline.
    public static func encodeCompact<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}
