import DeviceKit
import Compliance
import Evidence
import Foundation
import Offload
import Presentation

/// A file the gateway serves for a clip: the original from the store, or a file derived from it.
public struct ServedFile: Sendable {
    public enum Which: String, Sendable, CaseIterable {
        case original
        /// The review proxy, else the faststart copy: what a browser plays.
        case proxy
        case contactSheet = "contact_sheet"
    }

    public var clipID: String
    /// The clip's own digest (the evidence's), also for a derived file.
    public var clipSHA256: String
    public var path: String
    public var size: Int64
    /// The digest of the bytes served.
    public var sha256: String
    /// `original`, `proxy`, `faststart`, `contact_sheet`.
    public var kind: String
    public var contentType: String
    /// The name a download is saved under.
    public var fileName: String
}

extension Gateway {
    /// The file `which` of clip `id`, nil when the clip or that file does not exist (a derived file whose
    /// size no longer matches its row is not served).
    public func servedFile(clipID id: String, _ which: ServedFile.Which) throws -> ServedFile? {
        let catalog = try catalogForReading()
        guard let clip = try catalog.clip(id: id) else { return nil }
        switch which {
        case .original:
            let path = storedObjectPath(sha256: clip.sha256)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return ServedFile(clipID: clip.id, clipSHA256: clip.sha256, path: path, size: clip.size, sha256: clip.sha256,
                              kind: "original", contentType: Self.contentType(name: clip.sourceName), fileName: clip.sourceName)
        case .proxy, .contactSheet:
            let kinds = which == .proxy ? ["proxy", "faststart"] : ["contact_sheet"]
            let rows = try catalog.derived(clipID: clip.id)
            for kind in kinds {
                for row in rows.reversed() where row.kind == kind {
                    let size = (try? FileManager.default.attributesOfItem(atPath: row.path))?[.size] as? NSNumber
                    guard size?.int64Value == row.size else { continue }
                    let name = URL(fileURLWithPath: row.path).lastPathComponent
                    return ServedFile(clipID: clip.id, clipSHA256: clip.sha256, path: row.path, size: row.size, sha256: row.sha256,
                                      kind: kind, contentType: Self.contentType(name: name), fileName: name)
                }
            }
            return nil
        }
    }

    /// Records an access to a clip's evidence in the audit log: `clip.viewed`, `clip.played`,
    /// `clip.downloaded`, with the account and what it asked for.
    public func auditClipAccess(clipID: String, sha256: String, action: String, actor: String, detail: [String: String]) throws {
        try audit(action: action, object: "clip:\(clipID)", digest: sha256, actor: actor, detail: detail)
    }

    /// Reads clip `id`'s stored bytes again and checks every digest the catalog holds; audited
    /// `clip.verified` with the outcome. Nil when there is no such clip.
    public func verifyClip(id: String, actor: String) throws -> ClipVerificationReport? {
        guard let clip = try catalogForReading().clip(id: id) else { return nil }
        let problem = StoreVerifier.check(clip, path: storedObjectPath(sha256: clip.sha256))
        let report = ClipVerificationReport(
            id: clip.id, sha256: clip.sha256, sm3: clip.sm3, ok: problem == nil, problem: problem?.kind.rawValue,
            detail: problem?.detail, checked_at: RFC3339.string(Date()))
        var detail = ["ok": problem == nil ? "true" : "false"]
        if let problem { detail["problem"] = problem.kind.rawValue }
        try audit(action: "clip.verified", object: "clip:\(clip.id)", digest: clip.sha256, actor: actor, detail: detail)
        return report
    }

    /// The media type by the file's extension, for browsers: what they can play is named exactly.
    static func contentType(name: String) -> String {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "mov": "video/quicktime"
        case "avi": "video/x-msvideo"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "wav": "audio/wav"
        case "mp3": "audio/mpeg"
        case "m4a", "aac": "audio/mp4"
        default: "application/octet-stream"
        }
    }
}
