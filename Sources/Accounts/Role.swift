/// What a person may do at the gateway. Each HTTP route declares the roles that may use it; an account
/// has exactly one role.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    /// Watches bays and device health, power-cycles a bay (the keeper of the equipment).
    case equipmentKeeper = "equipment_keeper"
    /// Finds, plays, verifies and pulls clips; imports cases.
    case evidenceStaff = "evidence_staff"
    /// Reads findings across cases and the access trail.
    case legalOffice = "legal_office"
    /// Approves copies leaving the gateway.
    case approver
    /// Manages accounts; may use every route.
    case administrator

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
