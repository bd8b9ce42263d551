/// One attached device as `recgate devices --json` reports it (and the status endpoint will).
public struct DeviceReport: Encodable, Sendable {
    public var port_path: String
    /// The dock bay the port belongs to (null until bays are configured).
    public var bay: Int?
    public var vendor_id: String
    public var product_id: String
    public var manufacturer: String?
    public var product: String?
    public var serial: String?
    /// The driver that handles the device (null when none matches, or several tie).
    public var driver: String?
    /// `attached` (a driver matched), `unknown` (none did) or `ambiguous` (several scored the same best).
    public var state: String
    /// `recorder`, `camera`, `storage` or `hub`: the model-table entry's, else the driver's (null unless matched).
    public var kind: String?
    /// The model-table entry's name (null when the driver matched by class or vendor).
    public var model: String?
    /// The best probe score (exact VID:PID 100, class 50, vendor 25; null when unknown).
    public var score: Int?
    /// The tied drivers, in registry order, when `ambiguous`; empty otherwise.
    public var candidates: [String]
    public var device_class: String
    public var speed: String
    public var bus: Int
    public var address: Int
    public var parent: String?
    /// How the device writes its container times, as its clips in the catalog show (null when the
    /// catalog has none that tells).
    public var container_time: ContainerTimeReport?

    public init(
        port_path: String, bay: Int?, vendor_id: String, product_id: String, manufacturer: String?, product: String?,
        serial: String?, driver: String?, state: String, kind: String?, model: String?, score: Int?,
        candidates: [String], device_class: String, speed: String, bus: Int, address: Int, parent: String?,
        container_time: ContainerTimeReport? = nil
    ) {
        self.port_path = port_path
        self.bay = bay
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.driver = driver
        self.state = state
        self.kind = kind
        self.model = model
        self.score = score
        self.candidates = candidates
        self.device_class = device_class
        self.speed = speed
        self.bus = bus
        self.address = address
        self.parent = parent
        self.container_time = container_time
    }

    enum CodingKeys: String, CodingKey {
        case port_path, bay, vendor_id, product_id, manufacturer, product, serial, driver, state, kind, model, score,
             candidates, device_class, speed, bus, address, parent, container_time
    }

    /// Every field is written, nulls included, so scripts can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(bay, forKey: .bay)
        try c.encode(vendor_id, forKey: .vendor_id)
        try c.encode(product_id, forKey: .product_id)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(product, forKey: .product)
        try c.encode(serial, forKey: .serial)
        try c.encode(driver, forKey: .driver)
        try c.encode(state, forKey: .state)
        try c.encode(kind, forKey: .kind)
        try c.encode(model, forKey: .model)
        try c.encode(score, forKey: .score)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(device_class, forKey: .device_class)
        try c.encode(speed, forKey: .speed)
        try c.encode(bus, forKey: .bus)
        try c.encode(address, forKey: .address)
        try c.encode(parent, forKey: .parent)
        try c.encode(container_time, forKey: .container_time)
    }

    /// The driver, or what stands for it: `unknown`, or `ambiguous: a|b` naming the tied drivers.
    public var driverColumn: String {
        if let driver { return driver }
        return candidates.isEmpty ? state : "\(state): " + candidates.joined(separator: "|")
    }

    /// Manufacturer and product strings, as the device gives them.
    public var name: String { [manufacturer, product].compactMap { $0 }.joined(separator: " ") }

    /// The `recgate devices` line: tab-separated, the strings last (a shared ID's model names only the
    /// family, the product string may say more).
    public var line: String {
        [port_path, "\(vendor_id):\(product_id)", driverColumn, kind ?? "-", model ?? "-", serial ?? "-", name]
            .joined(separator: "\t")
    }
}
