/// What ``Catalog/recordVerified(_:actor:at:)`` did.
public enum RecordOutcome: Sendable, Hashable {
    /// The sha256 was new: a clip row, its first sighting and a `clip.stored` audit entry.
    case newClip(ClipRow, SightingRow)
    /// The bytes were catalogued already: the existing clip row, and a new sighting with a
    /// `clip.sighted` audit entry — or, when this very sighting (device, path, size, mtime,
    /// clip) was recorded before, that sighting, with nothing written.
    case existingClip(ClipRow, SightingRow)

    public var clip: ClipRow {
        switch self {
        case .newClip(let clip, _), .existingClip(let clip, _): clip
        }
    }

    public var sighting: SightingRow {
        switch self {
        case .newClip(_, let sighting), .existingClip(_, let sighting): sighting
        }
    }
}
