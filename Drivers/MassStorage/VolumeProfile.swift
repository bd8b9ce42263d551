import DeviceKit

/// How one family of recorders lays out its mass-storage volume: a data file in `Profiles/`.
///
/// Profiles are data, not code, so that a new naming scheme seen in the field is a new JSON file and a
/// line in `Profiles/registry.json`, reviewed like a model-table entry, without touching the scanner.
/// See `Profiles/README.md` for the file format.
public struct VolumeProfile: Codable, Sendable, Hashable {
    /// Stable identifier, recorded with every offload (`DeviceIdentity.profile`).
    public let name: String
    public let description: String
    /// Paths (globs) whose presence says "this is probably one of ours", each with its score bonus.
    public let markers: [Marker]
    /// Folders (globs, relative to the volume root) where this scheme keeps its recordings. Documentary and
    /// used by `scoring`; media files elsewhere are still listed, because nothing on a card may be missed.
    public let folders: [String]
    /// Which extensions (lower case, no dot) are video, audio and photo.
    public let extensions: Extensions
    /// File-name (or path) patterns, tried in order; the first that matches gives the facts.
    public let names: [NamePattern]
    /// How locked (loop-protected) recordings are marked.
    public let lock: LockRule?
    /// A text file on the volume that names the device.
    public let deviceInfo: DeviceInfoRule?
    /// A fixed score for fallback profiles that recognise nothing in particular (the generic one).
    public let fallbackScore: Double?

    public init(
        name: String, description: String, markers: [Marker] = [], folders: [String] = ["**"],
        extensions: Extensions = .standard, names: [NamePattern] = [], lock: LockRule? = nil,
        deviceInfo: DeviceInfoRule? = nil, fallbackScore: Double? = nil
    ) {
        self.name = name
        self.description = description
        self.markers = markers
        self.folders = folders
        self.extensions = extensions
        self.names = names
        self.lock = lock
        self.deviceInfo = deviceInfo
        self.fallbackScore = fallbackScore
    }

    public struct Marker: Codable, Sendable, Hashable {
        /// A glob relative to the root, matched against every folder and file on the volume.
        public let path: String
        public let bonus: Double

        public init(path: String, bonus: Double) {
            self.path = path
            self.bonus = bonus
        }
    }

    /// The extensions a profile takes as recordings; the standard set is shared with cameras.
    public typealias Extensions = RecordingExtensions

    /// A regular expression over the file name or the relative path, with named groups:
    /// `start` (with `startFormat`), or `date` and `time` (with `dateFormat`, `timeFormat`) for the start;
    /// `end` (`endFormat`) or `endTime` (`timeFormat`, on the start's date, the next day when earlier);
    /// `serial`, `officer`, `sequence`, `camera`, `channel`, `address`, `type`; and `lock`, which marks the
    /// recording locked when it matches a non-empty fragment. Matching ignores case.
    public struct NamePattern: Codable, Sendable, Hashable {
        public enum Scope: String, Codable, Sendable, Hashable {
            /// The last path component only.
            case name
            /// The path relative to the volume root, `/`-separated (for schemes that keep the date in a folder).
            case path
        }

        public let pattern: String
        public let scope: Scope
        public let startFormat: String?
        public let dateFormat: String?
        public let timeFormat: String?
        public let endFormat: String?

        public init(
            pattern: String, scope: Scope = .name, startFormat: String? = nil, dateFormat: String? = nil,
            timeFormat: String? = nil, endFormat: String? = nil
        ) {
            self.pattern = pattern
            self.scope = scope
            self.startFormat = startFormat
            self.dateFormat = dateFormat
            self.timeFormat = timeFormat
            self.endFormat = endFormat
        }

        /// The group names a pattern may use; any other named group is a mistake in the profile.
        public static let knownGroups: Set<String> = [
            "start", "date", "time", "end", "endTime", "serial", "officer", "sequence", "camera", "channel",
            "address", "type", "lock",
        ]
    }

    public struct LockRule: Codable, Sendable, Hashable {
        /// Folder names (any path component, case-insensitive) that hold locked recordings.
        public let folders: [String]
        /// A regular expression over the file name that marks a locked recording.
        public let namePattern: String?

        public init(folders: [String] = [], namePattern: String? = nil) {
            self.folders = folders
            self.namePattern = namePattern
        }
    }

    /// A text file the device keeps on its volume, with the serial (and perhaps model and officer) in it.
    public struct DeviceInfoRule: Codable, Sendable, Hashable {
        /// Candidate paths relative to the root, first found wins (case-insensitive on each component).
        public let paths: [String]
        /// Regular expressions over the file text, each with one named group of the same name.
        public let serial: String
        public let model: String?
        public let officer: String?

        public init(paths: [String], serial: String, model: String? = nil, officer: String? = nil) {
            self.paths = paths
            self.serial = serial
            self.model = model
            self.officer = officer
        }
    }
}
