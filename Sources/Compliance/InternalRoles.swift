/// Who did an internal step (Art 35: the handler, the reviewer and the approver of a legal review,
/// collective discussion or approval are named, and are not one person twice).
public struct InternalRoles: Sendable, Hashable, Codable {
    public var handler: String?
    public var reviewer: String?
    public var approver: String?

    /// The internal steps Art 35 names; the steps the catalogue records by documents only under Art 19,
    /// 21 and 22.
    public static let stepTypes: Set<String> = ["legal_review", "collective_discussion", "approval"]
    public static let article = "35"

    public init(handler: String? = nil, reviewer: String? = nil, approver: String? = nil) {
        self.handler = handler
        self.reviewer = reviewer
        self.approver = approver
    }

    /// Each role by its field name, in the order Art 35 lists them.
    public var named: [(role: String, officer: String?)] {
        [("handler", handler), ("reviewer", reviewer), ("approver", approver)]
    }

    public var isEmpty: Bool { handler == nil && reviewer == nil && approver == nil }

    /// Roles left unnamed.
    public var missing: [String] { named.filter { $0.officer == nil }.map(\.role) }

    /// Officers named in more than one role, with their roles, in role order.
    public var doubled: [RoleHolder] {
        var roles: [String: [String]] = [:]
        var order: [String] = []
        for (role, officer) in named {
            guard let officer else { continue }
            if roles[officer] == nil { order.append(officer) }
            roles[officer, default: []].append(role)
        }
        return order.compactMap { officer in
            roles[officer]!.count > 1 ? RoleHolder(officer: officer, roles: roles[officer]!) : nil
        }
    }
}

/// One officer named in several roles of one internal step.
public struct RoleHolder: Sendable, Hashable, Codable {
    public var officer: String
    public var roles: [String]

    public init(officer: String, roles: [String]) {
        self.officer = officer
        self.roles = roles
    }
}
