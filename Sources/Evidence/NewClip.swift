import Foundation

/// A verified recording to enter in the catalog with ``Catalog/recordVerified(_:actor:at:)``:
/// its bytes are in the store under `sha256` and were read back and compared.
public struct NewClip: Sendable, Hashable {
    public var sha256: String
    public var sm3: String?
    public var size: Int64
    public var kind: String
    public var storePath: String
    public var deviceID: String
    public var sessionID: String
    public var sourcePath: String
    public var sourceName: String
    public var fsMtimeRaw: String
    public var fsMtime: Date?
    public var nameStartRaw: String?
    public var nameStart: Date?
    public var timeZone: String
    public var serialFromName: String?
    public var officer: String?
    public var sequence: Int?
    public var locked: Bool

    public init(
        sha256: String, sm3: String? = nil, size: Int64, kind: String, storePath: String,
        deviceID: String, sessionID: String, sourcePath: String, sourceName: String,
        fsMtimeRaw: String, fsMtime: Date? = nil, nameStartRaw: String? = nil, nameStart: Date? = nil,
        timeZone: String, serialFromName: String? = nil, officer: String? = nil, sequence: Int? = nil,
        locked: Bool = false
    ) {
        self.sha256 = sha256
        self.sm3 = sm3
        self.size = size
        self.kind = kind
        self.storePath = storePath
        self.deviceID = deviceID
        self.sessionID = sessionID
        self.sourcePath = sourcePath
        self.sourceName = sourceName
        self.fsMtimeRaw = fsMtimeRaw
        self.fsMtime = fsMtime
        self.nameStartRaw = nameStartRaw
        self.nameStart = nameStart
        self.timeZone = timeZone
        self.serialFromName = serialFromName
        self.officer = officer
        self.sequence = sequence
        self.locked = locked
    }
}
