import DeviceKit
import Foundation
import GRDB

// Every Date column in the catalog is RFC 3339 UTC text with milliseconds (see RFC3339).
// Each record type returns these from databaseDateEncodingStrategy(for:) and
// databaseDateDecodingStrategy(for:).

extension DatabaseDateEncodingStrategy {
    static var rfc3339: Self {
        .custom { date in RFC3339.catalogString(from: date) }
    }
}

extension DatabaseDateDecodingStrategy {
    static var rfc3339: Self {
        .custom { value in
            String.fromDatabaseValue(value).flatMap(RFC3339.date(from:))
        }
    }
}
