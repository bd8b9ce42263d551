import DeviceKit
import Digest
import Evidence
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One offload session: every recording on a volume into the evidence store, verified.
///
/// The path of one recording: read once from the device while it is hashed and written to a staging
/// file (`StreamingCopy`); then, on a second thread while the next recording is already being copied,
/// the staging file is fsynced, read back from storage and hashed again; only when both digests agree
/// is it renamed into the store and catalogued, with its audit entry, in one transaction. `--release`
/// deletes the device's copy only after that, and only when its bytes read in this run equal a stored
/// copy read back now (see SessionContext+Release.swift). Any failure discards the staging file and
/// records the failure: nothing unverified is ever recorded as offloaded.
public final class OffloadJob {
    let home: GatewayHome
    let configuration: GatewayConfiguration
    let request: OffloadRequest
    let progress: ProgressReporter?
    /// A long-running process's hold on the session: a stop between recordings, and live progress.
    let control: OffloadControl?
    /// Opens the device's session through the driver the registry picks: the job knows only the contract.
    let sessions: SessionOpener

    public init(home: GatewayHome, configuration: GatewayConfiguration, request: OffloadRequest,
                progress: ProgressReporter? = nil, control: OffloadControl? = nil,
                sessions: @escaping SessionOpener) {
        self.home = home
        self.configuration = configuration
        self.request = request
        self.control = control
        self.progress = control.map { ControlledProgress(control: $0, other: progress) } ?? progress
        self.sessions = sessions
    }

    public func run() throws -> OffloadReport {
        let started = Date()
        let opened = try openSource()
        let serial = opened.serial
        // Offloads of other devices may run in this home at the same time: the lock is this device's,
        // the staging folder this process's, and only what dead processes left is cleaned up (staging
        // folders whose lock is free; running sessions of this device, or of one whose lock is free).
        let lock = try DeviceLock(home, serial: serial)
        defer { lock.hold() }
        let shared = try EvidenceStore(root: home.storeURL)
        _ = try shared.removeStaleStaging()
        let store = try shared.claimingStaging()
        // Every staging file is committed or discarded by the time this returns (the finishing threads
        // have ended): the folder is given up then, not whenever the last thread drops its reference.
        defer { store.releaseStaging() }
        let catalog = try home.openCatalog(configuration)
        let recordings = try opened.recordings()

        let device = try catalog.upsertDevice(
            serial: serial, model: opened.model, profile: opened.profile, at: Date())
        let condition = recordCondition(opened.session, serial: serial, catalog: catalog)
        try closeAbandonedSessions(catalog, deviceID: device.id)
        let session = try catalog.beginSession(
            deviceID: device.id, volume: opened.label, host: ProcessInfo.processInfo.hostName,
            actor: request.actor, at: Date())
        Checkpoint.reached("session-begun")

        let context = SessionContext(
            request: request, source: opened.source, store: store, catalog: catalog, deviceID: device.id,
            sessionID: session.id, zone: configuration.timeZone)
        let board = ResultBoard(count: recordings.count)

        // Recordings this device already gave us (same path, size and time) are not copied again; to
        // release one, its stored copy is read back and its bytes on the device hashed again first.
        var toCopy: [(index: Int, recording: Recording)] = []
        for (index, recording) in recordings.enumerated() {
            if let known = try catalog.findSighting(
                deviceID: device.id, sourcePath: recording.path, size: recording.size,
                fsMtimeRaw: recording.modified.raw)
            {
                board.set(index, context.alreadyKnown(recording, sighting: known.0, clip: known.1))
            } else {
                toCopy.append((index, recording))
            }
        }

        let totalBytes = toCopy.reduce(0) { $0 + $1.recording.size }
        control?.report(.sessionBegan(id: session.id, serial: serial, model: opened.model, totalBytes: totalBytes,
                                      recordings: recordings.count))
        progress?.begin(totalBytes: totalBytes, label: "offload")
        let finisher = Finisher(context: context, board: board)
        finisher.start()
        for (index, recording) in toCopy {
            if let reason = board.abortReason ?? control?.stopReason {
                board.set(index, context.failure(recording, "not attempted: \(reason)"))
                continue
            }
            finisher.waitForSlot()
            control?.report(.copying(path: recording.path, size: recording.size))
            switch context.copy(recording, progress: progress) {
            case .staged(let staged):
                staged.index = index
                finisher.submit(staged)
            case .failed(let error):
                finisher.releaseSlot()
                board.set(index, context.failure(recording, error))
                if error.code == .noSpace { board.abort(because: "the store is full") }
            }
        }
        finisher.finish()
        progress?.end()

        let clips = board.results()
        let failed = clips.filter { $0.status == .failed }.count
        // Asked to stop (the process is shutting down, the device left, its turn is over): interrupted,
        // not failed, unless a recording failed before the stop came.
        let stopReason = board.abortReason == nil ? control?.stopReason : nil
        let notAttempted = stopReason.map { reason in clips.filter { $0.error == "not attempted: \(reason)" }.count } ?? 0
        // A stop that came after the last recording started changed nothing.
        let stopped = notAttempted > 0 ? stopReason : nil
        var problem = board.abortReason ?? stopped
        // An entry that could not be read may hide recordings: the run is not complete.
        let hiding = opened.skipped.filter(\.reason.hidesRecordings)
        if !hiding.isEmpty {
            problem = [problem, "\(hiding.count) entr\(hiding.count == 1 ? "y" : "ies") on the device could not be read "
                + "and may hold recordings (see skipped: \(hiding.map(\.path).joined(separator: ", ")))"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        do {
            _ = try catalog.finishSession(
                id: session.id,
                status: failed == 0 && hiding.isEmpty ? .completed
                    : stopped != nil && failed == notAttempted ? .interrupted : .failed,
                stored: clips.filter { $0.status == .stored }.count,
                alreadyStored: clips.filter { $0.status == .alreadyStored }.count, failed: failed,
                error: problem, at: Date())
        } catch {
            // The clips' own rows are written; a session left "running" is marked interrupted by the
            // next run. The report must still reach the person (a full disk is the usual cause).
            problem = [problem, "the session could not be closed in the catalog: \(error)"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        // Custody is a by-product: failing to record it must not fail an offload whose clips are stored.
        if let custody = Self.custodyAtDock(officer: opened.officer, serial: serial,
                                            newRecordings: toCopy.map(\.recording), dockedAt: started) {
            do {
                _ = try catalog.importCustody([custody], source: "dock", actor: request.actor, at: Date())
            } catch {
                problem = [problem, "custody could not be recorded: \(error)"].compactMap { $0 }.joined(separator: "; ")
            }
        }
        var report = OffloadReport(
            sessionID: session.id, volume: opened.label,
            device: .init(serial: serial, model: opened.model, profile: opened.profile),
            clips: clips, bytesCopied: board.bytesCopied, seconds: Date().timeIntervalSince(started))
        report.skipped = opened.skipped
        (report.device.condition, report.device.conditionError) = condition
        report.error = problem
        return report
    }

    /// The device the recordings come from, as the session needs it: its driver's session, and what the
    /// session tells of it.
    final class OpenedSource {
        let session: any DeviceSession
        /// By the driver's one rule (`DeviceSession.serial(naming:)`).
        let serial: String
        /// Listed once, when the session first needs it (after the device's lock is taken).
        private var listing: RecordingListing?

        init(session: any DeviceSession, serial: String) {
            self.session = session
            self.serial = serial
        }

        var source: any RecordingSource { SessionSource(session: session) }
        var model: String? { session.identity.model }
        var profile: String { session.identity.profile }
        /// The volume's path, or `camera:PORT_PATH`.
        var label: String { session.label }
        var officer: String? { session.identity.officer }

        func recordings() throws -> [Recording] {
            if let listing { return listing.recordings }
            let listed = try OffloadError.fromSession { try session.recordings() }
            listing = listed
            return listed.recordings
        }

        /// What the device holds that is not offloaded, each with its reason (known once it is listed).
        var skipped: [SkippedFile] { listing?.skipped ?? [] }
    }

    /// Opens the request's device through `sessions` and asks its driver's rule for the serial (the
    /// request's `--device` names it when the device does not; a device that says otherwise is a conflict).
    func openSource() throws -> OpenedSource {
        let options = SessionOptions(zone: try configuration.zone(), volumeClockZone: try configuration.volumeZone())
        return try OffloadError.fromSession {
            let session = try sessions(request.target, options)
            return OpenedSource(session: session, serial: try session.serial(naming: request.deviceSerial))
        }
    }
}
