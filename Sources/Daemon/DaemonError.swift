/// Why the daemon cannot start or a request to it failed: one sentence a person can act on.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension DaemonError {
    /// The one place where the daemon's failed system calls become errors: `call` on `path` and why.
    static func errno(_ value: Int32, call: String, path: String? = nil) -> DaemonError {
        DaemonError((path.map { "\($0): " } ?? "") + "\(call) failed: " + String(cString: strerror(value)))
    }
}
