import DeviceKit
import Foundation

/// The checks that need the whole file or the catalogue: identifiers, step types, order of times,
/// duplicates, officers where recording is needed.
struct CaseValidator {
    let catalogue: StepCatalogue

    func validate(_ drafts: [CaseDraft], problems: inout [InputError]) -> [CaseRecord] {
        var cases: [CaseRecord] = []
        var firstCase: [String: SourcePlace] = [:]
        for draft in drafts {
            let caseID = nonEmpty(draft.caseID, name: "case_id", identifier: true, problems: &problems)
            if let caseID {
                if let first = firstCase[caseID.value] {
                    problems.append(InputError(.duplicateCase, caseID.place, "case \"\(caseID.value)\" is already in this file (line \(first.line ?? 0))"))
                } else {
                    firstCase[caseID.value] = caseID.place
                }
            }
            var steps: [CaseStep] = []
            var firstStep: [String: SourcePlace] = [:]
            for step in draft.steps {
                // Duplicates are looked for whatever else is wrong with either step.
                var duplicate = false
                if let id = step.id, case let text = id.value.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                    if let first = firstStep[text] {
                        problems.append(InputError(.duplicateStep, id.place, "step \"\(text)\" is already in this case (line \(first.line ?? 0))"))
                        duplicate = true
                    } else {
                        firstStep[text] = id.place
                    }
                }
                if let checked = validate(step, problems: &problems), !duplicate { steps.append(checked) }
            }
            if let caseID {
                cases.append(CaseRecord(caseID: caseID.value, title: blankIsNil(draft.title), department: blankIsNil(draft.department), steps: steps))
            }
        }
        return cases
    }

    private func validate(_ step: StepDraft, problems: inout [InputError]) -> CaseStep? {
        let before = problems.count
        let id = nonEmpty(step.id, name: "id", identifier: true, problems: &problems)
        var stepType: StepType?
        if let type = nonEmpty(step.type, name: "type", problems: &problems) {
            stepType = catalogue[type.value]
            if stepType == nil {
                problems.append(InputError(.unknownStepType, type.place,
                                           "unknown step type \"\(type.value)\" (the catalogue has \(catalogue.typeNames.joined(separator: ", ")))"))
            }
        }
        if let start = step.start, let end = step.end, end.value <= start.value {
            problems.append(InputError(.endNotAfterStart, end.place,
                                       "the end \(RFC3339.string(end.value)) is not after the start \(RFC3339.string(start.value))"))
        }
        for (name, list) in [("officers", step.officers), ("devices", step.devices)] {
            for entry in list?.value ?? [] {
                if let problem = InputError.identifier(entry.value, field: name, at: entry.place) { problems.append(problem) }
            }
        }
        let officers = step.officers?.value.map(\.value) ?? []
        if let stepType, stepType.recording.needsRecording, officers.isEmpty {
            problems.append(InputError(.missingOfficers, step.officers?.place ?? step.officersPlace,
                                       "a \(stepType.type) step needs audio-visual recording (Art \(stepType.recordingArticle ?? "11")) and must name its officers"))
        }
        if let stepType, let mark = step.fullProcess, mark.value, !stepType.recording.needsRecording {
            problems.append(InputError(.fullProcessWithoutRecording, mark.place,
                                       "full_process is marked on a \(stepType.type) step, which the catalogue records by documents only"))
        }
        let exemption = validateExemption(step.exemption, type: stepType, problems: &problems)
        let roles = validateRoles(step, type: stepType, problems: &problems)
        guard problems.count == before, let id, let stepType, let start = step.start, let end = step.end else { return nil }
        return CaseStep(id: id.value, type: stepType.type, start: start.value, end: end.value, officers: officers,
                        devices: step.devices?.value.map(\.value) ?? [], fullProcess: step.fullProcess?.value,
                        location: blankIsNil(step.location), exemption: exemption, roles: roles)
    }

    /// Art 16 lets only the steps it covers go unrecorded: the catalogue's types whose recording rests
    /// on Art 16 (on-site inspection, sampling, hearing). Anywhere else an exemption would silently
    /// withdraw a required recording, so it is refused.
    private func validateExemption(_ draft: ExemptionDraft?, type: StepType?, problems: inout [InputError]) -> StepExemption? {
        guard let draft else { return nil }
        let before = problems.count
        if let type, !Self.exemptable(type) {
            let allowed = catalogue.types.filter(Self.exemptable).map(\.type)
            problems.append(InputError(.fieldNotAllowed, draft.place,
                                       "an Art 16 exemption is accepted only on \(allowed.joined(separator: ", ")) steps, not on a \(type.type) step"))
        }
        if let article = draft.article, article.value.trimmingCharacters(in: .whitespaces) != StepExemption.article {
            problems.append(InputError(.invalidValue, article.place,
                                       "the exemption's article must be \"\(StepExemption.article)\" (unless unsuitable for recording), not \"\(article.value)\""))
        }
        let reason = nonEmpty(draft.reason, name: "reason", problems: &problems)
        guard problems.count == before, draft.article != nil, let reason else { return nil }
        return StepExemption(reason: reason.value)
    }

    static func exemptable(_ type: StepType) -> Bool {
        type.recording.needsRecording && type.recordingArticles.contains { ArticleReference($0)?.article == 16 }
    }

    /// Art 35's roles: officer identifiers, on internal steps only (elsewhere they would be ignored).
    private func validateRoles(_ step: StepDraft, type: StepType?, problems: inout [InputError]) -> InternalRoles {
        var roles = InternalRoles()
        for (name, field) in [("handler", step.handler), ("reviewer", step.reviewer), ("approver", step.approver)] {
            guard let field else { continue }
            if let type, !InternalRoles.stepTypes.contains(type.type) {
                problems.append(InputError(.fieldNotAllowed, field.place,
                                           "\"\(name)\" is named on internal steps only (\(InternalRoles.stepTypes.sorted().joined(separator: ", "))), not on a \(type.type) step"))
                continue
            }
            guard let officer = nonEmpty(field, name: name, identifier: true, problems: &problems) else { continue }
            switch name {
            case "handler": roles.handler = officer.value
            case "reviewer": roles.reviewer = officer.value
            default: roles.approver = officer.value
            }
        }
        return roles
    }

    /// The field trimmed, when it is not empty and, for an `identifier`, follows ``Identifier``'s rule.
    private func nonEmpty(_ field: Located<String>?, name: String, identifier: Bool = false, problems: inout [InputError])
        -> Located<String>?
    {
        guard let field else { return nil }
        let trimmed = field.value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            problems.append(InputError(.emptyValue, field.place, "\"\(name)\" must not be empty"))
            return nil
        }
        guard identifier else { return Located(value: trimmed, place: field.place) }
        if let problem = InputError.identifier(trimmed, field: name, at: field.place) {
            problems.append(problem)
            return nil
        }
        return Located(value: trimmed, place: field.place)
    }

    private func blankIsNil(_ field: Located<String>?) -> String? {
        guard let text = field?.value.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
