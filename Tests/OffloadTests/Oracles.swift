import Foundation
import TestSupport

/// Outside oracles and small helpers the offload tests share.
enum Oracle {
    /// A JSON field as text, empty when it is absent or not a string.
    static func text(_ value: Any?) -> String { value as? String ?? "" }

    /// `openssl dgst -<algorithm> -r` over files: path → lowercase hex.
    static func openssl(_ algorithm: String, _ files: [URL]) throws -> [String: String] {
        guard !files.isEmpty else { return [:] }
        let output = try runChecked("openssl", ["dgst", "-\(algorithm)", "-r"] + files.map(\.path))
        var result: [String: String] = [:]
        for line in output.stdout.split(separator: "\n") {
            // "HEX *PATH"
            guard let space = line.firstIndex(of: " ") else { continue }
            var path = line[line.index(after: space)...]
            if path.hasPrefix("*") { path = path.dropFirst() }
            result[String(path)] = String(line[..<space])
        }
        return result
    }

    /// Every regular file below `folder`.
    static func files(below folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return walker.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    /// The stored objects of a home, each checked by openssl against the name it is stored under.
    static func storedObjectsMatchTheirNames(home: URL) throws -> (count: Int, mismatches: [String]) {
        let objects = files(below: home.appendingPathComponent("store/objects"))
        let digests = try openssl("sha256", objects)
        let mismatches = objects.filter { digests[$0.path] != $0.lastPathComponent }.map(\.path)
        return (objects.count, mismatches)
    }

    /// Files left in the store's staging folder.
    static func stagingLeftovers(home: URL) -> [URL] {
        files(below: home.appendingPathComponent("store/staging"))
    }

    /// The `clips` array of an offload report, as the JSON contract names its fields.
    static func clips(fromJSON text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let report = object as? [String: Any], let clips = report["clips"] as? [[String: Any]] else {
            throw TestSupportError("no clips array in: \(text.prefix(400))")
        }
        return clips
    }

    /// Writes `size` bytes of seeded pseudo-random content (compressed media looks like this) to `url`,
    /// with the given modification time.
    static func writeRecordingLike(_ url: URL, size: Int, seed: UInt64, modified: Date) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for i in words.indices {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                words[i] = state
            }
        }
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
    }

    /// A body-recorder volume in a plain folder: `count` recordings of `size` bytes named
    /// `DCIM/100MEDIA/20261103_09MM00_<serial>_NNNN.MP4`.
    @discardableResult
    static func recorderFolder(_ root: URL, serial: String = "A001234", count: Int, size: Int, seed: UInt64 = 1)
        throws -> [URL]
    {
        var made: [URL] = []
        for i in 1...count {
            let name = "20261103_09" + String(format: "%02d", i) + "00_\(serial)_" + String(format: "%04d", i) + ".MP4"
            let url = root.appendingPathComponent("DCIM/100MEDIA/\(name)")
            try writeRecordingLike(url, size: size, seed: seed &* 1000 &+ UInt64(i),
                                   modified: Date(timeIntervalSince1970: 1_793_700_000 + Double(i * 60)))
            made.append(url)
        }
        return made
    }
}
