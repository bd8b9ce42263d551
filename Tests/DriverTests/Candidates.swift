import DeviceKit

/// Candidates as the dock fixture and real devices present them (class triples from their descriptors).
enum Candidates {
    /// The unbranded Ambarella recorder of fixtures/usb/dock.umockdev: one vendor-specific interface.
    static let recorder = DeviceCandidate(
        vendorID: 0x4255, productID: 0x0001, interfaces: [ClassCode(0xFF)], manufacturer: "Ambarella",
        product: "DSJ-A8 Recorder", serial: "A001234", portPath: "1-1.2")
    /// The Canon PowerShot SX200 IS of the dock fixture: still image, PTP.
    static let canon = DeviceCandidate(
        vendorID: 0x04A9, productID: 0x31C0, interfaces: [ClassCode(0x06, 1, 1)], portPath: "1-1.5.3")
    /// A PTP camera in no model table.
    static let unlistedCamera = DeviceCandidate(
        vendorID: 0x1234, productID: 0x5678, interfaces: [ClassCode(0x06, 1, 1)], portPath: "1-1.4")
    /// A USB stick: SCSI transparent command set, bulk-only.
    static let stick = DeviceCandidate(
        vendorID: 0x0781, productID: 0x5581, interfaces: [ClassCode(0x08, 0x06, 0x50)], portPath: "1-1.3")
    /// The Genesys Logic hub of the dock fixture.
    static let hub = DeviceCandidate(
        vendorID: 0x05E3, productID: 0x0610, deviceClass: ClassCode(0x09), interfaces: [ClassCode(0x09)],
        portPath: "1-1")
    static let rootHub = DeviceCandidate(
        vendorID: 0x1D6B, productID: 0x0002, deviceClass: ClassCode(0x09), interfaces: [ClassCode(0x09)],
        portPath: "usb1")
    /// A hub no table lists.
    static let unlistedHub = DeviceCandidate(
        vendorID: 0x2109, productID: 0x2817, deviceClass: ClassCode(0x09, 0, 2), interfaces: [ClassCode(0x09)],
        portPath: "1-1.5")
    /// A Logitech K120 keyboard: HID boot keyboard.
    static let keyboard = DeviceCandidate(
        vendorID: 0x046D, productID: 0xC31C, interfaces: [ClassCode(0x03, 1, 1)], portPath: "1-1.3")
    /// A camera showing a still-image and a mass-storage interface at once.
    static let composite = DeviceCandidate(
        vendorID: 0x1234, productID: 0x9999, interfaces: [ClassCode(0x06, 1, 1), ClassCode(0x08, 0x06, 0x50)],
        portPath: "1-1.6")
}
