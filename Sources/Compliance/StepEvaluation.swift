import Foundation

/// One audio-visual step checked: its clips found and matched, its coverage measured, its findings.
struct StepEvaluation {
    struct Match {
        var clip: CorrectedClip
        var reasons: [String]
    }

    let step: CaseStep
    let type: StepType
    let fullProcess: Bool
    /// The step widened by the match margin (true time).
    let window: DateInterval
    let deviceWindows: [DeviceWindow]
    let matched: [Match]
    var findings: [Finding] = []
    var stepCheck: StepCheck

    init(step: CaseStep, type: StepType, fullProcess: Bool, run: CheckRun, custody: any CustodySource) throws {
        self.step = step
        self.type = type
        self.fullProcess = fullProcess
        let policy = run.policy
        window = step.interval.widened(by: policy.matchMargin)
        deviceWindows = try Self.deviceWindows(step: step, type: type, window: window, custody: custody)
        let officers = type.recording == .avPortable ? Set(step.officers) : []
        var matched: [Match] = []
        for clip in try run.lookUp(deviceWindows, officers: officers, officerWindow: window) {
            var reasons = deviceWindows.filter { $0.device == clip.facts.device && clip.interval.touches($0.window) }.map(\.reason)
            if let officer = clip.facts.officer, officers.contains(officer), clip.interval.touches(window) { reasons.append("officer") }
            if !reasons.isEmpty { matched.append(Match(clip: clip, reasons: Array(Set(reasons)).sorted())) }
        }
        matched.sort { ($0.clip.start.instant, $0.clip.facts.id) < ($1.clip.start.instant, $1.clip.facts.id) }
        self.matched = matched

        let text = FindingText(zone: policy.clock.zone)
        let recordingArticle = type.recordingArticle
        var coverage: Coverage
        if matched.isEmpty, let exemption = step.exemption {
            // Art 16: unsuitable for recording, with the reason given; nothing is missing.
            findings.append(Finding(kind: .recordingExempted, severity: .info, stepID: step.id, article: exemption.article,
                                    evidence: FindingEvidence(exemption: exemption),
                                    explanation: text.recordingExempted(step: step, type: type, exemption: exemption)))
            coverage = Coverage(coveredSeconds: 0, fraction: 0, uncovered: [TimeSpan(start: step.start, end: step.end)])
        } else if matched.isEmpty {
            let devices = Array(Set(deviceWindows.map(\.device))).sorted()
            // A clock never read may be far off: its clips may exist at other times. Say so.
            let unread = try devices.filter { try !run.model($0).hasReadings }
            findings.append(Finding(kind: .missingRecording, severity: .error, stepID: step.id, article: recordingArticle,
                                    evidence: FindingEvidence(devices: devices),
                                    explanation: text.missingRecording(step: step, type: type, devices: devices, unread: unread)))
            coverage = Coverage(coveredSeconds: 0, fraction: 0, uncovered: [TimeSpan(start: step.start, end: step.end)])
        } else {
            let builder = CoverageBuilder(clips: matched.map(\.clip), policy: policy)
            coverage = builder.coverage(of: step.interval)
            if fullProcess {
                findings += builder.findings(step: step, article: type.fullProcessArticle ?? "11(2)", text: text)
            }
            findings += ClipFindings.find(matched.map(\.clip), step: step, article: recordingArticle, text: text)
            findings += try SequenceCheck.find(matched.map(\.clip), step: step, article: recordingArticle, run: run, text: text)
        }
        stepCheck = StepCheck(stepID: step.id, type: type.type, recording: type.recording, fullProcess: fullProcess,
                              start: step.start, end: step.end,
                              clips: matched.map { $0.clip.evidence(matchedBy: $0.reasons) }, coverage: coverage)
    }

    /// Where each device's clips count: devices the step names, over the whole window; for portable
    /// recording, each device an officer of the step carried, over the part of the window they carried
    /// it. Fixed cameras are not carried: only the devices the step names count for them.
    static func deviceWindows(step: CaseStep, type: StepType, window: DateInterval, custody: any CustodySource) throws -> [DeviceWindow] {
        var windows = step.devices.map { DeviceWindow(device: $0, window: window, reason: "device") }
        if type.recording == .avPortable, !step.officers.isEmpty {
            for record in try custody.records(officers: Set(step.officers), overlapping: window) {
                if let part = record.overlap(with: window) {
                    windows.append(DeviceWindow(device: record.device, window: part, reason: "custody:\(record.officer)"))
                }
            }
        }
        return windows
    }
}
