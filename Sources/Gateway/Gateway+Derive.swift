import ComplianceCatalog
import Evidence
import Foundation
import MP4
import Media
import MediaProbes
import Offload

extension Gateway {
    /// Where derived files of this home go: `<home>/derived`, beside the store and never in it.
    public var derivedRoot: URL { home.root.appendingPathComponent("derived") }

    /// Stored video clips with no faststart copy or proxy linked to them yet, oldest first: the clips
    /// that may still need something under `policy` (none under `none`). An empty or absent catalog
    /// (one an offload is creating now) holds none.
    ///
    /// `storedAfter`: only clips stored after that mark; the result's `mark` is the newest clip's when the
    /// catalog was read, for the next look.
    public func clipsPendingDerivation(policy: ProxyPolicy, storedAfter: Int64 = 0) throws -> (clips: [ClipRow], mark: Int64) {
        guard policy != .none else { return ([], storedAfter) }
        let size = try? FileManager.default.attributesOfItem(atPath: home.catalogURL.path)[.size] as? Int
        guard let size, size > 0 else { return ([], storedAfter) }
        let catalog = try catalogForReading()
        // The mark first: a clip stored between the two reads is found now and again next time (the
        // queue looks at a clip once), never missed.
        let mark = try catalog.newestClipMark()
        let clips = try catalog.clipsWithoutDerived(
            kinds: ["video"], derivedKinds: [DerivedFile.Kind.faststart.rawValue, DerivedFile.Kind.proxy.rawValue], storedAfter: storedAfter)
        return (clips, mark)
    }

    /// Decides what the stored clip `sha256` needs for a browser under `policy` (``DerivedNeed``, from the
    /// probe facts the offload catalogued) and makes it: a faststart copy, a review proxy, or, for a
    /// recording cut off before its index, a recovery followed by a proxy of what was recovered. The file
    /// goes to `<home>/derived/<kind>/ab/<sha256>.<ext>`, hashed while written, catalogued with its recipe,
    /// linked to the clip and audited (`derived.made`). A clip that already has a faststart copy or proxy
    /// gets nothing more. Never throws: a failure is the result's `failed`, and the clip's bytes in the
    /// store are only read.
    /// A proxy is made with `proxy` (the daemon's queue narrows its threads while offloads run).
    public func derive(sha256: String, policy: ProxyPolicy, proxy: ProxySettings = ProxySettings()) -> Derivation {
        var result = Derivation(clipID: nil, sha256: sha256, done: .failed, reason: "", derived: nil)
        do {
            return try withDerivedLock { try derive(sha256: sha256, policy: policy, proxy: proxy, into: &result) }
        } catch {
            result.done = .failed
            result.reason = "\(error)"
            return result
        }
    }

    /// Runs `body` holding `<home>/derived/.lock`: the daemon's queue and `recgate derive` make one clip
    /// at a time between them, so neither takes the other's half-written or just published file for a
    /// stopped run's leftover, and a clip's file is made once.
    public func withDerivedLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: derivedRoot, withIntermediateDirectories: true)
        return try FileLock(path: derivedRoot.appendingPathComponent(".lock").path).withLock(body)
    }

    private func derive(sha256: String, policy: ProxyPolicy, proxy: ProxySettings, into result: inout Derivation) throws -> Derivation {
        // The catalog a long-running process keeps open (the daemon's queue), else opened read-only now.
        let catalog = try catalogForReading()
        guard let clip = try catalog.clip(sha256: sha256) else {
            result.done = .nothing
            result.reason = "not in the catalog (an interrupted offload's object: the next offload catalogues it)"
            return result
        }
        result.clipID = clip.id
        let made = try catalog.derived(clipID: clip.id).first {
            $0.kind == DerivedFile.Kind.faststart.rawValue || $0.kind == DerivedFile.Kind.proxy.rawValue
        }
        if let made {
            result.done = .nothing
            result.reason = "already has a \(made.kind): \(made.sha256) \(made.path)"
            return result
        }
        let source = storedObjectPath(sha256: sha256)
        let facts = try DerivedQueue.facts(of: clip, at: source, in: catalog)
        let placement = (try? MP4IndexPlacement.of(path: source)) ?? .notMP4
        let need = DerivedNeed.of(facts: facts, placement: placement).under(policy)
        let options = try derivedOptions(sourceSHA256: sha256)
        let file: DerivedFile
        switch need {
        case .nothing(let why):
            result.done = .nothing
            result.reason = why
            return result
        case .faststart:
            result.done = .faststart
            result.reason = "index after the media data"
            let quickTime = facts.tags["major_brand"]?.hasPrefix("qt") == true
            let destination = try derivedDestination(sha256: sha256, kind: .faststart, ext: quickTime ? "mov" : "mp4")
            file = try FaststartRemuxer.remux(source: source, to: destination, options: options)
        case .proxy(let why):
            result.done = .proxy
            result.reason = why
            let destination = try derivedDestination(sha256: sha256, kind: .proxy, ext: "mp4")
            file = try ProxyTranscoder.transcode(source: source, to: destination, settings: proxy, options: options)
        case .recoverThenProxy:
            result.done = .recoveredProxy
            result.reason = "no MP4 index: a truncated recording"
            file = try recoveredProxy(of: clip, source: source, in: catalog, settings: proxy, options: options)
        }
        guard try linkDerived(file, sourceSHA256: sha256) else {
            try? FileManager.default.removeItem(atPath: file.path)
            result.done = .nothing
            result.reason = "no longer in the catalog"
            return result
        }
        result.derived = file
        return result
    }

    /// A review proxy of a recording cut off before its index: its samples are rebuilt into a temporary
    /// MP4 beside the proxy (named like a half-written file, so a killed run's leftover is removed by the
    /// next, see ``DerivedQueue``), using a healthy clip of the same device as the reference for the codec
    /// settings, and the proxy is transcoded from that. The proxy's recipe names the reference and how
    /// much of the media data was recovered; its source is the stored clip.
    private func recoveredProxy(
        of clip: ClipRow, source: String, in catalog: Catalog, settings: ProxySettings, options: DerivedFileOptions
    ) throws -> DerivedFile {
        let destination = try derivedDestination(sha256: clip.sha256, kind: .proxy, ext: "mp4")
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent()
        let rebuilt = folder.appendingPathComponent(".\(clip.sha256).mp4.partial-recovered-\(getpid())")
        try? FileManager.default.removeItem(at: rebuilt)
        defer { try? FileManager.default.removeItem(at: rebuilt) }
        let (reference, report) = try recover(clip: clip, source: source, in: catalog, to: rebuilt)
        var file = try ProxyTranscoder.transcode(source: rebuilt.path, to: destination, settings: settings, options: options)
        file.sourcePath = source
        file.recipe = "recovered (reference \(reference), \(report.bytesUsed) of \(report.mediaDataBytes) media data bytes, "
            + "\(report.stopReason.rawValue)) then " + file.recipe
        return file
    }

    /// Rebuilds the truncated `clip` into `output`, with a healthy clip of the same device as the
    /// reference (``TruncatedClipRecovery``); returns that clip's SHA-256 and the recovery's report.
    ///
    /// A reference with other codec settings than the recording's makes the scan stop early at bytes
    /// it does not recognise, so the candidates (same offload session first, then newest; at most
    /// ``recoveryCandidates`` the recovery accepts) are each scanned, and the one that explains the most
    /// media data is used; the first whose scan reaches the end of the data ends the search.
    private func recover(clip: ClipRow, source: String, in catalog: Catalog, to output: URL) throws -> (String, RecoveryReport) {
        let candidates = try catalog.clips().filter {
            $0.deviceID == clip.deviceID && $0.kind == clip.kind && $0.sha256 != clip.sha256
        }.sorted {
            ($0.sessionID == clip.sessionID ? 0 : 1, -$0.createdAt.timeIntervalSince1970)
                < ($1.sessionID == clip.sessionID ? 0 : 1, -$1.createdAt.timeIntervalSince1970)
        }
        let truncated = URL(fileURLWithPath: source)
        var refused: [String] = []
        var best: (sha256: String, recovery: TruncatedClipRecovery, used: Int64)?
        var tried = 0
        for candidate in candidates where tried < Self.recoveryCandidates {
            let path = storedObjectPath(sha256: candidate.sha256)
            guard let placement = try? MP4IndexPlacement.of(path: path), placement == .beforeData || placement == .afterData else { continue }
            do {
                let recovery = try TruncatedClipRecovery(reference: URL(fileURLWithPath: path))
                tried += 1
                let scan = try recovery.scan(truncated)
                let used = scan.stopOffset - scan.data.lowerBound
                if used > best?.used ?? 0 { best = (candidate.sha256, recovery, used) }
                if scan.stopReason != .unrecognisedData { break }
            } catch {
                refused.append("\(candidate.sha256.prefix(12)): \(error)")
            }
        }
        guard let best else { throw DerivationError.noRecoveryReference(deviceID: clip.deviceID, refused: refused) }
        return (best.sha256, try best.recovery.recover(truncated, to: output))
    }

    /// How many reference clips a recovery tries at most: each is a scan of the recording's media data.
    static let recoveryCandidates = 4

    /// `<derived>/<kind>/ab/<sha256>.<ext>`, its folder made. A file already there belongs to no catalog
    /// row (the clip had none of this kind): a run stopped between publishing it and cataloguing it. It
    /// is made again.
    func derivedDestination(sha256: String, kind: DerivedFile.Kind, ext: String) throws -> String {
        let folder = derivedRoot.appendingPathComponent(kind.rawValue).appendingPathComponent(String(sha256.prefix(2)))
        let destination = folder.appendingPathComponent("\(sha256).\(ext)").path
        try home.refuseDerivedDestination(destination)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: destination) {
            try FileManager.default.removeItem(atPath: destination)
        }
        return destination
    }
}

extension Gateway {
    /// The clip `reference` names, as `recgate clip show` reads it: its id, or the start of its sha256
    /// (8 hex digits or more; several clips with that start are a `ClipQueryError`). Nothing is audited:
    /// the clip's record is not shown.
    public func clipRow(_ reference: String) throws -> ClipRow? {
        try ClipFinder(desk: try caseDesk(create: false).desk).clip(reference)
    }
}
