import Accounts
import Foundation
import Synchronization

/// The web sessions of this run of the daemon, in memory: a restart signs everyone out, which is the
/// safe direction. A session ends after `idle` without a request, after `lifetime` whatever happens, at
/// logout, and when its account is disabled or its password changed (checked on each request against
/// the catalog, so a change made on the command line takes effect at once).
final class SessionStore: Sendable {
    struct Entry: Sendable {
        var name: String
        var role: Role
        var csrf: String
        /// The account's `password_changed_at` when the session began.
        var passwordChangedAt: String
        var started: Date
        var lastSeen: Date
    }

    let idle: TimeInterval
    let lifetime: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])
    /// At most this many live sessions; the least recently used goes first beyond it.
    private let capacity = 10_000

    init(idle: TimeInterval, lifetime: TimeInterval) {
        self.idle = idle
        self.lifetime = lifetime
    }

    /// Opens a session for an account that just proved its password; returns its id and CSRF token.
    func open(name: String, role: Role, passwordChangedAt: String, now: Date = Date()) -> (id: String, csrf: String) {
        let id = SecureToken.make()
        let csrf = SecureToken.make()
        entries.withLock { entries in
            entries = entries.filter { !expired($0.value, now: now) }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
                entries[oldest.key] = nil
            }
            entries[id] = Entry(name: name, role: role, csrf: csrf, passwordChangedAt: passwordChangedAt,
                                started: now, lastSeen: now)
        }
        return (id, csrf)
    }

    /// The live session `id`, touched (its idle time starts again); nil when unknown or expired.
    func touch(_ id: String, now: Date = Date()) -> Entry? {
        entries.withLock { entries in
            guard var entry = entries[id] else { return nil }
            if expired(entry, now: now) {
                entries[id] = nil
                return nil
            }
            entry.lastSeen = now
            entries[id] = entry
            return entry
        }
    }

    func close(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends every session of account `name` (disabled, or its password changed).
    func closeAll(name: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.name != name } }
    }

    private func expired(_ entry: Entry, now: Date) -> Bool {
        now.timeIntervalSince(entry.lastSeen) > idle || now.timeIntervalSince(entry.started) > lifetime
    }
}

/// Random tokens for session ids and CSRF tokens: 32 bytes from the system's generator, base64url.
enum SecureToken {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time that depends only on their lengths.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
