/// One recording as a device holds it, before it is copied.
public struct Recording: Sendable, Hashable {
    /// Path relative to the device's root (a volume's mount point), with `/` separators.
    public var path: String
    public var size: Int64
    public var kind: RecordingKind
    /// The file system's modification time (for most recorders, the end of the recording).
    public var modified: TimeReading
    /// The start time the device wrote into the file name, where its naming scheme has one.
    public var nameStart: TimeReading?
    /// Device serial, officer (badge) number and sequence number read from the name or folder.
    public var deviceSerial: String?
    public var officer: String?
    public var sequence: Int?
    /// Locked (protected from loop overwrite) recordings: marked by folder or name on most devices.
    public var locked: Bool

    public init(
        path: String, size: Int64, kind: RecordingKind, modified: TimeReading, nameStart: TimeReading? = nil,
        deviceSerial: String? = nil, officer: String? = nil, sequence: Int? = nil, locked: Bool = false
    ) {
        self.path = path
        self.size = size
        self.kind = kind
        self.modified = modified
        self.nameStart = nameStart
        self.deviceSerial = deviceSerial
        self.officer = officer
        self.sequence = sequence
        self.locked = locked
    }

    /// The last path component.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
}
