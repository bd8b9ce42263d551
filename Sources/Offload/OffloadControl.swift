import Foundation
import Synchronization

/// What a long-running process holds of one offload while it runs: a cooperative stop, and what the
/// session is doing, for a live status.
///
/// A stop is checked between recordings, never inside one: the recording being copied (and any being
/// verified) is finished, the ones not yet started are reported "not attempted" with the stop's reason,
/// and the session is closed `interrupted` with that reason. Rerunning resumes: what is verified is not
/// read again.
public final class OffloadControl: Sendable {
    /// What the session reports as it goes.
    public enum Event: Sendable {
        /// The session's row is written.
        case sessionBegan(id: String, serial: String, model: String?, totalBytes: Int64, recordings: Int)
        /// Copying of a recording starts (`path` relative to the device, as in the report).
        case copying(path: String, size: Int64)
        /// The bytes of this many more were read from the device.
        case advanced(bytes: Int)
    }

    private let reason = Mutex<String?>(nil)
    private let observer: (@Sendable (Event) -> Void)?

    public init(observer: (@Sendable (Event) -> Void)? = nil) {
        self.observer = observer
    }

    /// Asks the offload to stop at its next safe point; the first reason given is kept.
    public func stop(because reason: String) {
        self.reason.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the offload was asked to stop, or nil.
    public var stopReason: String? { reason.withLock { $0 } }

    func report(_ event: Event) {
        observer?(event)
    }
}

/// The progress of an offload given to its control as well as to the person's progress bar.
struct ControlledProgress: ProgressReporter {
    let control: OffloadControl
    let other: ProgressReporter?

    func begin(totalBytes: Int64, label: String) { other?.begin(totalBytes: totalBytes, label: label) }
    func advance(bytes: Int) {
        control.report(.advanced(bytes: bytes))
        other?.advance(bytes: bytes)
    }
    func end() { other?.end() }
}
