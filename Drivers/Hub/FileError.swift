#if canImport(Glibc)
import Glibc
#endif

/// A file operation that failed: which operation, on which file, and the errno.
///
/// Every errno the hub driver sees (sysfs attributes, the bays file) becomes a `FileError` here and nowhere
/// else (``check(_:_:_:)``), so each failure names the file and the reason.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `open`, `write`, `fsync`, `rename`, …
    public var operation: String
    public var path: String
    public var errno: Int32

    public init(_ operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The C library's text for the errno, e.g. `Permission denied`.
    public var reason: String { String(cString: strerror(errno)) }

    public var description: String { "cannot \(operation) \(path): \(reason) (errno \(errno))" }

    /// Passes a non-negative result through; turns -1 into a `FileError` carrying the thread's errno.
    @discardableResult
    @inline(__always)
    static func check<T: BinaryInteger>(_ result: T, _ operation: String, _ path: String) throws(FileError) -> T {
        guard result < 0 else { return result }
        throw FileError(operation, path: path, errno: Glibc.errno)
    }
}
