/// One problem in an input file (cases, custody, step catalogue), with its place.
public struct InputError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file is not JSON, or a CSV quote is not closed.
        case syntax
        /// The file cannot be read.
        case unreadable
        case missingField = "missing_field"
        case unknownField = "unknown_field"
        case duplicateField = "duplicate_field"
        /// A value of the wrong JSON type (a number where a string belongs, …).
        case wrongType = "wrong_type"
        /// An identifier or required text that is empty.
        case emptyValue = "empty_value"
        /// Not an RFC 3339 time with a UTC offset.
        case invalidTime = "invalid_time"
        /// A time before 2000-01-01 or from 2100-01-01 on (``PlausibleTime``).
        case timeOutOfRange = "time_out_of_range"
        /// An identifier too long or with characters outside ``Identifier``'s set.
        case invalidIdentifier = "invalid_identifier"
        case endNotAfterStart = "end_not_after_start"
        case unknownStepType = "unknown_step_type"
        case duplicateStep = "duplicate_step"
        case duplicateCase = "duplicate_case"
        case invalidBoolean = "invalid_boolean"
        /// A step whose type needs audio-visual recording names no officer.
        case missingOfficers = "missing_officers"
        /// `full_process: true` on a step the catalogue records by documents only.
        case fullProcessWithoutRecording = "full_process_without_recording"
        /// CSV: two rows of one case disagree on a case-level field (title, department).
        case conflictingValue = "conflicting_value"
        /// CSV: a row with more or fewer fields than the header.
        case columnCount = "column_count"
        case unknownColumn = "unknown_column"
        case missingColumn = "missing_column"
        case duplicateColumn = "duplicate_column"
        /// Custody: one device held twice at the same time.
        case custodyOverlap = "custody_overlap"
        /// A value outside its allowed set (catalogue enumerations, article numbers, versions).
        case invalidValue = "invalid_value"
        /// Catalogue: one step type defined twice.
        case duplicateType = "duplicate_type"
        /// A step field its type does not take: an Art 16 exemption on a type Art 16 does not cover,
        /// Art 35 roles on a step that is not internal.
        case fieldNotAllowed = "field_not_allowed"
    }

    public var kind: Kind
    public var place: SourcePlace
    public var message: String

    public init(_ kind: Kind, _ place: SourcePlace, _ message: String) {
        self.kind = kind
        self.place = place
        self.message = message
    }

    public var description: String { "\(place): \(message)" }
}
