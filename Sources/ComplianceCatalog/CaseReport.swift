import DeviceKit
import Compliance
import Foundation

/// Every case checked, summed up for the legal office: per case, per department and per officer, how
/// many steps there are, how many have findings, and the findings by kind.
///
/// A step "has findings" when it has a finding of severity error or warning; `unmatched_clip` (info)
/// is counted by kind but does not mark a step.
public struct CaseReport: Sendable, Hashable, Encodable {
    /// One case as the report got it: checked, or with the reason it could not be.
    public struct Entry: Sendable, Hashable {
        public var record: CaseRecord
        public var revision: Int
        public var check: CaseCheck?
        public var problem: String?

        public init(record: CaseRecord, revision: Int, check: CaseCheck? = nil, problem: String? = nil) {
            self.record = record
            self.revision = revision
            self.check = check
            self.problem = problem
        }
    }

    /// Counts over a set of cases and steps.
    public struct Tally: Sendable, Hashable, Encodable {
        public var cases = 0
        public var steps = 0
        public var stepsWithFindings = 0
        /// By kind (snake case), only the kinds that occur.
        public var findingsByKind: [String: Int] = [:]
        public var errors = 0
        public var warnings = 0
        public var infos = 0

        public init() {}

        mutating func add(_ findings: [Finding]) {
            for finding in findings {
                findingsByKind[finding.kind.rawValue, default: 0] += 1
                switch finding.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                case .info: infos += 1
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case cases, steps
            case stepsWithFindings = "steps_with_findings"
            case findingsByKind = "findings_by_kind"
            case errors, warnings, infos
        }
    }

    public struct DepartmentTally: Sendable, Hashable, Encodable {
        /// Nil for cases that name no department.
        public var department: String?
        public var tally: Tally

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: GroupKeys.self)
            try c.encode(department, forKey: .department)
            try tally.encode(to: encoder)
        }
    }

    public struct OfficerTally: Sendable, Hashable, Encodable {
        public var officer: String
        /// Counts over the cases and steps the officer is named on; a step's findings count for each
        /// of its officers.
        public var tally: Tally

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: GroupKeys.self)
            try c.encode(officer, forKey: .officer)
            try tally.encode(to: encoder)
        }
    }

    enum GroupKeys: String, CodingKey {
        case department, officer
    }

    public struct CaseSummary: Sendable, Hashable, Encodable {
        public var caseID: String
        public var title: String?
        public var department: String?
        public var revision: Int
        public var officers: [String]
        public var tally: Tally
        /// Nil when the case could not be checked (see `problem`).
        public var check: CaseCheck?
        public var problem: String?

        enum CodingKeys: String, CodingKey {
            case caseID = "case_id"
            case title, department, revision, officers, problem, check
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(caseID, forKey: .caseID)
            try c.encode(title, forKey: .title)
            try c.encode(department, forKey: .department)
            try c.encode(revision, forKey: .revision)
            try c.encode(officers, forKey: .officers)
            try c.encode(problem, forKey: .problem)
            try tally.encode(to: encoder)
            // The full result, as `case check --json` gives it.
            try c.encode(check, forKey: .check)
        }
    }

    @RFC3339Time public var generatedAt: Date
    @RFC3339OptionalTime public var since: Date?
    public var totals: Tally
    /// By department name, cases with none last.
    public var departments: [DepartmentTally]
    /// By badge number.
    public var officers: [OfficerTally]
    /// By case id.
    public var cases: [CaseSummary]
    /// The step catalogue every case was checked with.
    public var catalogue: CatalogueIdentity?

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case since, totals, departments, officers, cases, catalogue
    }

    public init(entries: [Entry], since: Date?, generatedAt: Date, catalogue: CatalogueIdentity? = nil) {
        self.generatedAt = generatedAt
        self.since = since
        self.catalogue = catalogue
        var totals = Tally()
        var departments: [String?: Tally] = [:]
        var officers: [String: Tally] = [:]
        var cases: [CaseSummary] = []
        for entry in entries.sorted(by: { $0.record.caseID < $1.record.caseID }) {
            let record = entry.record
            let findings = entry.check?.findings ?? []
            let byStep = Dictionary(grouping: findings, by: { $0.stepID ?? "" })
            let flagged = Set(findings.filter { $0.severity != .info }.compactMap(\.stepID))
            func tally(steps: [CaseStep]) -> Tally {
                var t = Tally()
                t.cases = 1
                t.steps = steps.count
                t.stepsWithFindings = steps.filter { flagged.contains($0.id) }.count
                let ids = Set(steps.map(\.id))
                t.add(findings.filter { ids.contains($0.stepID ?? "") })
                return t
            }
            var whole = tally(steps: record.steps)
            // Findings tied to no step of the case still count for the case.
            whole.add(byStep[""] ?? [])
            totals.merge(whole)
            departments[record.department, default: Tally()].merge(whole)
            let named = Array(Set(record.steps.flatMap(\.officers))).sorted()
            for officer in named {
                officers[officer, default: Tally()].merge(tally(steps: record.steps.filter { $0.officers.contains(officer) }))
            }
            cases.append(CaseSummary(caseID: record.caseID, title: record.title, department: record.department,
                                     revision: entry.revision, officers: named, tally: whole, check: entry.check,
                                     problem: entry.problem))
        }
        self.totals = totals
        self.departments = departments.map { DepartmentTally(department: $0.key, tally: $0.value) }
            .sorted { ($0.department == nil ? 1 : 0, $0.department ?? "") < ($1.department == nil ? 1 : 0, $1.department ?? "") }
        self.officers = officers.map { OfficerTally(officer: $0.key, tally: $0.value) }.sorted { $0.officer < $1.officer }
        self.cases = cases
    }
}

extension CaseReport.Tally {
    mutating func merge(_ other: Self) {
        cases += other.cases
        steps += other.steps
        stepsWithFindings += other.stepsWithFindings
        findingsByKind.merge(other.findingsByKind, uniquingKeysWith: +)
        errors += other.errors
        warnings += other.warnings
        infos += other.infos
    }
}

extension CaseReport {
    /// Where a report starts, as a person writes it: `2026-11-01` (midnight in `zone`) or an RFC 3339 time.
    public static func date(_ text: String, zone: TimeZone) -> Date? {
        if text.count == 10, case .success(let reading) = DeviceTimeText.parse(text + "T00:00:00") {
            return reading.instant(in: zone)
        }
        if case .success(let date) = RFC3339.parse(text) { return date }
        return nil
    }
}
