/// A file (or folder) found on a device that was not offloaded, and why: nothing on a device goes unreported.
public struct SkippedFile: Sendable, Hashable, Codable {
    /// Relative to the device's root, `/`-separated, names escaped as `EscapedName` spells them.
    public var path: String
    public var reason: SkipReason
    /// The particulars in words, e.g. "a FIFO", "a symbolic link to /etc (not followed)".
    public var detail: String

    public init(path: String, reason: SkipReason, detail: String) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }
}

/// Why an entry was not offloaded.
public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Housekeeping of Windows or macOS (`System Volume Information`, `$RECYCLE.BIN`, dot-files).
    case system
    /// The device's information file, read for its identity.
    case deviceInfo = "device_info"
    /// A regular file whose name and content show no recording (a text note, firmware).
    case notARecording = "not_a_recording"
    /// A FIFO, socket or device node: never opened for reading.
    case notARegularFile = "not_a_regular_file"
    /// A symbolic link: never followed, whatever it points to.
    case symlink
    /// It could not be listed, stat'ed or read: what it holds is unknown, so the run is incomplete.
    case unreadable
    /// A folder nested deeper than the walk goes: what it holds is unknown, so the run is incomplete.
    case tooDeep = "too_deep"
    /// A folder already walked (same device and inode: a bind mount or a loop).
    case folderLoop = "folder_loop"
    /// A folder on another file system mounted inside the volume: not part of the device.
    case otherFileSystem = "other_file_system"
    /// The same name twice where the device's paths must be unique (a camera's folders): the first is offloaded.
    case duplicateName = "duplicate_name"

    /// Whether recordings may be hidden behind this entry, so the run must not count as complete.
    public var hidesRecordings: Bool { self == .unreadable || self == .tooDeep }
}
