import DeviceKit
import Digest

/// What a source saw of a device file when it read it: enough to tell later that a file is still that one.
/// For a volume, `fstat` of the descriptor it read. (A PTP camera has no inodes: `CameraSource` pins
/// ObjectInfo's storage, handle, name, size and dates instead.)
public struct SourceFileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedSeconds: Int
    public var modifiedNanoseconds: Int

    public init(device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
    }
}

/// What became of a release.
public enum ReleaseOutcome: Sendable, Equatable {
    /// The device's copy, provably the one read and verified, is deleted.
    case released
    /// The device's copy was kept, for the reason given (not read in this run, changed, gone).
    case skipped(String)
}

/// Where an offload reads recordings from: a mounted volume (`VolumeSource`) or a PTP camera
/// (`CameraSource`). The copy stage reads each recording once through it; the finishing stage releases
/// through it.
protocol RecordingSource: Sendable {
    /// Where the recording is on the device, for messages.
    func location(of recording: Recording) -> String
    /// Reads the recording once, writing its bytes to `destination` and feeding `hasher`; returns the bytes
    /// read. Throws when the device's copy changed or gave other than `recording.size` bytes. Pins the
    /// identity of the file it read (checked unchanged after the read), for `release`.
    func copy(_ recording: Recording, to destination: Int32, destinationPath: String, hasher: MultiDigest,
              progress: ((Int) -> Void)?) throws -> Int64
    /// Hashes the device's bytes again (no destination) and pins the identity of the file it hashed, like copy.
    func digest(_ recording: Recording, algorithms: [DigestAlgorithm]) throws -> DigestSet
    /// Deletes the device's copy only if the file there now is the pinned one (same dev, inode, size, mtime,
    /// re-checked right before the delete). No pin (not read or hashed in this run), a changed file, or a
    /// vanished one → `.skipped(reason)`, never a delete. An OS error → throws.
    func release(_ recording: Recording) throws -> ReleaseOutcome
}
