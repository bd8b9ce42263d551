import HummingbirdBcrypt
import Synchronization

/// The hash an unknown name's attempt is compared against, one per cost, made once a process: comparing
/// against it costs what comparing against a real account's hash of that cost does. Its password is
/// random and never kept, so no attempt matches it (and a match would still sign nobody in).
enum DummyHash {
    private static let hashes = Mutex<[Int: String]>([:])

    static func of(cost: Int) -> String {
        if let hash = hashes.withLock({ $0[cost] }) { return hash }
        // Made outside the lock (it takes as long as a sign-in); two threads racing make two, one is kept.
        let secret = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
        let hash = Bcrypt.hash(secret, cost: UInt8(cost))
        return hashes.withLock { hashes in
            if let existing = hashes[cost] { return existing }
            hashes[cost] = hash
            return hash
        }
    }
}
