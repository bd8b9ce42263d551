import DeviceKit
/// JSON case files into drafts. Places are JSON paths with lines: `line 9, [1].steps[0].end`.
enum CaseJSONReader {
    static let caseKeys: Set<String> = ["case_id", "title", "department", "steps"]
    static let stepKeys: Set<String> = ["id", "type", "start", "end", "officers", "devices", "full_process", "location", "exemption",
                                           "handler", "reviewer", "approver"]
    static let exemptionKeys: Set<String> = ["article", "reason"]

    static func drafts(_ bytes: [UInt8], problems: inout [InputError]) -> [CaseDraft] {
        let root: JSONNode
        do {
            root = try JSONScanner.parse(bytes)
        } catch {
            problems.append(error.inputError)
            return []
        }
        switch root.value {
        case .array(let elements):
            return elements.enumerated().compactMap { i, node in draft(node, path: JSONPath.root.appending(i), problems: &problems) }
        case .object:
            return draft(root, path: .root, problems: &problems).map { [$0] } ?? []
        default:
            problems.append(InputError(.wrongType, JSONFields.place(root, .root), "a case file holds a case object or an array of them, not \(root.typeName)"))
            return []
        }
    }

    private static func draft(_ node: JSONNode, path: JSONPath, problems: inout [InputError]) -> CaseDraft? {
        guard let fields = JSONFields(node, path: path, what: "a case", known: caseKeys, problems: &problems) else { return nil }
        var draft = CaseDraft(place: JSONFields.place(node, path))
        draft.caseID = fields.string("case_id", required: true, problems: &problems)
        draft.title = fields.string("title", required: false, problems: &problems)
        draft.department = fields.string("department", required: false, problems: &problems)
        for (i, stepNode) in (fields.array("steps", required: true, problems: &problems) ?? []).enumerated() {
            let stepPath = path.appending("steps").appending(i)
            guard let step = JSONFields(stepNode, path: stepPath, what: "a step", known: stepKeys, problems: &problems) else { continue }
            var stepDraft = StepDraft(place: JSONFields.place(stepNode, stepPath), officersPlace: step.place("officers"))
            stepDraft.id = step.string("id", required: true, problems: &problems)
            stepDraft.type = step.string("type", required: true, problems: &problems)
            stepDraft.start = present(step.time("start", required: true, problems: &problems))
            stepDraft.end = present(step.time("end", required: true, problems: &problems))
            stepDraft.officers = step.strings("officers", problems: &problems)
            stepDraft.devices = step.strings("devices", problems: &problems)
            stepDraft.fullProcess = step.bool("full_process", problems: &problems)
            stepDraft.location = step.string("location", required: false, problems: &problems)
            if let node = step.value("exemption", required: false, problems: &problems),
               let exemption = JSONFields(node, path: stepPath.appending("exemption"), what: "an exemption", known: exemptionKeys, problems: &problems) {
                stepDraft.exemption = ExemptionDraft(article: exemption.string("article", required: true, problems: &problems),
                                                     reason: exemption.string("reason", required: true, problems: &problems),
                                                     place: step.place("exemption"))
            }
            stepDraft.handler = step.string("handler", required: false, problems: &problems)
            stepDraft.reviewer = step.string("reviewer", required: false, problems: &problems)
            stepDraft.approver = step.string("approver", required: false, problems: &problems)
            draft.steps.append(stepDraft)
        }
        return draft
    }

    private static func present<T>(_ located: Located<T?>?) -> Located<T>? {
        guard let located, let value = located.value else { return nil }
        return Located(value: value, place: located.place)
    }
}
