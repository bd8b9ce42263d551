#if canImport(Glibc)
import Glibc
#endif

/// One sysfs attribute file, read and written as the kernel expects: opened without creating, written in one
/// `write` (the kernel's store function sees the whole value and reports its error there).
public struct SysfsAttribute: Hashable, Sendable, CustomStringConvertible {
    public let path: String

    public init(path: String) { self.path = path }

    public var exists: Bool { access(path, F_OK) == 0 }
    /// Whether this process may write it (root, or a udev rule that opened it up).
    public var isWritable: Bool { access(path, W_OK) == 0 }

    public var description: String { path }

    /// The value, trailing newline removed.
    public func read() throws(FileError) -> String {
        var bytes = try PosixFile.read(path)
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `value` (a newline is added, as `echo` would).
    public func write(_ value: String) throws(FileError) {
        let fd = try FileError.check(open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), "open", path)
        let bytes = Array((value + "\n").utf8)
        let written: Int
        do {
            written = try FileError.check(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) },
                                          "write", path)
        } catch {
            close(fd)
            throw error
        }
        try FileError.check(close(fd), "close", path)
        // sysfs takes a value whole or fails the write; a short write would be a kernel we do not understand.
        guard written == bytes.count else { throw FileError("write", path: path, errno: EIO) }
    }
}
