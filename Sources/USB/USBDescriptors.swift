import CLibUSB

/// The standard device descriptor (USB 2.0 §9.6.1).
public struct USBDeviceDescriptor: Hashable, Sendable {
    public var usbVersion: UInt16
    public var deviceClass: UInt8
    public var deviceSubClass: UInt8
    public var deviceProtocol: UInt8
    public var maxPacketSize0: UInt8
    public var vendorID: UInt16
    public var productID: UInt16
    public var deviceVersion: UInt16
    public var manufacturerIndex: UInt8
    public var productIndex: UInt8
    public var serialNumberIndex: UInt8
    public var configurationCount: UInt8

    init(_ d: libusb_device_descriptor) {
        usbVersion = d.bcdUSB
        deviceClass = d.bDeviceClass
        deviceSubClass = d.bDeviceSubClass
        deviceProtocol = d.bDeviceProtocol
        maxPacketSize0 = d.bMaxPacketSize0
        vendorID = d.idVendor
        productID = d.idProduct
        deviceVersion = d.bcdDevice
        manufacturerIndex = d.iManufacturer
        productIndex = d.iProduct
        serialNumberIndex = d.iSerialNumber
        configurationCount = d.bNumConfigurations
    }
}

/// USB class codes the gateway cares about.
public enum USBClass {
    public static let perInterface: UInt8 = 0x00
    public static let massStorage: UInt8 = 0x08
    public static let hub: UInt8 = 0x09
    public static let stillImage: UInt8 = 0x06
    public static let vendorSpecific: UInt8 = 0xFF
}

/// An endpoint descriptor (USB 2.0 §9.6.6).
public struct USBEndpointDescriptor: Hashable, Sendable {
    public enum TransferType: UInt8, Sendable { case control = 0, isochronous = 1, bulk = 2, interrupt = 3 }
    public var address: UInt8
    public var attributes: UInt8
    public var maxPacketSize: UInt16
    public var interval: UInt8

    public var isInput: Bool { address & 0x80 != 0 }
    public var number: UInt8 { address & 0x0F }
    public var transferType: TransferType { TransferType(rawValue: attributes & 0x03)! }

    init(_ e: libusb_endpoint_descriptor) {
        address = e.bEndpointAddress
        attributes = e.bmAttributes
        maxPacketSize = e.wMaxPacketSize
        interval = e.bInterval
    }
}

/// One alternate setting of an interface (USB 2.0 §9.6.5).
public struct USBInterfaceDescriptor: Hashable, Sendable {
    public var number: UInt8
    public var alternateSetting: UInt8
    public var interfaceClass: UInt8
    public var interfaceSubClass: UInt8
    public var interfaceProtocol: UInt8
    public var interfaceIndex: UInt8
    public var endpoints: [USBEndpointDescriptor]

    init(_ i: libusb_interface_descriptor) {
        number = i.bInterfaceNumber
        alternateSetting = i.bAlternateSetting
        interfaceClass = i.bInterfaceClass
        interfaceSubClass = i.bInterfaceSubClass
        interfaceProtocol = i.bInterfaceProtocol
        interfaceIndex = i.iInterface
        endpoints = (0..<Int(i.bNumEndpoints)).map { USBEndpointDescriptor(i.endpoint[$0]) }
    }
}

/// An interface: its alternate settings, the first being the default.
public struct USBInterface: Hashable, Sendable {
    public var alternateSettings: [USBInterfaceDescriptor]
    public var number: UInt8 { alternateSettings.first?.number ?? 0 }
}

/// A configuration descriptor with everything under it (USB 2.0 §9.6.3).
public struct USBConfigurationDescriptor: Hashable, Sendable {
    public var value: UInt8
    public var configurationIndex: UInt8
    public var attributes: UInt8
    /// Maximum power in the unit the descriptor uses (2 mA for USB 2, 8 mA for USB 3).
    public var maxPower: UInt8
    public var interfaces: [USBInterface]

    public var isSelfPowered: Bool { attributes & 0x40 != 0 }
    public var supportsRemoteWakeup: Bool { attributes & 0x20 != 0 }

    init(_ c: libusb_config_descriptor) {
        value = c.bConfigurationValue
        configurationIndex = c.iConfiguration
        attributes = c.bmAttributes
        maxPower = c.MaxPower
        interfaces = (0..<Int(c.bNumInterfaces)).map { n in
            let interface = c.interface[n]
            return USBInterface(alternateSettings: (0..<Int(interface.num_altsetting)).map {
                USBInterfaceDescriptor(interface.altsetting[$0])
            })
        }
    }
}

/// The speed a device runs at.
public enum USBSpeed: Int32, Sendable, CustomStringConvertible {
    case unknown = 0, low = 1, full = 2, high = 3, superSpeed = 4, superSpeedPlus = 5, superSpeedPlusX2 = 6

    /// Megabits per second, as sysfs writes it (`1.5`, `12`, `480`, `5000`, …).
    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .low: "1.5"
        case .full: "12"
        case .high: "480"
        case .superSpeed: "5000"
        case .superSpeedPlus: "10000"
        case .superSpeedPlusX2: "20000"
        }
    }
}
