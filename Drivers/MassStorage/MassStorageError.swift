/// Why a volume could not be read or trusted. Every error names the path it is about, so that an operator
/// at a docking station can find the card, the folder or the profile file.
public struct MassStorageError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The root or something under it cannot be listed or stat'ed.
        case unreadable
        /// The root is not a folder.
        case notAFolder = "not_a_folder"
        /// The names (or the names and the device-info file) name more than one device serial: the card may
        /// hold another device's recordings, and attributing them to one device would be wrong.
        case conflictingSerials = "conflicting_serials"
        /// A profile file is malformed: bad JSON, a bad regular expression, an unknown group or time format.
        case invalidProfile = "invalid_profile"
        /// No profile at all was offered.
        case noProfile = "no_profile"
        /// A file the gateway reads whole (the device-info file) is larger than it may be.
        case tooLarge = "too_large"
    }

    public let code: Code
    public let path: String?
    public let message: String

    public init(code: Code, path: String?, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "\(code.rawValue): \(path): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
