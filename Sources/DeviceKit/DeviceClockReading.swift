import Foundation

/// One reading of a device's clock, with the gateway's time taken around it.
public struct DeviceClockReading: Sendable, Hashable {
    /// What the device answered, as it gave it.
    public var raw: String
    /// The device's wall clock; nil when its answer is not a real time.
    public var deviceTime: LocalTimestamp?
    /// The midpoint of the gateway's times before and after the read.
    public var gatewayTime: Date
    /// The round trip of the read, seconds: the device answered somewhen in it.
    public var uncertainty: TimeInterval

    public init(raw: String, deviceTime: LocalTimestamp?, gatewayTime: Date, uncertainty: TimeInterval) {
        self.raw = raw
        self.deviceTime = deviceTime
        self.gatewayTime = gatewayTime
        self.uncertainty = uncertainty
    }
}
