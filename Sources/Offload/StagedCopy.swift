import DeviceKit
import Digest
import Evidence

/// A recording copied into a staging file and hashed, waiting for read-back verification.
final class StagedCopy: @unchecked Sendable {
    // Sendable proof: made on the copying thread, then handed to the finishing thread through a
    // BlockingQueue exactly once; the copying thread never touches it after `submit`.
    var staging: StagingFile?
    let recording: Recording
    let digests: DigestSet
    let bytes: Int64
    var index = 0

    init(staging: consuming StagingFile, recording: Recording, digests: DigestSet, bytes: Int64) {
        self.staging = consume staging
        self.recording = recording
        self.digests = digests
        self.bytes = bytes
    }
}

/// The outcome of the copy stage for one recording.
enum CopyOutcome {
    case staged(StagedCopy)
    case failed(OffloadError)
}
