/// One line of a driver's model table: a VID:PID the driver knows by name.
public struct DeviceModel: Hashable, Sendable {
    public var vendorID: UInt16
    public var productID: UInt16
    /// `Vendor Model`, as people call it.
    public var name: String
    public var kind: DeviceKind
    public var quirks: DeviceQuirks

    public init(vendorID: UInt16, productID: UInt16, name: String, kind: DeviceKind, quirks: DeviceQuirks = []) {
        self.vendorID = vendorID
        self.productID = productID
        self.name = name
        self.kind = kind
        self.quirks = quirks
    }
}
