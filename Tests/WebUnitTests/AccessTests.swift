import Accounts
import Testing
@testable import Web

/// Who may use a route, for every kind of access, every role, anonymous callers, from loopback or not.
struct AccessTests {
    static let callers: [Role?] = [nil] + Role.allCases.map { $0 }

    @Test func anonymousAccessIsOpenToEveryone() {
        for role in Self.callers {
            for loopback in [false, true] { #expect(Access.anonymous.allows(role, loopback: loopback)) }
        }
    }

    @Test func loopbackAccessIsOpenFromLoopbackElseToAdministrators() {
        for role in Self.callers {
            #expect(Access.loopback.allows(role, loopback: true), "\(String(describing: role))")
            #expect(Access.loopback.allows(role, loopback: false) == (role == .administrator), "\(String(describing: role))")
        }
    }

    @Test func signedInAccessNeedsAnAccount() {
        for role in Self.callers {
            for loopback in [false, true] {
                #expect(Access.signedIn.allows(role, loopback: loopback) == (role != nil), "\(String(describing: role))")
            }
        }
    }

    @Test func roleAccessAllowsTheRolesAndAdministrators() {
        let table: [(Access, Set<Role>)] = [
            (.roles([.legalOffice]), [.legalOffice, .administrator]),
            (.roles([.evidenceStaff, .legalOffice]), [.evidenceStaff, .legalOffice, .administrator]),
            (.roles([.equipmentKeeper, .evidenceStaff]), [.equipmentKeeper, .evidenceStaff, .administrator]),
            (.roles([.administrator]), [.administrator]),
            (.roles([]), [.administrator]),
        ]
        for (access, allowed) in table {
            for role in Self.callers {
                for loopback in [false, true] {
                    let expected = role.map { allowed.contains($0) } ?? false
                    #expect(access.allows(role, loopback: loopback) == expected, "\(access) \(String(describing: role)) loopback \(loopback)")
                }
            }
        }
    }

    @Test func roleNamesListWhoMayUseARoute() {
        #expect(Access.anonymous.roleNames == ["anonymous"])
        #expect(Access.loopback.roleNames == ["loopback", "administrator"])
        #expect(Set(Access.signedIn.roleNames) == Set(Role.allCases.map(\.rawValue)))
        #expect(Set(Access.roles([.legalOffice]).roleNames) == ["legal_office", "administrator"])
    }
}
