import Foundation

/// Checks cases against the recordings: matches clips to steps, measures coverage, and reports
/// findings. Pure logic over three sources the catalog provides (clips, custody, clock readings).
public struct ComplianceChecker: Sendable {
    public let catalogue: StepCatalogue
    public let policy: CheckPolicy
    public let clips: any ClipSource
    public let custody: any CustodySource
    public let clocks: any ClockObservationSource

    public init(catalogue: StepCatalogue, policy: CheckPolicy = CheckPolicy(), clips: any ClipSource, custody: any CustodySource,
                clocks: any ClockObservationSource) {
        self.catalogue = catalogue
        self.policy = policy
        self.clips = clips
        self.custody = custody
        self.clocks = clocks
    }

    /// One case. Throws what the sources throw, and `UnknownStepType` for a step the catalogue in use
    /// does not define (a catalogue replaced after the case was imported): guessing would hide it.
    public func check(_ record: CaseRecord) throws -> CaseCheck {
        let run = CheckRun(policy: policy, clips: clips, clocks: clocks)
        var steps: [StepCheck] = []
        var findings: [Finding] = []
        var matchedIDs: Set<String> = []
        var avSteps: [(CaseStep, StepType)] = []
        for step in record.steps {
            guard let type = catalogue[step.type] else { throw UnknownStepType(stepID: step.id, type: step.type) }
            // The catalogue's rule, or the case file's Art 11(2) mark (which cannot lower the catalogue's).
            let fullProcess = type.fullProcess == .always || step.fullProcess == true
            guard type.recording.needsRecording else {
                steps.append(StepCheck(stepID: step.id, type: type.type, recording: type.recording, fullProcess: false,
                                       start: step.start, end: step.end, clips: [], coverage: nil))
                if InternalRoles.stepTypes.contains(type.type), let finding = InternalRoleCheck.find(step, type: type, zone: policy.clock.zone) {
                    findings.append(finding)
                }
                continue
            }
            avSteps.append((step, type))
            let result = try StepEvaluation(step: step, type: type, fullProcess: fullProcess, run: run, custody: custody)
            matchedIDs.formUnion(result.matched.map(\.clip.facts.id))
            steps.append(result.stepCheck)
            findings += result.findings
        }
        findings += try UnmatchedClips.find(steps: avSteps, matched: matchedIDs, run: run, custody: custody)
        let order = Dictionary(record.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let kinds = Dictionary(uniqueKeysWithValues: FindingKind.allCases.enumerated().map { ($1, $0) })
        findings = findings.enumerated().sorted { a, b in
            let left = (order[a.element.stepID ?? ""] ?? Int.max, a.element.severity.rank, kinds[a.element.kind]!, a.offset)
            let right = (order[b.element.stepID ?? ""] ?? Int.max, b.element.severity.rank, kinds[b.element.kind]!, b.offset)
            return left < right
        }.map(\.element)
        return CaseCheck(caseID: record.caseID, steps: steps, findings: findings, catalogue: catalogue.identity)
    }

    /// A clip's corrected times, as a check would give them (for `recgate` commands that show one clip).
    public func correct(_ clip: ClipFacts) throws -> ClipEvidence? {
        try CheckRun(policy: policy, clips: clips, clocks: clocks).correct(clip)?.evidence()
    }

    /// The clock model of one device under this checker's policy.
    public func clockModel(device: String) throws -> ClockModel {
        ClockModel(device: device, observations: try clocks.observations(device: device), policy: policy.clock)
    }

}

/// A case step whose type is not in the catalogue in use.
public struct UnknownStepType: Error, Sendable, Hashable, CustomStringConvertible {
    public var stepID: String
    public var type: String
    public var description: String { "step \(stepID) has type \"\(type)\", which the step catalogue in use does not define" }
}
