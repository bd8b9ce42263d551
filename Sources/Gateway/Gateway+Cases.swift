import DeviceKit
import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Offload
import Presentation

extension Gateway {
    /// Every case in the catalog, newest import first; empty when the home has no catalog.
    public func caseList() throws -> [CaseListEntry] {
        guard FileManager.default.fileExists(atPath: home.catalogURL.path) else { return [] }
        let catalog = try catalogForReading()
        return try catalog.caseIDs().compactMap { id in
            try catalog.caseFile(id: id).map {
                CaseListEntry(case_id: $0.caseID, title: $0.title, department: $0.department, revision: $0.revision,
                              imported_at: RFC3339.string($0.importedAt))
            }
        }.sorted { $0.imported_at > $1.imported_at }
    }

    /// What can be imported through ``importFile(_:named:kind:actor:)``.
    public enum ImportKind: String, Sendable, CaseIterable { case `case`, custody, clock }

    /// Imports a case, custody or clock file given as bytes (an upload) exactly as the command line
    /// imports the file: the same formats (JSON, or CSV when `name` ends in `.csv`), the same problems
    /// with their places (an ``ImportFailure``), all or nothing. Returns the document the command line's
    /// `--json` prints.
    public func importFile(_ bytes: Data, named name: String, kind: ImportKind, actor: String) throws -> any Encodable & Sendable {
        let setup = try caseDesk(create: true)
        let folder = home.root.appendingPathComponent("run/uploads", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The name only tells the format and is shown in messages; the file lives under a fresh name.
        let suffix = name.lowercased().hasSuffix(".csv") ? ".csv" : ".json"
        let url = folder.appendingPathComponent(UUID().uuidString.lowercased() + suffix)
        try bytes.write(to: url, options: .withoutOverwriting)
        defer { try? FileManager.default.removeItem(at: url) }
        switch kind {
        case .case:
            return CaseImportReport(file: name, cases: try setup.desk.importCases(from: url, actor: actor))
        case .custody:
            let result = try setup.desk.importCustody(from: url, actor: actor)
            return CustodyImportReport(file: name, added: result.added, updated: result.updated, unchanged: result.unchanged)
        case .clock:
            let result = try setup.desk.importClockReadings(from: url, actor: actor)
            return ClockImportReport(file: name, readings: result.readings, added: result.added)
        }
    }

    /// Up to `limit` audit entries before entry `before` (the newest when nil), newest first; none
    /// when the home has no catalog.
    public func auditEntries(before: Int?, limit: Int) throws -> [AuditEntry] {
        guard FileManager.default.fileExists(atPath: home.catalogURL.path) else { return [] }
        return try catalogForReading().auditEntries(beforeSeq: before, limit: limit)
    }

    /// A page of the audit log: `limit` entries after entry `after`.
    public func auditTrail(after: Int, limit: Int) throws -> AuditTrailPage {
        guard FileManager.default.fileExists(atPath: home.catalogURL.path) else { return AuditTrailPage(entries: [], limit: limit) }
        let entries = try catalogForReading().auditEntries(afterSeq: after, limit: limit)
        return AuditTrailPage(entries: entries, limit: limit)
    }
}
