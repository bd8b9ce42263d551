import DeviceKit
import Digest
import Foundation
import MassStorageDriver
#if canImport(Glibc)
import Glibc
#endif

/// Where an offload reads recordings from: a mounted volume (`VolumeSource`) or a PTP camera
/// (`CameraSource`). The copy stage reads each recording once through it; the finishing stage releases
/// through it.
///
/// A source pins the identity of each file it reads (`copy` or `digest`), and `release` deletes only that
/// very file: a release never trusts what was true before the read.
protocol RecordingSource: Sendable {
    /// Where the recording is on the device, for messages.
    func location(of recording: Recording) -> String
    /// Reads the recording once, writing its bytes to `destination` and feeding `hasher`; returns the bytes
    /// read. Throws when the device's copy changed or gave other than `recording.size` bytes. Pins the
    /// identity of what it read.
    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64
    /// Hashes the device's bytes again (no destination) and pins the identity of the file it hashed.
    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet
    /// Deletes only if the file now is the pinned one; no pin / changed / vanished → `.skipped(reason)`.
    func release(_ recording: Recording) throws -> ReleaseOutcome
}

/// What `RecordingSource.release` did.
public enum ReleaseOutcome: Sendable, Equatable {
    /// The device's copy is deleted.
    case released
    /// The device's copy is kept; the reason says why (for the report and the audit trail).
    case skipped(String)
}

// MARK: - Stand-in for the volume side's pinning (replaced at merge)

/// The identity of a device file as it was read: which file (device and inode) and its size and
/// modification time.
public struct SourceFileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }

    init(fd: Int32, path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw OffloadError.errno(errno, call: "fstat", path: path) }
        self.init(info)
    }
}

/// Identities pinned by the copy stage and read by the finishing threads.
final class SourcePins<Pin: Sendable>: @unchecked Sendable {
    // Sendable proof: `pins` is read and written only under `lock`.
    private let lock = NSLock()
    private var pins: [String: Pin] = [:]

    func pin(_ key: String, _ value: Pin) { lock.withLock { pins[key] = value } }
    func pinned(_ key: String) -> Pin? { lock.withLock { pins[key] } }
}

/// A mounted recorder volume: files read through a file descriptor.
struct VolumeSource: RecordingSource {
    let volume: RecorderVolume
    var copier = StreamingCopy()
    let pins = SourcePins<SourceFileIdentity>()

    func location(of recording: Recording) -> String { volume.url(of: recording).path }

    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64 {
        try read(recording, to: destination, destinationPath: destinationPath, hasher: hasher, progress: progress)
    }

    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet {
        let hasher = MultiDigest(algorithms)
        _ = try read(recording, to: nil, destinationPath: nil, hasher: hasher, progress: nil)
        return hasher.finalize()
    }

    private func read(_ recording: Recording, to destination: Int32?, destinationPath: String?, hasher: MultiDigest,
                      progress: ((Int) -> Void)?) throws -> Int64 {
        let sourcePath = location(of: recording)
        let source = open(sourcePath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard source >= 0 else { throw OffloadError.errno(errno, call: "open", path: sourcePath) }
        defer { close(source) }
        _ = posix_fadvise(source, 0, 0, POSIX_FADV_SEQUENTIAL)
        let before = try FileState(fd: source, path: sourcePath)
        let outcome = try copier.run(
            source: source, sourcePath: sourcePath, destination: destination,
            destinationPath: destinationPath, hasher: hasher, progress: progress)
        let after = try FileState(fd: source, path: sourcePath)
        try before.checkUnchanged(after: after, bytesRead: outcome.bytes, path: sourcePath)
        pins.pin(recording.path, try SourceFileIdentity(fd: source, path: sourcePath))
        return outcome.bytes
    }

    func release(_ recording: Recording) throws -> ReleaseOutcome {
        let path = location(of: recording)
        guard let pinned = pins.pinned(recording.path) else {
            return .skipped("the file was not read in this run")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return .skipped("the file is no longer on the device") }
            throw OffloadError.errno(errno, call: "lstat", path: path)
        }
        let now = SourceFileIdentity(info)
        guard now.size == pinned.size, now.modifiedSeconds == pinned.modifiedSeconds,
              now.modifiedNanoseconds == pinned.modifiedNanoseconds
        else { return .skipped("the file changed on the device since it was read") }
        if unlink(path) != 0 {
            if errno == ENOENT { return .skipped("the file is no longer on the device") }
            throw OffloadError.errno(errno, call: "unlink", path: path)
        }
        return .released
    }
}
