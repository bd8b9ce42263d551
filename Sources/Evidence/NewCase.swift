import Foundation

/// A case as the compliance layer parsed it, to be stored: its identity, its normalized JSON
/// document (kept verbatim, so `case check` reads back exactly what was imported), and its steps
/// (indexed by time for reports).
public struct NewCase: Sendable, Hashable {
    public var caseID: String
    public var title: String?
    public var department: String?
    /// The case as normalized JSON (sorted keys): what the revision history keeps.
    public var document: String
    public var steps: [Step]

    public struct Step: Sendable, Hashable {
        public var stepID: String
        public var type: String
        public var start: Date
        public var end: Date
        public var officers: [String]
        public var devices: [String]
        public var fullProcess: Bool

        public init(stepID: String, type: String, start: Date, end: Date, officers: [String], devices: [String],
                    fullProcess: Bool) {
            self.stepID = stepID
            self.type = type
            self.start = start
            self.end = end
            self.officers = officers
            self.devices = devices
            self.fullProcess = fullProcess
        }
    }

    public init(caseID: String, title: String?, department: String?, document: String, steps: [Step]) {
        self.caseID = caseID
        self.title = title
        self.department = department
        self.document = document
        self.steps = steps
    }
}

/// What importing one case did.
public enum CaseImportOutcome: String, Sendable, Hashable, Codable {
    /// The case was new: revision 1.
    case created
    /// The case existed with another document: a new revision.
    case updated
    /// The same document was imported before: nothing written.
    case unchanged
}
