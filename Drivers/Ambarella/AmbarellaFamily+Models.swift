import DeviceKit

extension AmbarellaFamily {
    static let vendorID: UInt16 = 0x4255

    /// The model table: VID, PID, name, kind, quirks. One line per model.
    public static let modelTable: [DeviceModel] = [
        // Many unbranded recorders present this ID before the switch to storage mode; the serial string
        // tells them apart, and after the switch they come back under another VID:PID.
        DeviceModel(vendorID: 0x4255, productID: 0x0001, name: "Ambarella recorder (unbranded)", kind: .recorder,
                    quirks: [.sharedID, .reenumeratesAsMassStorage]),
    ]
}
