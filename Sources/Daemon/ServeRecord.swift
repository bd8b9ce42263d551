import Foundation
import Offload
#if canImport(Glibc)
import Glibc
#endif

/// Where a running `recgate serve` listens, kept as `<home>/run/serve.json` so `recgate status` finds it.
public struct ServeRecord: Codable, Sendable, Equatable {
    public var address: String
    public var port: Int
    public var pid: Int32

    public init(address: String, port: Int, pid: Int32) {
        self.address = address
        self.port = port
        self.pid = pid
    }

    public static func url(in home: GatewayHome) -> URL {
        home.root.appendingPathComponent("run/serve.json")
    }

    /// The server's URL for `path` (`/status`).
    public func url(_ path: String) -> URL? {
        URL(string: "http://\(address.contains(":") ? "[\(address)]" : address):\(port)\(path)")
    }

    /// Writes the record whole or not at all (a reader never sees half of it).
    func write(in home: GatewayHome) throws {
        let url = Self.url(in: home)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// The record, if the file is there.
    public static func read(in home: GatewayHome) throws(DaemonError) -> ServeRecord {
        let url = url(in: home)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DaemonError("no recgate serve runs in \(home.root.path) (no \(url.path))")
        }
        do {
            return try JSONDecoder().decode(ServeRecord.self, from: data)
        } catch {
            throw DaemonError("\(url.path) cannot be read: \(error)")
        }
    }

    /// Whether the process the record names is alive.
    public var processAlive: Bool { kill(pid, 0) == 0 || errno == EPERM }
}
