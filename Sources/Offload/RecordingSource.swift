import DeviceKit
import Digest

/// Where an offload reads recordings from. The copy stage reads each recording once through it; the
/// finishing stage releases through it.
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
    /// Deletes the device's copy only if the file there now is the pinned one (re-checked right before the
    /// delete). No pin (not read or hashed in this run), a changed file, or a vanished one → `.skipped(reason)`,
    /// never a delete. An OS error → throws.
    func release(_ recording: Recording) throws -> ReleaseOutcome
}
