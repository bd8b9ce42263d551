import AllDrivers
import DeviceKit
import Presentation
import USB

extension DeviceReport {
    /// The device as the registry sees it: its strings (from sysfs; a device without them there is
    /// opened, which may be refused) and the driver that matched, if one did. The serial is the matched
    /// driver's rule (a camera's is what its DeviceInfo says, as its offload records it); else the USB string.
    public init(_ device: USBDevice, bay: Int? = nil, registry: DriverRegistry = BuiltInDrivers.registry) {
        let candidate = DeviceCandidate(device)
        let match = registry.match(candidate)
        var serial = candidate.serial
        if case .matched(let driver, _, _) = match { serial = driver.serial(of: candidate) }
        self.init(
            port_path: device.portPath, bay: bay,
            vendor_id: Self.hex4(device.vendorID), product_id: Self.hex4(device.productID),
            manufacturer: candidate.manufacturer, product: candidate.product, serial: serial,
            driver: match.driverName, state: match.state, kind: match.kind?.rawValue, model: match.model?.name,
            score: match.score?.value, candidates: match.tiedDriverNames,
            device_class: Self.hex2(device.deviceClass), speed: device.speed.description,
            bus: Int(device.busNumber), address: Int(device.address), parent: device.parent?.portPath)
    }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    static func hex2(_ v: UInt8) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 2 - s.count) + s
    }
}
