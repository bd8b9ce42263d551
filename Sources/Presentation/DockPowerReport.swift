import HubDriver

/// One port switched, as `recgate dock power --json` reports it.
public struct PortSwitchReport: Encodable, Sendable {
    public var hub: String
    public var port: Int
    public var port_path: String
    public var power: String
    /// `sysfs` (the port's `disable` attribute) or `hub-request` (SET/CLEAR_FEATURE PORT_POWER).
    public var method: String
    /// The attribute written, for `sysfs`; null otherwise.
    public var file: String?
    /// The port's power as the hub reports it afterwards (`on`/`off`; null when it did not answer).
    public var power_after: String?

    public init(_ s: PortSwitch) {
        hub = s.hub
        port = Int(s.port)
        port_path = s.portPath
        power = s.on ? "on" : "off"
        method = s.method.rawValue
        file = s.file
        power_after = s.after.map { $0.isPowered ? "on" : "off" }
    }

    enum CodingKeys: String, CodingKey { case hub, port, port_path, power, method, file, power_after }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hub, forKey: .hub)
        try c.encode(port, forKey: .port)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(power, forKey: .power)
        try c.encode(method, forKey: .method)
        try c.encode(file, forKey: .file)
        try c.encode(power_after, forKey: .power_after)
    }
}

/// `recgate dock power --json`.
public struct DockPowerReport: Encodable, Sendable {
    public var bay: Int
    public var action: String
    /// Every port switched, in order (a cycle lists the ports switched off, then on).
    public var switched: [PortSwitchReport]

    public init(bay: Int, action: String, switched: [PortSwitchReport]) {
        self.bay = bay
        self.action = action
        self.switched = switched
    }
}
