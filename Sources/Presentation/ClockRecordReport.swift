import Compliance
import ComplianceCatalog
import DeviceKit
import Foundation

/// `recgate clock record --json`: `{device, device_time, gateway_time, source, recorded, offset, reset}`.
public struct ClockRecordReport: Encodable, Sendable {
    public var device: String
    public var deviceTime: String
    public var gatewayTime: String
    public var source = "manual"
    public var recorded: Bool
    public var offset: Double?
    public var reset: String?

    public init(device: String, recorded: Bool, history: ClockHistory, gatewayTime: Date, shown: LocalTimestamp) {
        self.device = device
        self.recorded = recorded
        let entry = history.readings.first { $0.gatewayTime == gatewayTime && $0.deviceTime == shown }
        deviceTime = shown.description
        self.gatewayTime = RFC3339.string(gatewayTime, in: history.zone)
        offset = entry?.offset
        reset = entry?.reset?.rawValue
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(device, forKey: .device)
        try c.encode(deviceTime, forKey: .deviceTime)
        try c.encode(gatewayTime, forKey: .gatewayTime)
        try c.encode(source, forKey: .source)
        try c.encode(recorded, forKey: .recorded)
        try c.encode(offset, forKey: .offset)
        try c.encode(reset, forKey: .reset)
    }

    enum CodingKeys: String, CodingKey {
        case device
        case deviceTime = "device_time"
        case gatewayTime = "gateway_time"
        case source, recorded, offset, reset
    }
}
