#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from the Digest module: what went wrong (``code``), which call failed (``call``), and a
/// message meant for a person. System-call failures also carry the `errno` and the path involved.
///
/// The mapping from `errno` to ``Code`` lives in one place, ``systemCall(_:errno:path:)``, so every
/// caller reports the same condition the same way.
public struct DigestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. A struct with static members rather than an enum, so new kinds can be
    /// added without breaking callers that switch over it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notFound, permissionDenied, isDirectory, interrupted, io, invalidArgument
            case resourceExhausted, unknownAlgorithm, invalidDigest, unknown
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file does not exist.
        public static let notFound = Code(.notFound)
        /// The process may not open or read the file.
        public static let permissionDenied = Code(.permissionDenied)
        /// A directory was given where a regular file was expected.
        public static let isDirectory = Code(.isDirectory)
        /// The call was interrupted and could not be retried.
        public static let interrupted = Code(.interrupted)
        /// The device reported an input/output error (a failing medium, a yanked USB stick).
        public static let io = Code(.io)
        /// An argument was out of range or otherwise invalid.
        public static let invalidArgument = Code(.invalidArgument)
        /// Out of file descriptors, memory or a similar resource.
        public static let resourceExhausted = Code(.resourceExhausted)
        /// An algorithm name not known to ``DigestAlgorithm``.
        public static let unknownAlgorithm = Code(.unknownAlgorithm)
        /// A digest string that is not the expected length of hexadecimal digits.
        public static let invalidDigest = Code(.invalidDigest)
        /// Any other failure.
        public static let unknown = Code(.unknown)

        public var description: String {
            switch base {
            case .notFound: "not found"
            case .permissionDenied: "permission denied"
            case .isDirectory: "is a directory"
            case .interrupted: "interrupted"
            case .io: "I/O error"
            case .invalidArgument: "invalid argument"
            case .resourceExhausted: "resource exhausted"
            case .unknownAlgorithm: "unknown algorithm"
            case .invalidDigest: "invalid digest"
            case .unknown: "unknown"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The call that failed: a system call such as `"open"` or `"read"`, or an API such as
    /// `"DigestAlgorithm.parseList"`.
    public var call: String
    /// A message for a person, without the code or call (``description`` adds those).
    public var message: String
    /// The `errno` value when a system call failed, else `nil`.
    public var errno: Int32?
    /// The file involved, if any.
    public var path: String?

    public init(code: Code, call: String, message: String, errno: Int32? = nil, path: String? = nil) {
        self.code = code
        self.call = call
        self.message = message
        self.errno = errno
        self.path = path
    }

    public var description: String {
        var text = "\(call): \(code): \(message)"
        if let errno { text += " (errno \(errno))" }
        return text
    }

    /// The single place where an `errno` becomes a ``Code`` and a message.
    static func systemCall(_ call: String, errno: Int32, path: String?) -> DigestError {
        let code: Code =
            switch errno {
            case ENOENT, ENOTDIR: .notFound
            case EACCES, EPERM: .permissionDenied
            case EISDIR: .isDirectory
            case EINTR: .interrupted
            case EIO, ENXIO, ENODEV: .io
            case EINVAL, EBADF, EFAULT: .invalidArgument
            case EMFILE, ENFILE, ENOMEM, ENOBUFS: .resourceExhausted
            default: .unknown
            }
        let reason = String(cString: strerror(errno))
        let message = path.map { "\(reason): \($0)" } ?? reason
        return DigestError(code: code, call: call, message: message, errno: errno, path: path)
    }
}
