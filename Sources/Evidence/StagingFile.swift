#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written in the store's `staging/` folder, before it becomes an object.
///
/// It owns its file descriptor: `deinit` closes it. It does **not** unlink the file, so a crash
/// (or a forgotten ``EvidenceStore/discard(_:)``) leaves it for
/// ``EvidenceStore/removeStaleStaging()``. Being noncopyable, a staging file is consumed
/// exactly once, by ``EvidenceStore/commit(_:sha256:)`` or ``EvidenceStore/discard(_:)``.
public struct StagingFile: ~Copyable, Sendable {
    /// The absolute path of the file in `staging/`.
    public let path: String

    private let descriptor: Int32

    /// The open file descriptor (write-only). Valid for as long as this value lives.
    public var fileDescriptor: Int32 { self.descriptor }

    init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        Syscall.closeFile(self.descriptor)
    }

    /// Appends all of `bytes`, looping over short writes and `EINTR`.
    ///
    /// A full file system surfaces as an ``EvidenceError`` with code ``EvidenceError/Code/noSpace``
    /// and this file's path.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(EvidenceError) {
        try Syscall.writeAll(self.descriptor, bytes, path: self.path)
    }

    /// Appends all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(EvidenceError) {
        // Array.withUnsafeBytes rethrows untyped errors: carry the typed one out by hand.
        let failure = bytes.withUnsafeBytes { raw -> EvidenceError? in
            do throws(EvidenceError) {
                try Syscall.writeAll(self.descriptor, raw, path: self.path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Flushes the file's data and metadata to stable storage (`fsync`).
    public func sync() throws(EvidenceError) {
        try Syscall.syncFile(self.descriptor, path: self.path)
    }

    /// The number of bytes in the file now.
    public func size() throws(EvidenceError) -> Int64 {
        Int64(try Syscall.status(self.descriptor, path: self.path).st_size)
    }
}
