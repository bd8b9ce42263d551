import Foundation
import GRDB

/// The current revision of a case (table `case_file`). Earlier revisions are ``CaseRevisionRow``s.
public struct CaseFileRow: Codable, Sendable, Hashable {
    public var caseID: String
    public var title: String?
    public var department: String?
    public var revision: Int
    /// Lowercase hex SHA-256 of `document`.
    public var digest: String
    public var document: String
    public var importedAt: Date
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case title, department, revision, digest, document
        case importedAt = "imported_at"
        case actor
    }
}

extension CaseFileRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "case_file"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}

/// One imported revision of a case (table `case_revision`): insert-only history.
public struct CaseRevisionRow: Codable, Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var revision: Int
    public var digest: String
    public var document: String
    /// The file it came from.
    public var source: String
    public var importedAt: Date
    public var actor: String

    enum CodingKeys: String, CodingKey {
        case id
        case caseID = "case_id"
        case revision, digest, document, source
        case importedAt = "imported_at"
        case actor
    }
}

extension CaseRevisionRow: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "case_revision"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .rfc3339 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .rfc3339 }
}
