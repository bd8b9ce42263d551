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
protocol RecordingSource: Sendable {
    /// Where the recording is on the device, for messages.
    func location(of recording: Recording) -> String
    /// Reads the recording once, writing its bytes to `destination` and feeding `hasher`; returns the bytes
    /// read. Throws when the device's copy changed or gave other than `recording.size` bytes.
    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64
    /// Deletes the device's copy; one already gone is not an error.
    func release(_ recording: Recording) throws
}

/// A mounted recorder volume: files read through a file descriptor.
struct VolumeSource: RecordingSource {
    let volume: RecorderVolume
    var copier = StreamingCopy()

    func location(of recording: Recording) -> String { volume.url(of: recording).path }

    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
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
        return outcome.bytes
    }

    func release(_ recording: Recording) throws {
        let path = location(of: recording)
        if unlink(path) != 0 && errno != ENOENT {
            throw OffloadError.errno(errno, call: "unlink", path: path)
        }
    }
}
