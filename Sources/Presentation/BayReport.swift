/// One bay as `recgate docks --json` reports it (and the status endpoint will).
public struct BayReport: Encodable, Sendable {
    public var bay: Int
    public var label: String?
    public var port_path: String
    /// On a USB 3 dock: the bay's port on the hub's other half (null otherwise).
    public var companion_port_path: String?
    /// `on`, `off`, `partial` (a USB 3 bay with one half off), or null when the hub did not answer.
    public var power: String?
    /// `empty`, `connected`, `enabled`, `over-current`, or `unknown`.
    public var state: String
    public var device: DeviceReport?
    public var problem: String?

    public init(
        bay: Int, label: String?, port_path: String, companion_port_path: String?, power: String?, state: String,
        device: DeviceReport?, problem: String?
    ) {
        self.bay = bay
        self.label = label
        self.port_path = port_path
        self.companion_port_path = companion_port_path
        self.power = power
        self.state = state
        self.device = device
        self.problem = problem
    }

    enum CodingKeys: String, CodingKey { case bay, label, port_path, companion_port_path, power, state, device, problem }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bay, forKey: .bay)
        try c.encode(label, forKey: .label)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(companion_port_path, forKey: .companion_port_path)
        try c.encode(power, forKey: .power)
        try c.encode(state, forKey: .state)
        try c.encode(device, forKey: .device)
        try c.encode(problem, forKey: .problem)
    }

    /// The `recgate docks` line.
    public var line: String {
        let what = device.map {
            "\($0.vendor_id):\($0.product_id) \($0.kind ?? $0.driverColumn) \($0.serial ?? "-") \($0.model ?? $0.name)"
        } ?? "-"
        return "bay \(bay)\t\(label ?? "")\t\(port_path)\tpower \(power ?? "?")\t\(state)\t\(what)"
    }
}
