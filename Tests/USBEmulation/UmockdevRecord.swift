/// umockdev records of USB devices on bus 1, laid out below the dock's hubs as the kernel lays them out
/// (`1-1.5.2` sits in `1-1/1-1.5/`): what libusb and the sysfs readers see of an emulated device.
public enum UmockdevRecord {
    /// The folders of the hubs above `portPath` (`1-1/1-1.5/` for `1-1.5.2`).
    public static func sysfsParents(of portPath: String) -> String {
        let chain = portPath.split(separator: "-")[1].split(separator: ".")
        return (1..<chain.count).map { "1-" + chain.prefix($0).joined(separator: ".") + "/" }.joined()
    }

    /// The device's sysfs path.
    public static func sysfsPath(of portPath: String) -> String {
        "/devices/pci0000:00/0000:00:14.0/usb1/" + sysfsParents(of: portPath) + portPath
    }

    /// A `usb_device` record: its node on bus 1, VID:PID (4 hex digits each), the descriptors (device then
    /// configuration, as hex) and string attributes such as `manufacturer`, `product`, `serial`.
    public static func usbDevice(at portPath: String, devnum: Int, vendor: String, product: String, descriptors: String,
                                 strings: KeyValuePairs<String, String> = [:]) -> String {
        let node = String(format: "%03d", devnum)
        let attributes = strings.map { "A: \($0.key)=\($0.value)\\n\n" }.joined()
        return """
            P: \(sysfsPath(of: portPath))
            N: bus/usb/001/\(node)
            E: SUBSYSTEM=usb
            E: DEVTYPE=usb_device
            E: DRIVER=usb
            E: BUSNUM=001
            E: DEVNUM=\(node)
            E: DEVNAME=/dev/bus/usb/001/\(node)
            A: busnum=1\\n
            A: devnum=\(devnum)\\n
            A: idVendor=\(vendor)\\n
            A: idProduct=\(product)\\n
            A: bConfigurationValue=1\\n
            A: speed=480\\n
            \(attributes)H: descriptors=\(descriptors)

            """
    }
}
