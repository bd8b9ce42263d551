import DeviceKit
import Foundation

/// One step of a case as the case-handling system records it.
public struct CaseStep: Sendable, Hashable, Codable {
    /// Unique within its case.
    public var id: String
    /// A step type of the catalogue.
    public var type: String
    @RFC3339Time public var start: Date
    @RFC3339Time public var end: Date
    /// Badge numbers of the officers who did the step.
    public var officers: [String]
    /// Devices the step names itself (a fixed camera of the interview room, a hand-held camera).
    public var devices: [String]
    /// The case file's Art 11(2) mark; nil when the file does not say (the catalogue decides).
    public var fullProcess: Bool?
    public var location: String?
    /// Art 16: recording was unsuitable (only step types whose recording rests on Art 16).
    public var exemption: StepExemption?
    /// Art 35: the officers who handled, reviewed and approved an internal step.
    public var handler: String?
    public var reviewer: String?
    public var approver: String?

    public init(
        id: String, type: String, start: Date, end: Date, officers: [String], devices: [String] = [],
        fullProcess: Bool? = nil, location: String? = nil, exemption: StepExemption? = nil, roles: InternalRoles = InternalRoles()
    ) {
        self.id = id
        self.type = type
        self.start = start
        self.end = end
        self.officers = officers
        self.devices = devices
        self.fullProcess = fullProcess
        self.location = location
        self.exemption = exemption
        handler = roles.handler
        reviewer = roles.reviewer
        approver = roles.approver
    }

    enum CodingKeys: String, CodingKey {
        case id, type, start, end, officers, devices
        case fullProcess = "full_process"
        case location, exemption, handler, reviewer, approver
    }

    public var roles: InternalRoles { InternalRoles(handler: handler, reviewer: reviewer, approver: approver) }

    public var interval: DateInterval { DateInterval(start: start, end: max(start, end)) }
}
