import Digest
import Evidence
#if canImport(Glibc)
import Glibc
#endif

/// What a stored object holds, read back from storage, against every digest its bytes must have.
///
/// A rerun never takes an object's name for its content: before a recording counts as safe to delete
/// from its device, or a copy of known bytes is discarded, the object is read back and compared.
enum StoredObjectState: Equatable {
    case intact
    case missing
    /// `found`: the object's digests (`sha256:… sm3:…`), or `unreadable: …`.
    case corrupt(found: String)

    /// Reads the object named `sha256` back from storage with `expected`'s algorithms.
    static func check(_ store: EvidenceStore, sha256: String, expected: DigestSet) throws -> (path: String, state: Self) {
        let path = try store.objectPath(sha256: sha256)
        guard store.contains(sha256: sha256) else { return (path, .missing) }
        do {
            let found = try StorageReadBack.digest(path: path, algorithms: expected.algorithms)
            return (path, found == expected ? .intact : .corrupt(found: found.description))
        } catch let error as OffloadError where error.code == .notFound {
            return (path, .missing)
        } catch let error as OffloadError where error.code == .io || error.code == .readFailed {
            // Bytes the storage cannot give back are no evidence either; the object is kept in quarantine.
            return (path, .corrupt(found: "unreadable: \(error.message)"))
        }
    }

    /// What was found, for the audit trail and the report.
    var found: String {
        switch self {
        case .intact: "intact"
        case .missing: "missing"
        case .corrupt(let found): found
        }
    }
}

extension DigestSet {
    /// The digests the catalog holds for a clip: SHA-256, and SM3 when it was computed.
    init(clip: ClipRow) throws {
        var values: [DigestAlgorithm: String] = [.sha256: clip.sha256]
        if let sm3 = clip.sm3 { values[.sm3] = sm3 }
        try self.init(hexValues: values)
    }

    /// Whether the two agree on every algorithm both hold.
    func agrees(with other: DigestSet) -> Bool {
        algorithms.allSatisfy { other[$0] == nil || other[$0] == self[$0] }
    }

    /// These digests and those of `other` that these lack (the two must agree).
    func including(_ other: DigestSet) throws -> DigestSet {
        var values: [DigestAlgorithm: String] = [:]
        for algorithm in DigestAlgorithm.allCases { values[algorithm] = self[algorithm] ?? other[algorithm] }
        return try DigestSet(hexValues: values)
    }
}
