/// What a probe sees of an attached device: its descriptors' facts and strings, read once by the
/// caller (Drivers/Registry makes one from a libusb device), so DeviceKit and the drivers' probes need no
/// USB library and tests can write candidates by hand.
public struct DeviceCandidate: Hashable, Sendable {
    public var vendorID: UInt16
    public var productID: UInt16
    /// bcdDevice: the device's release number (firmware revision on many devices).
    public var deviceVersion: UInt16
    /// bDeviceClass, bDeviceSubClass, bDeviceProtocol (class 0: each interface says).
    public var deviceClass: ClassCode
    /// Every interface's class triple (first alternate setting) of the active configuration.
    public var interfaces: [ClassCode]
    public var manufacturer: String?
    public var product: String?
    public var serial: String?
    /// Bus and port chain (`1-1.4`; a root hub is `usb1`).
    public var portPath: String

    public init(
        vendorID: UInt16, productID: UInt16, deviceVersion: UInt16 = 0, deviceClass: ClassCode = ClassCode(0),
        interfaces: [ClassCode] = [], manufacturer: String? = nil, product: String? = nil, serial: String? = nil,
        portPath: String
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.deviceVersion = deviceVersion
        self.deviceClass = deviceClass
        self.interfaces = interfaces
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.portPath = portPath
    }
}
