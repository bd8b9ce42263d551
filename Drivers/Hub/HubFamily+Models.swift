import DeviceKit

extension HubFamily {
    /// The model table: VID, PID, name, kind, quirks. Any other hub is claimed by its class.
    public static let modelTable: [DeviceModel] = [
        DeviceModel(vendorID: 0x1D6B, productID: 0x0002, name: "Linux Foundation 2.0 root hub", kind: .hub,
                    quirks: [.rootHub]),
        DeviceModel(vendorID: 0x1D6B, productID: 0x0003, name: "Linux Foundation 3.0 root hub", kind: .hub,
                    quirks: [.rootHub]),
        DeviceModel(vendorID: 0x05E3, productID: 0x0608, name: "Genesys Logic USB 2.0 hub", kind: .hub),
        DeviceModel(vendorID: 0x05E3, productID: 0x0610, name: "Genesys Logic USB 2.0 hub", kind: .hub),
    ]
}
