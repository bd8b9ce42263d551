import DeviceKit
import Digest
import Evidence
import Foundation

// `--release` deletes a recording from its device only when, at that moment, it is provably the one
// whose bytes are stored and verified: the stored object read back equal to every catalogued digest, the
// device's bytes read in this run equal to them too (copied now, or hashed again for a recording stored
// by an earlier session), and the file the source deletes the very one it read (its pin). Anything else
// keeps the recording on the device and says why (`release_skipped`, audit `device.release_skipped`).

extension SessionContext {
    /// A recording stored by an earlier session: its object is read back, and repaired from the device
    /// when corrupt or missing; otherwise the device's bytes are hashed again. Only then is it released.
    func releaseKnown(_ result: inout ClipResult, _ recording: Recording, sighting: SightingRow, clip: ClipRow) {
        do {
            let expected = try DigestSet(clip: clip)
            let object = try StoredObjectState.check(store, sha256: clip.sha256, expected: expected)
            if object.state == .intact {
                let device = try source.digest(recording, algorithms: expected.algorithms)
                guard device == expected else {
                    return skipRelease(&result, sighting,
                                       "the device's bytes differ from the stored copy (device \(device), stored \(expected))")
                }
                release(&result, sighting: sighting, recording, basis: "rehashed")
            } else if try repairFromDevice(&result, recording, sighting: sighting, clip: clip, expected: expected,
                                           found: object.state) {
                release(&result, sighting: sighting, recording, basis: "copied")
            }
        } catch {
            skipRelease(&result, sighting, "the stored copy or the device could not be checked: \(Self.offloadError(error, call: "release"))")
        }
    }

    /// Stages the device's bytes, verifies them against the catalogued digests (as read and as read back
    /// from storage) and puts them in place of the corrupt or missing object, the corrupt one kept in
    /// quarantine. Returns false, with the release skipped, when the device's bytes do not match.
    private func repairFromDevice(_ result: inout ClipResult, _ recording: Recording, sighting: SightingRow,
                                  clip: ClipRow, expected: DigestSet, found: StoredObjectState) throws -> Bool {
        let damage = found == .missing ? "the stored copy is missing" : "the stored copy is corrupt (\(found.found))"
        let staged: StagedCopy
        switch copy(recording, progress: nil) {
        case .failed(let error):
            skipRelease(&result, sighting, "\(damage) and the device could not be read again: \(error)")
            return false
        case .staged(let copy):
            staged = copy
        }
        guard let staging = staged.staging.take() else {
            skipRelease(&result, sighting, "internal: staged copy without a file")
            return false
        }
        guard staged.digests.agrees(with: expected) else {
            store.discard(staging)
            skipRelease(&result, sighting,
                        "\(damage), and the device's bytes do not match the catalogued digests either "
                            + "(device \(staged.digests), catalogued \(expected)); run recgate verify")
            return false
        }
        try staging.sync()
        let readBack = try StorageReadBack.digest(path: staging.path, algorithms: expected.algorithms)
        guard readBack == expected else {
            store.discard(staging)
            skipRelease(&result, sighting,
                        "\(damage), and the device's bytes read back from storage are \(readBack), not \(expected)")
            return false
        }
        let done = try store.repair(staging, sha256: clip.sha256)
        try catalog.recordRepair(
            ClipRepair(clipID: clip.id, found: found.found, expected: expected, quarantinePath: done.quarantinePath,
                       sessionID: sessionID, sourcePath: recording.path),
            actor: request.actor, at: Date())
        result.repaired = true
        return true
    }

    /// Deletes the device's copy. The release is audited first (`device.release`), so a stop between the
    /// two leaves the file on the device and a later `--release` run checks and releases it; the sighting
    /// is marked released only when the source says the file is gone.
    func release(_ result: inout ClipResult, sighting: SightingRow, _ recording: Recording, basis: String) {
        do {
            try catalog.auditRelease(sightingID: sighting.id, basis: basis, actor: request.actor, at: Date())
        } catch {
            result.released = false
            result.error = "stored and verified, but the release could not be audited, so the device copy was kept: \(error)"
            return
        }
        Checkpoint.reached("release-audited")
        let outcome: ReleaseOutcome
        do {
            outcome = try source.release(recording)
        } catch {
            skipRelease(&result, sighting, "the device copy could not be deleted: \(error)")
            result.error = "stored and verified, but the device copy was not deleted: \(error)"
            return
        }
        switch outcome {
        case .released:
            Checkpoint.reached("released")
            result.released = true
            do {
                try catalog.confirmRelease(sightingID: sighting.id, at: Date())
            } catch {
                result.error = "released from the device, but the catalog could not mark it released: \(error)"
            }
        case .skipped(let reason):
            skipRelease(&result, sighting, reason)
        }
    }

    /// Keeps the device's copy, says why in the report and audits it (`device.release_skipped`).
    func skipRelease(_ result: inout ClipResult, _ sighting: SightingRow, _ reason: String) {
        result.released = false
        result.releaseSkipped = reason
        do {
            try catalog.recordReleaseSkipped(sightingID: sighting.id, reason: reason, actor: request.actor, at: Date())
        } catch {
            result.error = "kept on the device (\(reason)), and that could not be audited: \(error)"
        }
    }
}
