import Foundation

/// Art 35 on an internal step: handler, reviewer and approver are all named, and no officer holds two
/// of the roles (review and approval exist to be someone else's look at the handler's work).
enum InternalRoleCheck {
    static func find(_ step: CaseStep, type: StepType, zone: TimeZone) -> Finding? {
        let roles = step.roles
        let problems = RoleProblems(missing: roles.missing, doubled: roles.doubled)
        guard !problems.missing.isEmpty || !problems.doubled.isEmpty else { return nil }
        return Finding(kind: .internalRoles, severity: .warning, stepID: step.id, article: InternalRoles.article,
                       evidence: FindingEvidence(roles: problems),
                       explanation: FindingText(zone: zone).internalRoles(step: step, type: type, problems: problems))
    }
}
