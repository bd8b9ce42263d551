import DeviceKit
import Digest
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A device session as the offload reads it, whatever its driver: a file the session opened and checked is
/// copied by the offload's own pipeline (`StreamingCopy`, the same code for every file-backed device); a
/// stream the device sends is hashed and written here as it comes. The session never hashes; the release
/// safety (pins, the checks before a delete) is the session's.
struct SessionSource: RecordingSource {
    let session: any DeviceSession
    var copier = StreamingCopy()

    /// A stream the device broke off and cannot go on with (``DeviceSessionError/Code/interrupted``): what was
    /// written and hashed is not the recording, so the caller reads it again from its first byte, into a new
    /// staging file and a new digest, at most ``maxRestarts`` times.
    struct Restart: Error {
        let cause: OffloadError
    }

    static let maxRestarts = 2

    init(session: any DeviceSession) {
        self.session = session
    }

    func location(of recording: Recording) -> String { session.location(of: recording) }

    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64 {
        try read(recording, destination: destination, destinationPath: destinationPath, hasher: hasher,
                 progress: progress)
    }

    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet {
        var restarts = 0
        while true {
            let hasher = MultiDigest(algorithms)
            do {
                _ = try read(recording, destination: nil, destinationPath: nil, hasher: hasher, progress: nil)
                return hasher.finalize()
            } catch let restart as Restart {
                guard restarts < Self.maxRestarts else { throw restart.cause }
                restarts += 1
            }
        }
    }

    func release(_ recording: Recording) throws -> ReleaseOutcome {
        try OffloadError.fromSession { try session.release(recording) }
    }

    private func read(_ recording: Recording, destination: Int32?, destinationPath: String?, hasher: MultiDigest,
                      progress: ((Int) -> Void)?) throws -> Int64 {
        let path = location(of: recording)
        switch try OffloadError.fromSession({ try session.read(recording) }) {
        case .file(let file):
            // Bounded by the size seen at open (plus one probe byte), then checked unchanged and pinned.
            _ = posix_fadvise(file.descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
            let outcome = try copier.run(
                source: file.descriptor, sourcePath: path, destination: destination, destinationPath: destinationPath,
                hasher: hasher, progress: progress, limit: file.size)
            try OffloadError.fromSession { try file.finish(bytesRead: outcome.bytes) }
            return outcome.bytes
        case .stream(let stream):
            do {
                return try stream.send { bytes in
                    hasher.update(bytes)
                    if let destination { try Self.write(bytes, to: destination, path: destinationPath ?? "") }
                    progress?(bytes.count)
                }
            } catch let error as DeviceSessionError where error.code == .interrupted {
                throw Restart(cause: OffloadError(error))
            } catch let error as DeviceSessionError {
                throw OffloadError(error)
            }
        }
    }

    /// Writes all of `bytes`; a short write without an error is a full disk.
    static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw OffloadError.errno(n < 0 ? errno : ENOSPC, call: "write", path: path)
        }
    }
}
