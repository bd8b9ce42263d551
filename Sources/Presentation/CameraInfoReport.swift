/// One storage of the camera and how many objects it holds.
public struct CameraStorageReport: Encodable, Sendable {
    public var id: String
    public var objects: Int

    public init(id: String, objects: Int) {
        self.id = id
        self.objects = objects
    }
}

/// `recgate camera info --json`: a PTP camera's device info, battery, storages and object count.
public struct CameraInfoReport: Encodable, Sendable {
    public var port_path: String
    public var manufacturer: String
    public var model: String
    public var device_version: String
    public var serial: String
    public var standard_version: Int
    public var vendor_extension_id: String
    public var operations: [String]
    public var properties: [String]
    /// Percent; null when the camera has no BatteryLevel property.
    public var battery: Int?
    public var storages: [CameraStorageReport]
    public var objects: Int

    public init(
        port_path: String, manufacturer: String, model: String, device_version: String, serial: String,
        standard_version: Int, vendor_extension_id: String, operations: [String], properties: [String], battery: Int?,
        storages: [CameraStorageReport], objects: Int
    ) {
        self.port_path = port_path
        self.manufacturer = manufacturer
        self.model = model
        self.device_version = device_version
        self.serial = serial
        self.standard_version = standard_version
        self.vendor_extension_id = vendor_extension_id
        self.operations = operations
        self.properties = properties
        self.battery = battery
        self.storages = storages
        self.objects = objects
    }

    enum CodingKeys: String, CodingKey {
        case port_path, manufacturer, model, device_version, serial, standard_version, vendor_extension_id,
             operations, properties, battery, storages, objects
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(model, forKey: .model)
        try c.encode(device_version, forKey: .device_version)
        try c.encode(serial, forKey: .serial)
        try c.encode(standard_version, forKey: .standard_version)
        try c.encode(vendor_extension_id, forKey: .vendor_extension_id)
        try c.encode(operations, forKey: .operations)
        try c.encode(properties, forKey: .properties)
        try c.encode(battery, forKey: .battery)
        try c.encode(storages, forKey: .storages)
        try c.encode(objects, forKey: .objects)
    }
}
