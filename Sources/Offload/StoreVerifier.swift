import Digest
import Evidence
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of re-hashing the whole store against the catalog.
public struct StoreVerification: Codable, Sendable {
    public struct Problem: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case missing, mismatch, unreadable }
        public var kind: Kind
        public var sha256: String
        public var path: String
        public var detail: String
    }

    public var checked: Int
    public var bytes: Int64
    public var seconds: Double
    public var problems: [Problem]
    public var ok: Bool { problems.isEmpty }

    enum CodingKeys: String, CodingKey { case checked, bytes, seconds, problems, ok }

    public init(checked: Int, bytes: Int64, seconds: Double, problems: [Problem]) {
        self.checked = checked
        self.bytes = bytes
        self.seconds = seconds
        self.problems = problems
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        checked = try c.decode(Int.self, forKey: .checked)
        bytes = try c.decode(Int64.self, forKey: .bytes)
        seconds = try c.decode(Double.self, forKey: .seconds)
        problems = try c.decode([Problem].self, forKey: .problems)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checked, forKey: .checked)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(problems, forKey: .problems)
        try c.encode(ok, forKey: .ok)
    }
}

/// Re-hashes every stored recording, with every digest the catalog holds for it, on all cores.
public struct StoreVerifier: Sendable {
    let home: GatewayHome
    let progress: ProgressReporter?

    public init(home: GatewayHome, progress: ProgressReporter? = nil) {
        self.home = home
        self.progress = progress
    }

    public func run() throws -> StoreVerification {
        let started = Date()
        let store = try EvidenceStore(root: home.storeURL)
        let catalog = try Catalog(path: home.catalogURL)
        // Largest first, so the last core to finish is not left with one big file.
        let clips = try catalog.clips().sorted { $0.size > $1.size }
        progress?.begin(totalBytes: clips.reduce(0) { $0 + $1.size }, label: "verify")
        let problems = ProblemList()
        DispatchQueue.concurrentPerform(iterations: clips.count) { index in
            let clip = clips[index]
            if let path = try? store.objectPath(sha256: clip.sha256) {
                if let problem = Self.check(clip, path: path) { problems.append(problem) }
            } else {
                problems.append(.init(kind: .missing, sha256: clip.sha256, path: clip.storePath,
                                      detail: "the catalog names an invalid digest"))
            }
            progress?.advance(bytes: Int(clip.size))
        }
        progress?.end()
        return StoreVerification(
            checked: clips.count, bytes: clips.reduce(0) { $0 + $1.size },
            seconds: Date().timeIntervalSince(started),
            problems: problems.sorted())
    }

    static func check(_ clip: ClipRow, path: String) -> StoreVerification.Problem? {
        guard FileManager.default.fileExists(atPath: path) else {
            return .init(kind: .missing, sha256: clip.sha256, path: path, detail: "the stored file is missing")
        }
        var expected: [(DigestAlgorithm, String)] = [(.sha256, clip.sha256)]
        if let sm3 = clip.sm3 { expected.append((.sm3, sm3)) }
        do {
            dropCachedPages(path)
            let found = try MultiDigest.digest(fileAt: path, algorithms: expected.map(\.0))
            for (algorithm, value) in expected where found[algorithm] != value {
                return .init(kind: .mismatch, sha256: clip.sha256, path: path,
                             detail: "\(algorithm.rawValue) is \(found[algorithm] ?? "?"), the catalog says \(value)")
            }
            return nil
        } catch {
            return .init(kind: .unreadable, sha256: clip.sha256, path: path, detail: "\(error)")
        }
    }

    /// Verification is about what the storage holds, so cached pages of the file are dropped first.
    static func dropCachedPages(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        close(fd)
    }
}

/// Problems found by concurrent workers.
private final class ProblemList: @unchecked Sendable {
    // Sendable proof: `items` is read and written only under `lock`.
    private let lock = NSLock()
    private var items: [StoreVerification.Problem] = []

    func append(_ problem: StoreVerification.Problem) { lock.withLock { items.append(problem) } }

    func sorted() -> [StoreVerification.Problem] {
        lock.withLock { items.sorted { $0.path < $1.path } }
    }
}
