#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The one place where errno values become EvidenceError codes.

extension EvidenceError.Code {
    /// The code for a system call that failed with `errno`.
    init(errno: Int32) {
        switch errno {
        case ENOSPC, EDQUOT: self = .noSpace
        case ENOENT, ENOTDIR: self = .notFound
        case EEXIST: self = .alreadyExists
        case EACCES, EPERM: self = .permissionDenied
        case EROFS: self = .readOnlyFileSystem
        case EINVAL, ENAMETOOLONG, EISDIR, EBADF: self = .invalidArgument
        case EIO: self = .io
        default: self = .io
        }
    }
}

extension EvidenceError {
    /// An error for the system call `call` that failed on `path` with `errno`.
    static func system(
        _ call: String,
        errno: Int32,
        path: String?,
        function: String = #function,
        file: String = #fileID,
        line: Int = #line
    ) -> EvidenceError {
        let code = Code(errno: errno)
        let reason = String(cString: strerror(errno))
        let message: String
        if code == .noSpace, let path {
            message = "no space left for '\(path)': \(reason)"
        } else {
            message = reason
        }
        return EvidenceError(
            code: code,
            operation: call,
            path: path,
            message: message,
            systemErrno: errno,
            location: SourceLocation(function: function, file: file, line: line)
        )
    }
}
