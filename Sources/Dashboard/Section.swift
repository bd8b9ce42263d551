import Accounts

/// The parts of the dashboard the navigation offers, each shown only to the roles that may use it
/// (the web layer enforces the same on its routes; hiding a link is for people, not for security).
public enum Section: String, CaseIterable, Sendable {
    case bays
    case devices
    case clips
    case cases
    case report
    case audit
    case accounts

    public var path: String { "/" + rawValue }

    var label: Strings {
        switch self {
        case .bays: .navBays
        case .devices: .navDevices
        case .clips: .navClips
        case .cases: .navCases
        case .report: .navReport
        case .audit: .navAudit
        case .accounts: .navAccounts
        }
    }

    /// Where an account lands after signing in (and on `/`): the first part its role may use.
    public static func start(for role: Role) -> Section { visible(to: role)[0] }

    /// Who sees it: keepers the bays and devices, evidence staff clips and cases, the legal office cases,
    /// the report and the audit trail, approvers cases and the report; administrators everything.
    public static func visible(to role: Role) -> [Section] {
        switch role {
        case .equipmentKeeper: [.bays, .devices]
        case .evidenceStaff: [.clips, .cases]
        case .legalOffice: [.cases, .report, .audit]
        case .approver: [.cases, .report]
        case .administrator: allCases
        }
    }
}

extension Role {
    var label: Strings {
        switch self {
        case .equipmentKeeper: .roleEquipmentKeeper
        case .evidenceStaff: .roleEvidenceStaff
        case .legalOffice: .roleLegalOffice
        case .approver: .roleApprover
        case .administrator: .roleAdministrator
        }
    }
}
