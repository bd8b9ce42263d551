import Foundation
import Offload
#if canImport(Glibc)
import Glibc
#endif

/// Where the server listens: a loopback address and a port (0: any free port).
///
/// Only loopback: the server speaks plain HTTP, so passwords and evidence must not cross a network
/// through it. Other machines reach the dashboard through a TLS reverse proxy on the gateway itself
/// (deploy/README.md), which terminates HTTPS and forwards to this address.
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
        // The form is checked where recgate.json's `serve_listen` is, so both say the same.
        if let problem = GatewayConfiguration.listenProblem(text) { throw DaemonError("\(what) \(problem)") }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            throw DaemonError("\(what) must be ADDRESS:PORT, not \"\(text)\"")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard isLoopback(host) else {
            throw DaemonError("\(what): \(host) is not a loopback address; the server listens on this machine only "
                + "(127.0.0.1, ::1 or localhost): reach it from elsewhere through a TLS reverse proxy (deploy/README.md)")
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
