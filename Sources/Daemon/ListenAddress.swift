import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the status server listens: a loopback address and a port (0: any free port).
///
/// Only loopback for now: the server has no accounts yet, so anything it says must stay on this machine.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8470)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:8470`, `[::1]:8470`, `localhost:0`; `what` names where the text came from in errors.
    public static func parse(_ text: String, what: String) throws(DaemonError) -> ListenAddress {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port)
        else {
            throw DaemonError("\(what) must be ADDRESS:PORT like 127.0.0.1:8470 (port 0 to 65535), not \"\(text)\"")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard isLoopback(host) else {
            throw DaemonError("\(what): \(host) is not a loopback address; the status server listens on this machine "
                + "only (127.0.0.1, ::1 or localhost)")
        }
        return ListenAddress(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }

    /// 127.0.0.0/8, ::1, or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
