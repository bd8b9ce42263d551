import DeviceKit

extension PTPFamily {
    /// The model table: VID, PID, name, kind, quirks. IDs and quirks as libgphoto2's ptp2 camlib and
    /// usb.ids list them. A camera not listed is still claimed by its interface class.
    public static let modelTable: [DeviceModel] = [
        // Canon (0x04a9)
        DeviceModel(vendorID: 0x04A9, productID: 0x3199, name: "Canon EOS 5D Mark II", kind: .camera,
                    quirks: [.deleteSendsEvent]),
        DeviceModel(vendorID: 0x04A9, productID: 0x31C0, name: "Canon PowerShot SX200 IS", kind: .camera),
        DeviceModel(vendorID: 0x04A9, productID: 0x323A, name: "Canon EOS 5D Mark III", kind: .camera,
                    quirks: [.deleteSendsEvent]),
        DeviceModel(vendorID: 0x04A9, productID: 0x3250, name: "Canon EOS 6D", kind: .camera),
        DeviceModel(vendorID: 0x04A9, productID: 0x3281, name: "Canon EOS 5D Mark IV", kind: .camera,
                    quirks: [.keepSessionOpen]),
        // Nikon (0x04b0)
        DeviceModel(vendorID: 0x04B0, productID: 0x0428, name: "Nikon D7000", kind: .camera),
        DeviceModel(vendorID: 0x04B0, productID: 0x042C, name: "Nikon D3200", kind: .camera),
        DeviceModel(vendorID: 0x04B0, productID: 0x0437, name: "Nikon D750", kind: .camera),
        // Sony (0x054c): older Cyber-shots in PTP mode all share one ID.
        DeviceModel(vendorID: 0x054C, productID: 0x004E, name: "Sony Cyber-shot DSC (PTP mode)", kind: .camera,
                    quirks: [.sharedID]),
        DeviceModel(vendorID: 0x054C, productID: 0x0C34, name: "Sony Alpha 7 III (PC remote mode)", kind: .camera),
    ]
}
