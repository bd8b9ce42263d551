import Foundation
import GRDB

/// What a device's own history shows about how it writes container times (table `device_time_habit`,
/// kept by triggers on `clip_container_reading`): how many of its clips support each reading. The
/// catalog never guesses: with no clip supporting either, or as many each way, the habit is unknown
/// and the checker accepts whichever reading agrees.
public struct DeviceTimeHabit: Codable, Sendable, Hashable {
    public var deviceSerial: String
    /// Clips whose creation_time agrees with their other readings only when read as UTC.
    public var utcClips: Int
    /// Clips whose creation_time agrees only as local digits.
    public var localDigitClips: Int

    public init(deviceSerial: String, utcClips: Int, localDigitClips: Int) {
        self.deviceSerial = deviceSerial
        self.utcClips = utcClips
        self.localDigitClips = localDigitClips
    }

    enum CodingKeys: String, CodingKey {
        case deviceSerial = "device_serial"
        case utcClips = "utc_clips"
        case localDigitClips = "local_digit_clips"
    }

    /// The reading most of the device's clips support; nil when none does or they are even.
    public var containerReading: ContainerTimeReading? {
        Self.reading(utcClips: utcClips, localDigitClips: localDigitClips)
    }

    /// The count behind ``containerReading``.
    public var supportingClips: Int { max(utcClips, localDigitClips) }

    static func reading(utcClips: Int, localDigitClips: Int) -> ContainerTimeReading? {
        utcClips > localDigitClips ? .utc : localDigitClips > utcClips ? .localDigits : nil
    }
}

extension DeviceTimeHabit: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device_time_habit"
}
