import Foundation
import Synchronization

/// Remembers which clip accesses were audited lately, so a `<video>` element's many range requests for
/// one viewing make one `clip.played` entry, not hundreds. A new session, another clip, another file or
/// another reason is a new access; so is the same one after `window`.
final class AccessMemo: Sendable {
    let window: TimeInterval
    private let seen = Mutex<[String: Date]>([:])

    init(window: TimeInterval = 3600) {
        self.window = window
    }

    /// True when `key` was not recorded within the window (and records it now).
    func isNew(_ key: String, now: Date = Date()) -> Bool {
        seen.withLock { seen in
            if seen.count > 50_000 { seen = seen.filter { now.timeIntervalSince($0.value) < window } }
            if let last = seen[key], now.timeIntervalSince(last) < window { return false }
            seen[key] = now
            return true
        }
    }
}
