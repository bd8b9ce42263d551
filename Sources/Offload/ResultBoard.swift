import Foundation

/// The results of one session, filled in by the copying and the finishing threads.
final class ResultBoard: @unchecked Sendable {
    // Sendable proof: every stored property is read and written only under `lock`.
    private let lock = NSLock()
    private var slots: [ClipResult?]
    private var reason: String?
    private var copied: Int64 = 0

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: ClipResult) {
        lock.withLock { slots[index] = result }
    }

    func addCopied(_ bytes: Int64) {
        lock.withLock { copied += bytes }
    }

    /// Stops the session: recordings not yet started are reported as not attempted.
    func abort(because reason: String) {
        lock.withLock { if self.reason == nil { self.reason = reason } }
    }

    var abortReason: String? { lock.withLock { reason } }
    var bytesCopied: Int64 { lock.withLock { copied } }

    func results() -> [ClipResult] {
        lock.withLock { slots.compactMap { $0 } }
    }
}
