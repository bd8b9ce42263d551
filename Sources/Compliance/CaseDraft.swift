import Foundation

/// A case as read from a file, before validation: every field with its place. JSON and CSV both
/// produce drafts, and one validator turns them into cases, so both formats report the same problems
/// the same way.
struct CaseDraft: Sendable {
    var caseID: Located<String>?
    var title: Located<String>?
    var department: Located<String>?
    var steps: [StepDraft] = []
    /// Where the case begins (the JSON object, the first CSV row), for problems about the whole case.
    var place: SourcePlace
}

struct StepDraft: Sendable {
    var id: Located<String>?
    var type: Located<String>?
    var start: Located<Date>?
    var end: Located<Date>?
    var officers: Located<[Located<String>]>?
    var devices: Located<[Located<String>]>?
    var fullProcess: Located<Bool>?
    var location: Located<String>?
    /// Art 16: where the exemption is (its object, or the CSV column that gave it) and its fields.
    var exemption: ExemptionDraft?
    /// Art 35 roles, each with its place.
    var handler: Located<String>?
    var reviewer: Located<String>?
    var approver: Located<String>?
    var place: SourcePlace
    /// Where officers would be, for a step that names none (the key's path, the CSV column).
    var officersPlace: SourcePlace
}

struct ExemptionDraft: Sendable {
    var article: Located<String>?
    var reason: Located<String>?
    var place: SourcePlace
}
