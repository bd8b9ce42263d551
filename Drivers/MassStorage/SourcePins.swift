import Foundation

/// The identities a volume session pinned when it read or hashed recordings, by recording path: what `release`
/// compares the device's file with before deleting it.
final class SourcePins: @unchecked Sendable {
    // Sendable proof: `pins` is read and written only under `lock`.
    private let lock = NSLock()
    private var pins: [String: SourceFileIdentity] = [:]

    func pin(_ identity: SourceFileIdentity, for path: String) { lock.withLock { pins[path] = identity } }

    func unpin(_ path: String) { lock.withLock { pins[path] = nil } }

    func pinned(_ path: String) -> SourceFileIdentity? { lock.withLock { pins[path] } }
}
