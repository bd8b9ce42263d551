#if canImport(Glibc)
import Glibc
#endif

/// An error of the offload path: what failed, on which file, and why, in words a keeper can act on.
///
/// Shaped like swift-nio's `FileSystemError`: an extensible code, the failing system call and a message.
public struct OffloadError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let noSpace = Code(name: "no_space")
        public static let readFailed = Code(name: "read_failed")
        public static let writeFailed = Code(name: "write_failed")
        public static let permissionDenied = Code(name: "permission_denied")
        public static let notFound = Code(name: "not_found")
        public static let sourceChanged = Code(name: "source_changed")
        public static let verificationFailed = Code(name: "verification_failed")
        public static let deviceConflict = Code(name: "device_conflict")
        public static let busy = Code(name: "busy")
        public static let invalidArgument = Code(name: "invalid_argument")
        public static let io = Code(name: "io")
        /// The device's driver does not support the operation.
        public static let unsupported = Code(name: "unsupported")
    }

    public var code: Code
    /// The system call or step that failed, e.g. `read`, `fsync`, `verify`.
    public var call: String
    /// The file the error is about, when there is one.
    public var path: String?
    public var message: String

    public init(_ code: Code, call: String, path: String? = nil, message: String) {
        self.code = code
        self.call = call
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "\(path): \(message) (\(call))" }
        return "\(message) (\(call))"
    }

    /// The same error told about `file` (the recording), keeping where it happened, e.g. a staging
    /// file that ran out of space, in the message.
    func naming(_ file: String) -> OffloadError {
        guard path != file else { return self }
        var named = self
        named.path = file
        if let path { named.message = "\(message) (\(call) \(path))" }
        return named
    }

    /// The one place where errno values become offload errors.
    public static func errno(_ value: Int32, call: String, path: String?) -> OffloadError {
        let text = String(cString: strerror(value))
        let code: Code
        switch value {
        case ENOSPC, EDQUOT: code = .noSpace
        case EACCES, EPERM, EROFS: code = .permissionDenied
        case ENOENT, ENODEV, ENXIO: code = .notFound
        case EIO: code = .io
        default: code = call.hasPrefix("write") || call == "fsync" ? .writeFailed : .readFailed
        }
        return OffloadError(code, call: call, path: path, message: text)
    }
}
