import GRDB

/// The state of a clip. Column `clip.status`. Only verified clips are ever inserted: the
/// caller inserts after reading the stored object back and comparing digests.
public enum ClipStatus: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
    case verified
}
