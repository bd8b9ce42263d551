/// `recgate camera clock --json`: the camera's readings (device time, what it answered, the gateway's
/// time, offset and uncertainty, whether the clock was set right after) and how many were recorded.
public struct CameraClockReport: Encodable, Sendable {
    public struct Reading: Encodable, Sendable {
        public var device_time: String
        public var raw: String
        public var gateway_time: String
        public var offset: Double?
        public var uncertainty: Double
        public var clock_set: Bool

        public init(device_time: String, raw: String, gateway_time: String, offset: Double?, uncertainty: Double,
                    clock_set: Bool) {
            self.device_time = device_time
            self.raw = raw
            self.gateway_time = gateway_time
            self.offset = offset
            self.uncertainty = uncertainty
            self.clock_set = clock_set
        }
    }

    public var port_path: String
    public var device: String
    public var zone: String
    public var readings: [Reading]
    public var recorded: Int

    public init(port_path: String, device: String, zone: String, readings: [Reading], recorded: Int) {
        self.port_path = port_path
        self.device = device
        self.zone = zone
        self.readings = readings
        self.recorded = recorded
    }
}
