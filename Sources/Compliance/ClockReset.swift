import DeviceKit
import Foundation

/// A reset of a device's clock found in its readings: between `lastGoodReading` and `revealedAt` (gateway
/// times) the clock went back or to a default date. When exactly is unknown.
public struct ClockReset: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The device time was earlier than at the reading before, while the gateway's time went on.
        case wentBack = "went_back"
        /// The device showed a default date.
        case defaultDate = "default_date"
        /// The offset changed by more than drift allows (reset tolerance + drift bound × days + the two
        /// readings' resolutions): the clock was set by other means, e.g. from the device's menu.
        case jumped
    }

    public var device: String
    public var reason: Reason
    /// Gateway time of the last reading before the reset; nil when the first reading already shows it.
    @RFC3339OptionalTime public var lastGoodReading: Date?
    public var lastGoodDeviceTime: LocalTimestamp?
    /// Gateway time of the reading that shows the reset.
    @RFC3339Time public var revealedAt: Date
    public var revealedDeviceTime: LocalTimestamp

    public init(device: String, reason: Reason, lastGoodReading: Date?, lastGoodDeviceTime: LocalTimestamp?,
                revealedAt: Date, revealedDeviceTime: LocalTimestamp) {
        self.device = device
        self.reason = reason
        self.lastGoodReading = lastGoodReading
        self.lastGoodDeviceTime = lastGoodDeviceTime
        self.revealedAt = revealedAt
        self.revealedDeviceTime = revealedDeviceTime
    }

    enum CodingKeys: String, CodingKey {
        case device, reason
        case lastGoodReading = "last_good_reading"
        case lastGoodDeviceTime = "last_good_device_time"
        case revealedAt = "revealed_at"
        case revealedDeviceTime = "revealed_device_time"
    }
}
