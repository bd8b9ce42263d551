import DeviceKit
import USB

extension DeviceCandidate {
    /// What the probes see of a libusb device. Descriptors come from libusb's cache (on Linux, sysfs), so
    /// nothing is opened for them; the interfaces are the active configuration's (the first one's when the
    /// device is unconfigured), first alternate setting each.
    ///
    /// - Parameter openForStrings: read strings that sysfs lacks from the string descriptors, which opens
    ///   the device; when false, or when opening fails, sysfs's strings are all there is.
    public init(_ device: USBDevice, openForStrings: Bool = true) {
        let d = device.descriptor
        let configuration = (try? device.activeConfiguration()) ?? (try? device.configuration(at: 0))
        let interfaces = configuration?.interfaces.compactMap(\.alternateSettings.first).map {
            ClassCode($0.interfaceClass, $0.interfaceSubClass, $0.interfaceProtocol)
        } ?? []
        let sysfs = USBDeviceStrings(manufacturer: device.sysfsAttribute("manufacturer"),
                                     product: device.sysfsAttribute("product"),
                                     serialNumber: device.sysfsAttribute("serial"))
        let strings = openForStrings ? (try? device.strings()) ?? sysfs : sysfs
        self.init(vendorID: d.vendorID, productID: d.productID, deviceVersion: d.deviceVersion,
                  deviceClass: ClassCode(d.deviceClass, d.deviceSubClass, d.deviceProtocol),
                  interfaces: interfaces, manufacturer: strings.manufacturer, product: strings.product,
                  serial: strings.serialNumber, portPath: device.portPath)
    }
}
