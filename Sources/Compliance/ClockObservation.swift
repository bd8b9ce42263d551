import DeviceKit
import Foundation

/// One reading of a device's clock: what the device showed and what the gateway's clock said at that
/// moment. Offset = device time (read in the configured zone) − gateway time.
public struct ClockObservation: Sendable, Hashable, Codable {
    public var device: String
    public var deviceTime: LocalTimestamp
    @RFC3339Time public var gatewayTime: Date
    public var source: ObservationSource
    /// The gateway set the device's clock to its own time right after this reading (a dock sync): the
    /// offset starts again from zero there, and the device time going back is not a reset.
    public var clockSet: Bool

    public init(device: String, deviceTime: LocalTimestamp, gatewayTime: Date, source: ObservationSource, clockSet: Bool = false) {
        self.device = device
        self.deviceTime = deviceTime
        self.gatewayTime = gatewayTime
        self.source = source
        self.clockSet = clockSet
    }

    enum CodingKeys: String, CodingKey {
        case device
        case deviceTime = "device_time"
        case gatewayTime = "gateway_time"
        case source
        case clockSet = "clock_set"
    }
}
