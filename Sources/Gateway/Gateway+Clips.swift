import DeviceKit
import ComplianceCatalog
import Evidence
import Compliance
import Foundation
import Presentation

extension Gateway {
    /// One page of a clip search over the home's catalog (opened read-only). Throws
    /// ``ComplianceCatalog/ClipQueryError`` for a bad cursor or an unknown case or step. Not audited:
    /// a list shows what the catalog holds, not the evidence itself.
    public func clips(_ query: ClipQuery) throws -> ClipPage {
        let setup = try caseDesk(create: false)
        return ClipPage(try ClipFinder(desk: setup.desk, index: resources?.clipIndex).find(query), zone: setup.zone)
    }

    /// The page of ``clips(_:)`` as the API serves it: the very bytes `DocumentEncoder.encode` gives for
    /// it. A gateway opened with ``open(_:)`` writes the clips it served before from memory (their entries
    /// kept by the recorded-time index's stamps, ``Presentation/ClipPageCache``); others encode the page.
    public func clipPageDocument(_ query: ClipQuery) throws -> Data {
        guard let resources else { return try DocumentEncoder.encode(clips(query)) }
        let setup = try caseDesk(create: false)
        let finder = ClipFinder(desk: setup.desk, index: resources.clipIndex)
        return try resources.clipPages.document(zone: setup.zone) { known in try finder.find(query, known: known) }
    }

    /// Clip search page entries written from memory, and from clips read in the catalog, since the start
    /// (a gateway opened with ``open(_:)``; nil for others, which keep none).
    public var clipPageEntryCounts: (fromMemory: Int64, fromCatalog: Int64)? { resources?.clipPages.counts }

    /// The full record of one clip, named by its id or a unique sha256 prefix (8 hex digits or more); nil
    /// when there is none. Reading it is an access to evidence: `clip.viewed` is appended to the audit log
    /// by `actor` (`cli:<user>`, `web:<account>`) before the record is returned, and the record shows it.
    public func clip(id: String, actor: String, at: Date = Date()) throws -> ClipDetail? {
        let setup = try caseDesk(create: false)
        guard let dossier = try ClipFinder(desk: setup.desk).dossier(id) else { return nil }
        var detail = ClipDetail(dossier, zone: setup.zone)
        let catalog = try catalog()
        let entry = try catalog.auditClipViewed(clipID: dossier.clip.clip.id, sha256: dossier.clip.clip.sha256, actor: actor, at: at)
        detail.audit.append(ClipDetail.AuditItem(seq: Int64(entry.seq), at: RFC3339.string(entry.at), actor: entry.actor,
                                                 action: entry.action, detail: entry.detail))
        return detail
    }
}
