import DeviceKit
import Compliance
import Evidence
import Foundation

/// Cases in the catalog: import case, custody and clock files, and check cases against the clips
/// the catalog holds. What the command line and the daemon use.
public struct CaseDesk: Sendable {
    public let catalog: Catalog
    public let catalogue: StepCatalogue
    public let checker: ComplianceChecker

    public init(catalog: Catalog, catalogue: StepCatalogue, policy: CheckPolicy = CheckPolicy()) {
        self.catalog = catalog
        self.catalogue = catalogue
        self.checker = ComplianceChecker(
            catalogue: catalogue, policy: policy, clips: CatalogClipSource(catalog: catalog),
            custody: CatalogCustody(catalog: catalog), clocks: CatalogClockReadings(catalog: catalog))
    }

    public var policy: CheckPolicy { checker.policy }

    /// Writes `catalogue.changed` to the audit log when the step catalogue in use is not the one the
    /// catalog saw last (``Catalog/noteStepCatalogue(sha256:source:actor:at:)``). True when it was.
    @discardableResult
    public func noteCatalogue(actor: String, at: Date = Date()) throws -> Bool {
        guard let identity = catalogue.identity else { return false }
        return try catalog.noteStepCatalogue(sha256: identity.sha256, source: identity.source.rawValue, actor: actor, at: at)
    }

    /// Whether the step catalogue in use is not the one the catalog recorded last (read only).
    public func catalogueChanged() throws -> Bool {
        guard let identity = catalogue.identity else { return false }
        return try catalog.recordedStepCatalogue() != identity.sha256
    }

    /// Reads a case file (JSON or CSV by its extension) and stores every case in it, or none: a file
    /// with problems throws ``ImportFailure`` with all of them and stores nothing. Per case, in file
    /// order: created, updated (a new revision; the earlier ones are kept) or unchanged.
    public func importCases(from file: URL, actor: String, at: Date = Date()) throws -> [CaseImportResult] {
        let records = try CaseFile.load(contentsOf: file, catalogue: catalogue)
        return try importCases(records, source: file.lastPathComponent, actor: actor, at: at)
    }

    /// Stores parsed cases, all or none.
    public func importCases(_ records: [CaseRecord], source: String, actor: String, at: Date = Date()) throws
        -> [CaseImportResult]
    {
        let outcomes = try catalog.importCases(try records.map(NewCase.init), source: source, actor: actor, at: at)
        return try zip(records, outcomes).map { record, outcome in
            CaseImportResult(caseID: record.caseID, outcome: outcome,
                             revision: try catalog.caseFile(id: record.caseID)?.revision ?? 0, steps: record.steps.count)
        }
    }

    /// Reads a custody file and stores its periods, or none. A period overlapping another officer's
    /// period for the same device, in the file or already in the catalog, is a problem at its place
    /// naming both periods (and where the catalog's came from).
    public func importCustody(from file: URL, actor: String, at: Date = Date()) throws -> CustodyImportResult {
        let records = try CustodyFile.placed(contentsOf: file)
        do {
            return try catalog.importCustody(records.map { NewCustody($0.record) }, source: "file:\(file.lastPathComponent)",
                                             actor: actor, at: at)
        } catch let refused as CustodyConflicts {
            throw ImportFailure(errors: refused.conflicts.map { conflict in
                InputError(.custodyOverlap, records[conflict.index].place, Self.overlapMessage(conflict))
            })
        }
    }

    /// Both periods, the catalog's with its source: what a clerk needs to decide which one is wrong.
    static func overlapMessage(_ conflict: CustodyConflict) -> String {
        func time(_ seconds: Int64?) -> String {
            seconds.map { RFC3339.string(Date(timeIntervalSince1970: TimeInterval($0))) } ?? "(open)"
        }
        let e = conflict.existing, p = conflict.period
        return "device \(p.deviceSerial) is already held by officer \(e.officer) from \(time(e.fromS)) to \(time(e.toS)) "
            + "(in the catalog from \(e.source), recorded \(RFC3339.string(e.recordedAt)) by \(e.actor)); "
            + "this period of officer \(p.officer) from \(RFC3339.string(p.from)) to \(p.to.map { RFC3339.string($0) } ?? "(open)") "
            + "overlaps it"
    }

    /// Reads a clock-reading file and stores its readings, or none. Returns how many readings the
    /// file has and how many were new (a reading already stored is not stored twice).
    public func importClockReadings(from file: URL, actor: String, at: Date = Date()) throws -> (readings: Int, added: Int) {
        let readings = try ClockObservationFile.load(contentsOf: file)
        let added = try recordClockReadings(readings, note: "file:\(file.lastPathComponent)", actor: actor, at: at)
        return (readings.count, added)
    }

    /// Stores clock readings (one transaction); returns how many were new.
    @discardableResult
    public func recordClockReadings(_ readings: [ClockObservation], note: String? = nil, actor: String, at: Date = Date()) throws
        -> Int
    {
        try catalog.recordClockObservations(readings.map { NewClockObservation($0, note: note) }, actor: actor, at: at)
    }

    /// A device's clock readings with their offsets, and the resets the clock model finds in them.
    public func clockHistory(device: String) throws -> ClockHistory {
        let rows = try catalog.clockObservations(deviceSerial: device)
        let readings = rows.compactMap { row in CatalogClockReadings.observation(row).map { ($0, row.note) } }
        return ClockHistory(device: device, readings: readings, unreadable: rows.count - readings.count, policy: policy.clock)
    }

    /// The current revision of a case, or nil when the catalog has none by that id.
    public func record(caseID: String) throws -> CaseRecord? {
        try catalog.caseFile(id: caseID).map { try CaseRecord(document: $0.document) }
    }

    /// Checks one case, against one snapshot of the catalog (every query of the check in one read
    /// transaction: the check sees one state of the catalog, and a hundred small queries cost one
    /// transaction).
    public func check(caseID: String) throws -> CaseCheck? {
        try catalog.reading {
            try record(caseID: caseID).map { try checker.check($0) }
        }
    }

    /// Checks every case (or those with a step ending at or after `since`) and sums the findings up
    /// per department and per officer. A case that cannot be checked (a step type the catalogue in use
    /// no longer defines) is listed with its problem instead of stopping the report.
    public func report(since: Date? = nil, at: Date = Date()) throws -> CaseReport {
        var entries: [CaseReport.Entry] = []
        for id in try catalog.caseIDs(since: since) {
            guard let row = try catalog.caseFile(id: id) else { continue }
            let record = try CaseRecord(document: row.document)
            do {
                entries.append(.init(record: record, revision: row.revision, check: try checker.check(record)))
            } catch let error as UnknownStepType {
                entries.append(.init(record: record, revision: row.revision, problem: error.description))
            }
        }
        return CaseReport(entries: entries, since: since, generatedAt: at, catalogue: catalogue.identity)
    }
}

/// What importing one case did.
public struct CaseImportResult: Sendable, Hashable, Codable {
    public var caseID: String
    public var outcome: CaseImportOutcome
    /// The case's current revision after the import.
    public var revision: Int
    public var steps: Int

    public init(caseID: String, outcome: CaseImportOutcome, revision: Int, steps: Int) {
        self.caseID = caseID
        self.outcome = outcome
        self.revision = revision
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case outcome, revision, steps
    }
}
