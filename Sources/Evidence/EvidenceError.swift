/// An error thrown by the `Evidence` module: the store, the catalog and the audit log.
///
/// Modelled on swift-nio's `FileSystemError`: a ``Code`` that can grow without breaking
/// exhaustive switches, the call that failed, the path it failed on (when there is one),
/// a message for people, and the underlying error or `errno` when there is one.
public struct EvidenceError: Error, Sendable {
    /// What kind of failure this is.
    public var code: Code

    /// The call that failed: a system call (`"write"`, `"fsync"`, `"link"`), or a catalog
    /// operation (`"recordVerified"`).
    public var operation: String

    /// The file or folder the failing call worked on, if any.
    public var path: String?

    /// A description for people: what was attempted and what went wrong.
    public var message: String

    /// The `errno` value, when the failure came from a system call.
    public var systemErrno: Int32?

    /// The underlying error (for example a GRDB `DatabaseError`), if any.
    public var cause: (any Error & Sendable)?

    /// Where in this module the error was raised.
    public var location: SourceLocation

    public init(
        code: Code,
        operation: String,
        path: String? = nil,
        message: String,
        systemErrno: Int32? = nil,
        cause: (any Error & Sendable)? = nil,
        location: SourceLocation
    ) {
        self.code = code
        self.operation = operation
        self.path = path
        self.message = message
        self.systemErrno = systemErrno
        self.cause = cause
        self.location = location
    }
}

extension EvidenceError {
    /// The kind of an ``EvidenceError``. New codes may be added: switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Wrapped: Hashable, Sendable {
            case noSpace
            case invalidDigest
            case invalidArgument
            case notFound
            case alreadyExists
            case permissionDenied
            case readOnlyFileSystem
            case io
            case conflict
            case invalidState
            case database
            case unknown
        }

        fileprivate var wrapped: Wrapped

        fileprivate init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The file system is full (`ENOSPC`) or a quota is exhausted (`EDQUOT`).
        public static let noSpace = Code(.noSpace)
        /// A content digest is not 64 lowercase hexadecimal characters.
        public static let invalidDigest = Code(.invalidDigest)
        /// An argument was refused (bad path, negative size, …).
        public static let invalidArgument = Code(.invalidArgument)
        /// A file, folder or catalog row does not exist.
        public static let notFound = Code(.notFound)
        /// A file that must be new exists already.
        public static let alreadyExists = Code(.alreadyExists)
        /// The process may not do this (`EACCES`, `EPERM`).
        public static let permissionDenied = Code(.permissionDenied)
        /// The file system is mounted read-only (`EROFS`).
        public static let readOnlyFileSystem = Code(.readOnlyFileSystem)
        /// An input/output error, or another system-call failure.
        public static let io = Code(.io)
        /// Two facts about the same content disagree (for example one sha256, two sizes).
        public static let conflict = Code(.conflict)
        /// The operation does not apply to the object in its present state.
        public static let invalidState = Code(.invalidState)
        /// SQLite or GRDB failed; ``EvidenceError/cause`` holds the `DatabaseError`.
        public static let database = Code(.database)
        /// Anything else.
        public static let unknown = Code(.unknown)

        public var description: String {
            switch self.wrapped {
            case .noSpace: "noSpace"
            case .invalidDigest: "invalidDigest"
            case .invalidArgument: "invalidArgument"
            case .notFound: "notFound"
            case .alreadyExists: "alreadyExists"
            case .permissionDenied: "permissionDenied"
            case .readOnlyFileSystem: "readOnlyFileSystem"
            case .io: "io"
            case .conflict: "conflict"
            case .invalidState: "invalidState"
            case .database: "database"
            case .unknown: "unknown"
            }
        }
    }

    /// A place in the source of this module.
    public struct SourceLocation: Hashable, Sendable {
        public var function: String
        public var file: String
        public var line: Int

        public init(function: String, file: String, line: Int) {
            self.function = function
            self.file = file
            self.line = line
        }

        static func here(function: String = #function, file: String = #fileID, line: Int = #line) -> Self {
            SourceLocation(function: function, file: file, line: line)
        }
    }
}

extension EvidenceError: CustomStringConvertible {
    public var description: String {
        var text = "EvidenceError(\(self.code)): \(self.operation)"
        if let path { text += " '\(path)'" }
        text += ": \(self.message)"
        if let systemErrno { text += " (errno \(systemErrno))" }
        if let cause { text += " [cause: \(cause)]" }
        return text
    }
}
