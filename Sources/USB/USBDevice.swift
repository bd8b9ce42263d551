#if canImport(Glibc)
import Glibc
#endif
import CLibUSB

/// A device libusb has enumerated. Holds a libusb reference to the device and its context.
///
/// Everything here comes from descriptors libusb caches (on Linux: sysfs), so nothing opens the device
/// except ``open()`` and, when sysfs has no strings, ``strings()``.
///
/// `@unchecked Sendable`: all stored properties are immutable; the `libusb_device` pointer is
/// reference-counted by libusb with atomic operations and only read through libusb calls that are
/// safe from any thread (descriptor getters read immutable cached data, `libusb_open` locks).
public final class USBDevice: @unchecked Sendable, CustomStringConvertible {
    public static let defaultSysfsRoot = "/sys/bus/usb/devices"

    let context: USBContext
    let pointer: OpaquePointer
    /// The hub this device is plugged into (nil for a root hub).
    public let parent: USBDevice?
    public let busNumber: UInt8
    public let address: UInt8
    /// Port numbers from the root hub down; empty for a root hub.
    public let portNumbers: [UInt8]
    public let speed: USBSpeed
    public let descriptor: USBDeviceDescriptor
    /// Where sysfs attributes are read (`<root>/<sysfsName>/serial`, …).
    public let sysfsRoot: String

    init(context: USBContext, device: OpaquePointer, parent: USBDevice?, sysfsRoot: String) {
        self.context = context
        self.pointer = libusb_ref_device(device)
        self.parent = parent
        self.sysfsRoot = sysfsRoot
        busNumber = libusb_get_bus_number(device)
        address = libusb_get_device_address(device)
        var ports = [UInt8](repeating: 0, count: 8)  // USB 3 allows 7 tiers of hubs below the root.
        let n = ports.withUnsafeMutableBufferPointer {
            libusb_get_port_numbers(device, $0.baseAddress, Int32($0.count))
        }
        portNumbers = n > 0 ? Array(ports.prefix(Int(n))) : []
        speed = USBSpeed(rawValue: libusb_get_device_speed(device)) ?? .unknown
        var d = libusb_device_descriptor()
        // Cannot fail on Linux since libusb 1.0.16: the descriptor is cached at enumeration.
        _ = libusb_get_device_descriptor(device, &d)
        descriptor = USBDeviceDescriptor(d)
    }

    deinit { libusb_unref_device(pointer) }

    public var vendorID: UInt16 { descriptor.vendorID }
    public var productID: UInt16 { descriptor.productID }
    public var deviceClass: UInt8 { descriptor.deviceClass }
    public var isHub: Bool { descriptor.deviceClass == USBClass.hub }

    /// The port path: bus, then the port chain (`1-1.4`); a root hub is `usb1`, as sysfs names it.
    public var portPath: String {
        portNumbers.isEmpty ? "usb\(busNumber)"
            : "\(busNumber)-" + portNumbers.map(String.init).joined(separator: ".")
    }

    /// `VVVV:PPPP`, lowercase hex.
    public var idString: String { "\(Self.hex4(vendorID)):\(Self.hex4(productID))" }

    public var description: String { "\(portPath) [\(idString)] bus \(busNumber) address \(address)" }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    /// The active configuration's descriptor, from libusb's cache.
    public func activeConfiguration() throws(USBError) -> USBConfigurationDescriptor {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        try USBError.check(libusb_get_active_config_descriptor(pointer, &config), "libusb_get_active_config_descriptor")
        guard let config else { throw USBError(.other, call: "libusb_get_active_config_descriptor") }
        defer { libusb_free_config_descriptor(config) }
        return USBConfigurationDescriptor(config.pointee)
    }

    /// The configuration descriptor at `index` (0 ..< configurationCount).
    public func configuration(at index: UInt8) throws(USBError) -> USBConfigurationDescriptor {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        try USBError.check(libusb_get_config_descriptor(pointer, index, &config), "libusb_get_config_descriptor")
        guard let config else { throw USBError(.other, call: "libusb_get_config_descriptor") }
        defer { libusb_free_config_descriptor(config) }
        return USBConfigurationDescriptor(config.pointee)
    }

    /// A sysfs attribute of this device (trailing newline removed), or nil when absent.
    public func sysfsAttribute(_ name: String) -> String? {
        let path = "\(sysfsRoot)/\(portPath)/\(name)"
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes += chunk.prefix(n)
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Manufacturer, product and serial: from sysfs without opening the device where sysfs has them,
    /// else from the string descriptors (which opens the device).
    public func strings() throws(USBError) -> USBDeviceStrings {
        var result = USBDeviceStrings(
            manufacturer: sysfsAttribute("manufacturer"), product: sysfsAttribute("product"),
            serialNumber: sysfsAttribute("serial"))
        let missing = [
            (result.manufacturer, descriptor.manufacturerIndex), (result.product, descriptor.productIndex),
            (result.serialNumber, descriptor.serialNumberIndex),
        ].contains { $0.0 == nil && $0.1 != 0 }
        guard missing else { return result }
        let handle = try open()
        if result.manufacturer == nil, descriptor.manufacturerIndex != 0 {
            result.manufacturer = try handle.stringDescriptor(descriptor.manufacturerIndex)
        }
        if result.product == nil, descriptor.productIndex != 0 {
            result.product = try handle.stringDescriptor(descriptor.productIndex)
        }
        if result.serialNumber == nil, descriptor.serialNumberIndex != 0 {
            result.serialNumber = try handle.stringDescriptor(descriptor.serialNumberIndex)
        }
        return result
    }

    /// Opens the device; the handle closes it when it goes away.
    public func open() throws(USBError) -> USBDeviceHandle {
        var handle: OpaquePointer?
        try USBError.check(libusb_open(pointer, &handle), "libusb_open")
        guard let handle else { throw USBError(.other, call: "libusb_open") }
        return USBDeviceHandle(pointer: handle, device: self)
    }
}

/// The three identifying strings of a device.
public struct USBDeviceStrings: Hashable, Sendable {
    public var manufacturer: String?
    public var product: String?
    public var serialNumber: String?

    public init(manufacturer: String? = nil, product: String? = nil, serialNumber: String? = nil) {
        self.manufacturer = manufacturer
        self.product = product
        self.serialNumber = serialNumber
    }
}
