/// One source's value for a clip's start, as evidence of a disagreement.
public struct TimeSourceValue: Sendable, Hashable, Codable {
    /// `file_name`, `container` (creation_time) or `file_system` (its modification time less the
    /// duration when it stamps the end).
    public var source: String
    /// The start this source gives, on the device's clock (`2026-11-03T09:30:15`).
    public var deviceTime: String
    /// This source's start minus the start used, seconds.
    public var difference: Double

    public init(source: String, deviceTime: String, difference: Double) {
        self.source = source
        self.deviceTime = deviceTime
        self.difference = difference
    }

    enum CodingKeys: String, CodingKey {
        case source
        case deviceTime = "device_time"
        case difference
    }
}
