import Digest
import Evidence
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of re-hashing the whole store against the catalog, and of accounting for every file
/// of the store and every clip's audit entry.
public struct StoreVerification: Codable, Sendable {
    public struct Problem: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            /// A catalogued clip's object is not in the store.
            case missing
            /// A catalogued clip's object has other bytes.
            case mismatch
            /// A catalogued clip's object cannot be read.
            case unreadable
            /// An object no clip row (nor derived file) claims, and no unfinished session explains.
            case orphan
            /// Something in `objects/sha256/` that is not an object: a wrong name or place, not a file.
            case stray
            /// A clip row without its `clip.stored` audit entry.
            case noAuditEntry = "no_audit_entry"
            /// A `clip.stored` audit entry without its clip row (or more than one for a clip).
            case noClipRow = "no_clip_row"
        }
        public var kind: Kind
        public var sha256: String
        public var path: String
        public var detail: String
    }

    /// An object no clip row claims yet, published by a session that did not complete (killed, or
    /// stopped by a full disk between publishing the object and cataloguing it): it is whole and
    /// named by its digest, and the next offload of the device catalogues it. Not a problem.
    public struct Uncatalogued: Codable, Sendable, Equatable {
        public var sha256: String
        public var path: String
        /// The session it was published in.
        public var session: String
    }

    public var checked: Int
    public var bytes: Int64
    public var seconds: Double
    public var problems: [Problem]
    public var uncatalogued: [Uncatalogued] = []
    public var ok: Bool { problems.isEmpty }

    enum CodingKeys: String, CodingKey { case checked, bytes, seconds, problems, uncatalogued, ok }

    public init(checked: Int, bytes: Int64, seconds: Double, problems: [Problem], uncatalogued: [Uncatalogued] = []) {
        self.checked = checked
        self.bytes = bytes
        self.seconds = seconds
        self.problems = problems
        self.uncatalogued = uncatalogued
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        checked = try c.decode(Int.self, forKey: .checked)
        bytes = try c.decode(Int64.self, forKey: .bytes)
        seconds = try c.decode(Double.self, forKey: .seconds)
        problems = try c.decode([Problem].self, forKey: .problems)
        uncatalogued = try c.decodeIfPresent([Uncatalogued].self, forKey: .uncatalogued) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checked, forKey: .checked)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(problems, forKey: .problems)
        try c.encode(uncatalogued, forKey: .uncatalogued)
        try c.encode(ok, forKey: .ok)
    }
}

/// Re-hashes every stored recording, with every digest the catalog holds for it, on all cores; then
/// checks the store against the catalog the other way (every object claimed by a clip or a derived
/// file) and every clip row against its `clip.stored` audit entry.
///
/// Reads only: the catalog is opened read-only and the store is listed, never prepared, so it
/// works on a full disk and changes nothing.
///
/// With a `pacer` (the daemon's scheduled re-hash) the objects are read one at a time, the reads held
/// to the pacer's rate, so the check never takes the disk from offloads.
public struct StoreVerifier: Sendable {
    let home: GatewayHome
    let progress: ProgressReporter?
    let pacer: ReadPacer?

    public init(home: GatewayHome, progress: ProgressReporter? = nil, pacer: ReadPacer? = nil) {
        self.home = home
        self.progress = progress
        self.pacer = pacer
    }

    public func run() throws -> StoreVerification {
        let started = Date()
        let configuration = try GatewayConfiguration.load(from: home)
        let catalog = try home.openCatalogForReading(configuration)
        if try catalog.auditEntries(limit: 1).isEmpty {
            try home.refuseOverObjects("the catalog \(home.catalogURL.path) holds no audit entry")
        }
        // Largest first, so the last core to finish is not left with one big file.
        let clips = try catalog.clips().sorted { $0.size > $1.size }
        let claimed = Set(clips.map(\.sha256)).union(try catalog.derivedDigests())
        let gaps = try catalog.clipAuditGaps()
        let objects = try EvidenceStore.inventory(root: home.storeURL)
        // Read after the listing, on a new connection (the first may be an `immutable` one that does
        // not see later commits): an object an offload running now published after the clips were
        // read is claimed by the row it has since, or belongs to a session this list holds, since
        // sessions begin before their objects are published.
        let now = try home.openCatalogForReading(configuration)
        let unfinished = try now.unfinishedSessions()

        var problems = gaps.map { Self.problem($0, home: home) }
        var uncatalogued: [StoreVerification.Uncatalogued] = []
        for object in objects {
            guard let sha256 = object.sha256 else {
                problems.append(.init(kind: .stray, sha256: "", path: object.path,
                                      detail: "not an object of the store (a file named by its sha256 in ab/cd/)"))
                continue
            }
            if try claimed.contains(sha256) || now.clip(sha256: sha256) != nil { continue }
            if let session = Self.session(publishing: object, among: unfinished) {
                uncatalogued.append(.init(sha256: sha256, path: object.path, session: session))
            } else {
                problems.append(.init(kind: .orphan, sha256: sha256, path: object.path,
                                      detail: "no clip row or derived file of the catalog claims this object"))
            }
        }

        progress?.begin(totalBytes: clips.reduce(0) { $0 + $1.size }, label: "verify")
        let hashing = ProblemList()
        let each: @Sendable (Int) -> Void = { index in
            let clip = clips[index]
            if let path = try? EvidenceStore.objectPath(root: home.storeURL, sha256: clip.sha256) {
                if let problem = Self.check(clip, path: path, pacer: pacer) { hashing.append(problem) }
            } else {
                hashing.append(.init(kind: .missing, sha256: clip.sha256, path: clip.storePath,
                                     detail: "the catalog names an invalid digest"))
            }
            progress?.advance(bytes: Int(clip.size))
        }
        if pacer == nil {
            DispatchQueue.concurrentPerform(iterations: clips.count, execute: each)
        } else {
            for index in clips.indices { each(index) }
        }
        progress?.end()
        problems += hashing.sorted()
        return StoreVerification(
            checked: clips.count, bytes: clips.reduce(0) { $0 + $1.size },
            seconds: Date().timeIntervalSince(started),
            problems: problems.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) },
            uncatalogued: uncatalogued)
    }

    /// The session that explains an uncatalogued object: an unfinished one during which its inode
    /// last changed (it is linked into place, and its staging name unlinked, inside the session; a
    /// running session has no end yet). A second of slack each way: file times come from the
    /// kernel's coarse clock. An object that only a completed session could have published has lost
    /// its row.
    static func session(publishing object: StoredObject, among sessions: [SessionRow]) -> String? {
        let slack: TimeInterval = 1
        return sessions.first { session in
            object.changed >= session.startedAt.addingTimeInterval(-slack)
                && (session.endedAt.map { object.changed <= $0.addingTimeInterval(slack) } ?? true)
        }?.id
    }

    static func problem(_ gap: AuditGap, home: GatewayHome) -> StoreVerification.Problem {
        let sha256 = gap.sha256 ?? ""
        let path = (try? EvidenceStore.objectPath(root: home.storeURL, sha256: sha256)) ?? home.catalogURL.path
        switch gap.kind {
        case .missingEntry:
            return .init(kind: .noAuditEntry, sha256: sha256, path: path, detail: gap.description)
        case .missingRow, .duplicateEntry:
            return .init(kind: .noClipRow, sha256: sha256, path: path, detail: gap.description)
        }
    }

    public static func check(_ clip: ClipRow, path: String, pacer: ReadPacer? = nil) -> StoreVerification.Problem? {
        guard FileManager.default.fileExists(atPath: path) else {
            return .init(kind: .missing, sha256: clip.sha256, path: path, detail: "the stored file is missing")
        }
        var expected: [(DigestAlgorithm, String)] = [(.sha256, clip.sha256)]
        if let sm3 = clip.sm3 { expected.append((.sm3, sm3)) }
        do {
            dropCachedPages(path)
            var pace: ((Int) -> Void)?
            if let pacer { pace = { bytes in pacer.pace(bytes) } }
            let found = try MultiDigest.digest(fileAt: path, algorithms: expected.map(\.0), pace: pace)
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
