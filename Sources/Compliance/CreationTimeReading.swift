/// How a clip's container creation_time is to be read, as its device's history has shown (the
/// catalog learns it per device from clips whose other readings agree with one reading only).
public enum CreationTimeReading: String, Sendable, Hashable, Codable {
    /// UTC, as ISO BMFF says: the device's wall clock is the time in the configured zone.
    case utc
    /// The device's wall-clock digits written as if they were UTC.
    case localDigits = "local_digits"
    /// Not learnt yet: whichever reading agrees with the clip's other sources (a difference neither
    /// explains is a disagreement).
    case unknown
}
