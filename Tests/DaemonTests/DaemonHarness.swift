import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Presentation
import Testing
import TestSupport

/// A recorder's card: a FAT32 image with `count` recordings of seeded pseudo-random bytes named as a
/// body recorder names them, and the same bytes kept as plain files for openssl to hash.
struct RecorderCard {
    let image: FATImage
    let serial: String
    /// Path on the card (`DCIM/100MEDIA/…`) → the same bytes outside it.
    let sources: [String: URL]
    /// Path on the card → SHA-256 as `openssl dgst` computes it.
    let truth: [String: String]

    init(_ temp: TempDirectory, name: String, serial: String, count: Int, size: Int, seed: UInt64) throws {
        self.serial = serial
        image = try FATImage(at: temp.path("\(name).img"), sizeMiB: max(40, count * size / (1 << 20) + 8))
        let folder = temp.path("\(name)-sources")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var sources: [String: URL] = [:]
        for i in 1...count {
            let file = "20261103_09" + String(format: "%02d", i) + "00_\(serial)_" + String(format: "%04d", i) + ".MP4"
            let local = folder.appendingPathComponent(file)
            try Data(Self.bytes(size, seed: seed &* 1000 &+ UInt64(i))).write(to: local)
            let path = "DCIM/100MEDIA/\(file)"
            try image.copy(local, to: path, modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: i, second: 0))
            sources[path] = local
        }
        self.sources = sources
        let digests = try runChecked("openssl", ["dgst", "-sha256", "-r"] + sources.values.map(\.path)).stdout
        var byLocal: [String: String] = [:]
        for line in digests.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            byLocal[String(parts[1].drop { $0 == "*" })] = String(parts[0])
        }
        truth = sources.mapValues { byLocal[$0.path] ?? "" }
    }

    /// Seeded xorshift bytes (compressed media looks like this).
    static func bytes(_ size: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for i in words.indices {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                words[i] = state
            }
        }
        return bytes
    }

    var totalBytes: Int64 { sources.values.reduce(0) { $0 + (Self.size($1) ?? 0) } }

    static func size(_ url: URL) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value
    }
}

/// A home and a watched folder for `recgate serve`.
struct ServeHome {
    let temp: TempDirectory
    let home: URL
    let watched: URL

    init(configuration: String? = nil) throws {
        temp = try TempDirectory(prefix: "recgate-serve")
        home = temp.path("home")
        watched = temp.path("volumes")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: watched, withIntermediateDirectories: true)
        if let configuration {
            try Data(configuration.utf8).write(to: home.appendingPathComponent("recgate.json"))
        }
    }

    /// The mount point of a card under the watched folder.
    func slot(_ name: String) -> URL { watched.appendingPathComponent(name) }

    var serveArguments: [String] { ["--home", home.path, "serve", "--listen", "127.0.0.1:0", "--watch", watched.path] }

    /// Runs `recgate` to the end.
    func recgate(_ arguments: [String]) throws -> ProcessOutput {
        try run(try PackageRoot.recgate(), ["--home", home.path] + arguments)
    }

    /// The stored objects, each hashed by openssl: store path → SHA-256.
    func storedObjects() throws -> [String: String] {
        let objects = home.appendingPathComponent("store/objects")
        guard let walker = FileManager.default.enumerator(at: objects, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return [:]
        }
        let files = walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        guard !files.isEmpty else { return [:] }
        let output = try runChecked("openssl", ["dgst", "-sha256", "-r"] + files.map(\.path)).stdout
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            result[String(parts[1].drop { $0 == "*" })] = String(parts[0])
        }
        return result
    }
}

/// A running `recgate serve` process, and HTTP to it.
final class ServeProcess {
    let process: SpawnedProcess
    let home: URL

    /// Starts the daemon and, with `listening`, waits (polling, up to a generous deadline) for it to write
    /// `run/serve.json`.
    init(_ arguments: [String], home: URL, environment: [String: String] = [:], outputFolder: URL,
         listening: Bool = true) throws {
        self.home = home
        let recordURL = home.appendingPathComponent("run/serve.json")
        try? FileManager.default.removeItem(at: recordURL)
        process = try SpawnedProcess(try PackageRoot.recgate(), arguments, environment: environment, outputFolder: outputFolder)
        guard listening else { return }
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: recordURL.path) {
            if let status = process.poll() {
                throw TestSupportError("recgate serve exited with \(status) before listening: \(process.stderr())")
            }
            guard Date() < deadline else { throw TestSupportError("recgate serve did not listen: \(process.stderr())") }
            usleep(20_000)
        }
        try readRecord()
    }

    /// Waits (polling, up to a generous deadline) for a `run/serve.json` naming this process.
    func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(120)
        while true {
            if let status = process.poll() {
                throw TestSupportError("recgate serve exited with \(status) before listening: \(process.stderr())")
            }
            if (try? readRecord()) != nil, record["pid"] as? Int == Int(process.pid) { return }
            guard Date() < deadline else { throw TestSupportError("recgate serve did not listen: \(process.stderr())") }
            usleep(20_000)
        }
    }

    private(set) var record: [String: Any] = [:]
    private(set) var base = URL(string: "http://127.0.0.1:0")!

    /// Reads `run/serve.json` (written whole, by rename).
    func readRecord() throws {
        let data = try Data(contentsOf: home.appendingPathComponent("run/serve.json"))
        record = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        base = URL(string: "http://127.0.0.1:\(record["port"] as? Int ?? 0)")!
    }

    /// GET `path` over loopback: the status code and the body.
    func get(_ path: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: base.appendingPathComponent(path))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func status() async throws -> DaemonStatus {
        let (code, data) = try await get("status")
        #expect(code == 200)
        return try JSONDecoder().decode(DaemonStatus.self, from: data)
    }

    /// Polls `/status` until `condition` holds, for at most `seconds` (a generous deadline: the machine is
    /// shared; the condition, never the clock, decides the outcome).
    @discardableResult
    func waitForStatus(seconds: Double = 240, _ what: String, _ condition: (DaemonStatus) -> Bool) async throws -> DaemonStatus {
        let deadline = Date().addingTimeInterval(seconds)
        var last: DaemonStatus?
        while Date() < deadline {
            if let status = process.poll() {
                throw TestSupportError("recgate serve exited with \(status) waiting for \(what): \(process.stderr())")
            }
            let status = try await status()
            if condition(status) { return status }
            last = status
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("no \(what) within \(seconds) s; last status: \(String(describing: last)); log: \(process.stderr())")
    }

    func metrics() async throws -> [String: Double] {
        let (code, data) = try await get("metrics")
        #expect(code == 200)
        var values: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }

    /// SIGTERM, and the exit status.
    func terminate() throws -> Int32 {
        process.signal(SIGTERM)
        return try process.wait(seconds: 120)
    }
}

extension DaemonStatus {
    func device(_ serial: String) -> Device? { devices.first { $0.serial == serial } }
    func sessions(of serial: String) -> [Session] { sessions.filter { $0.serial == serial } }
}
