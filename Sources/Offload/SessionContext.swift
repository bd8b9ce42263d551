import DeviceKit
import Digest
import Evidence
import Foundation
import MassStorageDriver
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

    /// Reads the recording once from the device into a staging file, hashing it on the way.
    func copy(_ recording: Recording, progress: ProgressReporter?) -> CopyOutcome {
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
            return .staged(StagedCopy(staging: staging, recording: recording, digests: hasher.finalize(), bytes: bytes))
        } catch {
            store.discard(staging)
            return .failed(Self.offloadError(error, call: "copy").naming(sourcePath))
        }
    }

    // MARK: finish stage (the finishing thread)

    /// Verifies the staged copy against storage, commits it, catalogues it and, if asked, releases
    /// the device's copy. Never throws: a failure becomes a `failed` result and an audit entry.
    func finish(_ staged: StagedCopy) -> (ClipResult, OffloadError?) {
        let recording = staged.recording
        let sha256 = staged.digests.sha256
        guard let staging = staged.staging.take() else {
            return (failure(recording, "internal: staged copy without a file"), nil)
        }
        do {
            let storePath: String
            var facts: MediaFacts?
            if store.contains(sha256: sha256) {
                // The bytes are already stored. An object without a catalog row is left by a run that
                // stopped between commit and catalog: it was verified then, but check it again now.
                store.discard(staging)
                storePath = try store.objectPath(sha256: sha256)
                if try catalog.clip(sha256: sha256) == nil {
                    let stored = try StorageReadBack.digest(path: storePath, algorithms: request.digests)
                    guard stored == staged.digests else {
                        throw OffloadError(.verificationFailed, call: "verify", path: storePath,
                                           message: "an uncatalogued stored object does not match its name; run recgate verify")
                    }
                    facts = probe(storePath, recording)
                }
            } else {
                // Probed while the copy's pages are still cached and the device is busy writing them
                // back; the facts are kept only if the read-back below verifies these very bytes.
                facts = probe(staging.path, recording)
                try staging.sync()
                let readBack = try StorageReadBack.digest(path: staging.path, algorithms: request.digests)
                guard readBack == staged.digests else {
                    store.discard(staging)
                    throw OffloadError(.verificationFailed, call: "verify", path: source.location(of: recording),
                                       message: "the stored copy read back differs from the bytes read from the device")
                }
                switch try store.commit(staging, sha256: sha256) {
                case .stored(let path), .alreadyPresent(let path): storePath = path
                }
            }
            let outcome = try catalog.recordVerified(newClip(recording, staged.digests, storePath),
                                                     actor: request.actor, at: Date())
            let isNew: Bool
            if case .newClip = outcome { isNew = true } else { isNew = false }
            let sighting = outcome.sighting
            var result = ClipResult(
                path: recording.path, size: staged.bytes, sha256: sha256, sm3: staged.digests[.sm3],
                status: isNew ? .stored : .alreadyStored, error: nil, released: nil, storePath: storePath)
            if isNew, let facts { result.media = record(facts, clipID: outcome.clip.id) }
            if request.release { applyRelease(&result, sightingID: sighting.id, alreadyReleased: false, recording) }
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

    func alreadyKnown(_ recording: Recording, sighting: SightingRow, clip: ClipRow) -> ClipResult {
        var result = ClipResult(
            path: recording.path, size: recording.size, sha256: clip.sha256, sm3: clip.sm3,
            status: .alreadyStored, error: nil, released: nil, storePath: clip.storePath)
        if request.release {
            applyRelease(&result, sightingID: sighting.id, alreadyReleased: sighting.releasedAt != nil, recording)
        }
        return result
    }

    // MARK: release

    /// Deletes the device's copy of a verified, audited recording. The release is audited first, so a
    /// stop between the two leaves the file on the device and a later `--release` run deletes it.
    private func applyRelease(_ result: inout ClipResult, sightingID: String, alreadyReleased: Bool,
                              _ recording: Recording) {
        do {
            if !alreadyReleased {
                _ = try catalog.markReleased(sightingID: sightingID, actor: request.actor, at: Date())
            }
            try source.release(recording)
            result.released = true
        } catch {
            result.released = false
            result.error = "stored and verified, but the device copy was not deleted: \(error)"
        }
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
