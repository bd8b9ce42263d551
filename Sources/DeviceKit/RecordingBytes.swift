#if canImport(Glibc)
import Glibc
#endif

/// A recording opened to be read once, as its device gives it: a file the core copies with its own
/// pipeline (the same code for every file-backed device), or a stream the device sends.
public enum RecordingBytes {
    case file(RecordingFile)
    case stream(RecordingStream)
}

/// A recording's file, opened and checked by its session: the reader reads at most ``size`` bytes from
/// ``descriptor`` (and tries one more, to see it did not grow), then calls ``finish(bytesRead:)``, which
/// checks the file is unchanged and pins it for release. The descriptor is closed with this object.
public final class RecordingFile {
    public let descriptor: Int32
    /// The size seen when the file was opened.
    public let size: Int64
    private let check: (Int64) throws -> Void

    public init(descriptor: Int32, size: Int64, finish check: @escaping (Int64) throws -> Void) {
        self.descriptor = descriptor
        self.size = size
        self.check = check
    }

    deinit { close(descriptor) }

    /// Checks the file read is the one opened, unchanged, and that `bytesRead` is its size; pins it.
    public func finish(bytesRead: Int64) throws { try check(bytesRead) }
}

/// A recording the device sends: ``send(to:)`` calls the sink with each chunk as it comes, checks the count
/// against the listing and pins the recording; an error the sink throws is thrown as it is.
public struct RecordingStream {
    private let body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64

    public init(_ body: @escaping ((UnsafeRawBufferPointer) throws -> Void) throws -> Int64) {
        self.body = body
    }

    /// Returns the bytes sent.
    public func send(to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 { try body(sink) }
}
