import DeviceKit
import Digest
import Evidence
import Foundation
import MediaProbes
#if canImport(Glibc)
import Glibc
#endif

/// What both stages of one offload session share, and the work each does on one recording.
struct SessionContext: Sendable {
    let request: OffloadRequest
    let source: any RecordingSource
    let store: EvidenceStore
    let catalog: Catalog
    let deviceID: String
    let sessionID: String
    let zone: String

    // MARK: copy stage (the calling thread)

    /// Reads the recording once from the device into a staging file, hashing it on the way. A device that broke
    /// off and cannot go on (``SessionSource/Restart``) has the recording read again from its first byte, into
    /// a new staging file, at most ``SessionSource/maxRestarts`` times.
    func copy(_ recording: Recording, progress: ProgressReporter?, restarts: Int = 0) -> CopyOutcome {
        let sourcePath = source.location(of: recording)
        let staging: StagingFile
        do {
            staging = try store.makeStagingFile()
        } catch {
            return .failed(Self.offloadError(error, call: "staging").naming(sourcePath))
        }
        do {
            let hasher = MultiDigest(request.digests)
            let bytes = try source.copy(recording, to: staging.fileDescriptor, destinationPath: staging.path,
                                        hasher: hasher, progress: { progress?.advance(bytes: $0) })
            Checkpoint.reached("staged")
            return .staged(StagedCopy(staging: staging, recording: recording, digests: hasher.finalize(), bytes: bytes))
        } catch let restart as SessionSource.Restart {
            store.discard(staging)
            guard restarts < SessionSource.maxRestarts else {
                var error = restart.cause
                error.message = "read \(restarts + 1) times from its first byte, each broke off; the last: \(error.message)"
                return .failed(error.naming(sourcePath))
            }
            return copy(recording, progress: progress, restarts: restarts + 1)
        } catch {
            store.discard(staging)
            return .failed(Self.offloadError(error, call: "copy").naming(sourcePath))
        }
    }

    // MARK: finish stage (the finishing thread)

    /// Verifies the staged copy against storage, commits it, catalogues it and, if asked, releases
    /// the device's copy. Never throws: a failure becomes a `failed` result and an audit entry.
    ///
    /// Bytes already in the store are not taken on trust: the object is read back and compared with
    /// these bytes' digests and the catalogued ones. A corrupt or missing object is repaired with this
    /// copy, once it is verified (`clip.repaired`); an intact one makes this copy redundant.
    func finish(_ staged: StagedCopy) -> (ClipResult, OffloadError?) {
        let recording = staged.recording
        let sha256 = staged.digests.sha256
        guard let staging = staged.staging.take() else {
            return (failure(recording, "internal: staged copy without a file"), nil)
        }
        do {
            // Every digest these bytes must have: those just read from the device, and the catalog's.
            var expected = staged.digests
            let catalogued = try catalog.clip(sha256: sha256)
            if let catalogued {
                let known = try DigestSet(clip: catalogued)
                guard known.agrees(with: expected) else {
                    store.discard(staging)
                    throw OffloadError(.verificationFailed, call: "verify", path: source.location(of: recording),
                                       message: "the catalog holds sha256 \(sha256) with other digests (\(known)) than these bytes (\(expected))")
                }
                expected = try expected.including(known)
            }
            let object = try StoredObjectState.check(store, sha256: sha256, expected: expected)
            let storePath: String
            var facts: MediaFacts?
            // What was found at the object's path and where it was kept, when this copy replaced it.
            var repaired: (found: String, quarantinePath: String?)?
            if object.state == .intact {
                store.discard(staging)
                storePath = object.path
                // An object without a catalog row is left by a run that stopped between commit and
                // catalog; it is whole (just read back), so it is catalogued now.
                if catalogued == nil { facts = probe(storePath, recording) }
            } else {
                // Probed while the copy's pages are still cached and the device is busy writing them
                // back; the facts are kept only if the read-back below verifies these very bytes.
                facts = probe(staging.path, recording)
                try staging.sync()
                let readBack = try StorageReadBack.digest(path: staging.path, algorithms: expected.algorithms)
                guard readBack == expected else {
                    store.discard(staging)
                    throw OffloadError(.verificationFailed, call: "verify", path: source.location(of: recording),
                                       message: readBack.agrees(with: staged.digests)
                                           ? "the bytes' digests (\(readBack)) differ from the catalog's (\(expected))"
                                           : "the stored copy read back differs from the bytes read from the device")
                }
                Checkpoint.reached("verified")
                if object.state == .missing && catalogued == nil {
                    switch try store.commit(staging, sha256: sha256) {
                    case .stored(let path), .alreadyPresent(let path): storePath = path
                    }
                } else {
                    let done = try store.repair(staging, sha256: sha256)
                    storePath = done.objectPath
                    repaired = (object.state.found, done.quarantinePath)
                }
                Checkpoint.reached("committed")
            }
            let outcome = try catalog.recordVerified(newClip(recording, staged.digests, storePath),
                                                     actor: request.actor, at: Date())
            if let repaired {
                try catalog.recordRepair(
                    ClipRepair(clipID: outcome.clip.id, found: repaired.found, expected: expected,
                               quarantinePath: repaired.quarantinePath, sessionID: sessionID, sourcePath: recording.path),
                    actor: request.actor, at: Date())
            }
            Checkpoint.reached("catalogued")
            let isNew: Bool
            if case .newClip = outcome { isNew = true } else { isNew = false }
            var result = ClipResult(
                path: recording.path, size: staged.bytes, sha256: sha256, sm3: staged.digests[.sm3],
                status: isNew ? .stored : .alreadyStored, error: nil, released: nil, storePath: storePath)
            if repaired != nil { result.repaired = true }
            if isNew, let facts { result.media = record(facts, clipID: outcome.clip.id) }
            Checkpoint.reached("probed")
            // These bytes were read from the device in this run and equal the stored object's.
            if request.release { release(&result, sighting: outcome.sighting, recording, basis: "copied") }
            return (result, nil)
        } catch {
            let failure = Self.offloadError(error, call: "finish").naming(source.location(of: recording))
            return (self.failure(recording, failure), failure)
        }
    }

    // MARK: media facts

    static let prober = "recgate-probe/1"

    /// The media facts of a copy, or nil when it cannot be read as a file at all (then the clip is
    /// still stored: probing never stands between a recording and the store).
    private func probe(_ path: String, _ recording: Recording) -> MediaFacts? {
        guard var facts = try? MediaProbe.probe(
            path: path, nameStart: recording.nameStart?.instant, fileTime: recording.modified.instant,
            zone: TimeZone(identifier: zone))  // a recorder writing local digits into creation_time is no mismatch
        else { return nil }
        facts.path = recording.path
        return facts
    }

    /// Catalogs the facts of a newly stored clip; returns their summary for the report.
    private func record(_ facts: MediaFacts, clipID: String) -> ClipResult.Media? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let json = try? encoder.encode(facts) else { return nil }
        let row = ClipMediaRow(
            clipID: clipID, prober: Self.prober, probedAt: Date(), format: facts.format, duration: facts.duration,
            integrity: facts.integrity.rawValue, creationTime: facts.creationTime,
            facts: String(decoding: json, as: UTF8.self))
        _ = try? catalog.recordMedia(row, actor: request.actor)
        return ClipResult.Media(
            format: facts.format, duration: facts.duration, integrity: facts.integrity.rawValue,
            findings: facts.timing?.findings.map(\.kind.rawValue) ?? [])
    }

    // MARK: recordings already offloaded

    /// A recording this device gave in an earlier session (same path, size and time), not read again
    /// unless `--release` asks to delete it: see `releaseKnown`.
    func alreadyKnown(_ recording: Recording, sighting: SightingRow, clip: ClipRow) -> ClipResult {
        var result = ClipResult(
            path: recording.path, size: recording.size, sha256: clip.sha256, sm3: clip.sm3,
            status: .alreadyStored, error: nil, released: nil, storePath: clip.storePath)
        if request.release { releaseKnown(&result, recording, sighting: sighting, clip: clip) }
        return result
    }

    // MARK: failures

    func failure(_ recording: Recording, _ error: OffloadError) -> ClipResult {
        failure(recording, error.description)
    }

    func failure(_ recording: Recording, _ message: String) -> ClipResult {
        _ = try? catalog.recordFailure(sessionID: sessionID, sourcePath: recording.path, error: message,
                                   actor: request.actor, at: Date())
        return ClipResult(path: recording.path, size: recording.size, sha256: nil, sm3: nil, status: .failed,
                          error: message, released: nil, storePath: nil)
    }

    static func offloadError(_ error: any Error, call: String) -> OffloadError {
        if let error = error as? OffloadError { return error }
        if let error = error as? DeviceSessionError { return OffloadError(error) }
        if let error = error as? EvidenceError {
            return OffloadError(error.code == .noSpace ? .noSpace : .io, call: error.operation, path: error.path,
                                message: error.message)
        }
        return OffloadError(.io, call: call, path: nil, message: "\(error)")
    }

    private func newClip(_ recording: Recording, _ digests: DigestSet, _ storePath: String) -> NewClip {
        NewClip(
            sha256: digests.sha256, sm3: digests[.sm3], size: recording.size, kind: recording.kind.rawValue,
            storePath: storePath, deviceID: deviceID, sessionID: sessionID, sourcePath: recording.path,
            sourceName: recording.fileName, fsMtimeRaw: recording.modified.raw, fsMtime: recording.modified.instant,
            nameStartRaw: recording.nameStart?.raw, nameStart: recording.nameStart?.instant, timeZone: zone,
            serialFromName: recording.deviceSerial, officer: recording.officer, sequence: recording.sequence,
            locked: recording.locked)
    }
}
