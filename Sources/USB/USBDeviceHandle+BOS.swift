import CLibUSB

/// One device capability of a BOS descriptor (USB 3.2 §9.6.2): its type and the whole descriptor's bytes.
public struct USBDeviceCapability: Hashable, Sendable {
    /// bDevCapabilityType: 0x02 USB 2.0 extension, 0x03 SuperSpeed USB, 0x04 container ID, …
    public var type: UInt8
    /// bLength, bDescriptorType (0x10), bDevCapabilityType, then the capability's own fields.
    public var bytes: [UInt8]

    public static let usb2Extension: UInt8 = 0x02
    public static let superSpeed: UInt8 = 0x03
    public static let containerID: UInt8 = 0x04
}

/// A container ID (USB 3.2 §9.6.2.3): a UUID shared by every function of one physical device, such as the
/// USB 2 and USB 3 halves of a hub.
public struct USBContainerID: Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes in descriptor order.
    public let bytes: [UInt8]

    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Hex in descriptor byte order, grouped 4-2-2-2-6 like a UUID (no byte swapping: the groups only make
    /// it readable, and the same bytes always print the same).
    public var description: String {
        let hex = bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}

/// The Binary device Object Store: the capabilities a USB 2.01+ device announces (USB 3.2 §9.6.2).
public struct USBBOSDescriptor: Hashable, Sendable {
    public var capabilities: [USBDeviceCapability]
    public var containerID: USBContainerID?
}

extension USBDeviceHandle {
    /// Reads the BOS descriptor (two GET_DESCRIPTOR(BOS) requests, as libusb makes them). A device without one
    /// (USB 2.0 and older) stalls: `.pipe`.
    public func bosDescriptor() throws(USBError) -> USBBOSDescriptor {
        var bos: UnsafeMutablePointer<libusb_bos_descriptor>?
        try USBError.check(libusb_get_bos_descriptor(pointer, &bos), "libusb_get_bos_descriptor")
        guard let bos else { throw USBError(.other, call: "libusb_get_bos_descriptor") }
        defer { libusb_free_bos_descriptor(bos) }
        var result = USBBOSDescriptor(capabilities: [], containerID: nil)
        for i in 0..<bos.pointee.bNumDeviceCaps {
            guard let capability = recgate_bos_capability(bos, i) else { continue }
            let length = Int(capability.pointee.bLength)
            let bytes = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(capability), count: length))
            result.capabilities.append(USBDeviceCapability(type: capability.pointee.bDevCapabilityType, bytes: bytes))
            if capability.pointee.bDevCapabilityType == USBDeviceCapability.containerID {
                result.containerID = try Self.containerID(capability, context: device.context.pointer)
            }
        }
        return result
    }

    /// The device's container ID; nil when it has no BOS descriptor (it stalls the request) or no container ID
    /// capability in it.
    public func containerID() throws(USBError) -> USBContainerID? {
        do {
            return try bosDescriptor().containerID
        } catch where error.code == .pipe {
            return nil
        }
    }

    private static func containerID(_ capability: UnsafeMutablePointer<libusb_bos_dev_capability_descriptor>,
                                    context: OpaquePointer) throws(USBError) -> USBContainerID? {
        var descriptor: UnsafeMutablePointer<libusb_container_id_descriptor>?
        try USBError.check(libusb_get_container_id_descriptor(context, capability, &descriptor),
                           "libusb_get_container_id_descriptor")
        guard let descriptor else { throw USBError(.other, call: "libusb_get_container_id_descriptor") }
        defer { libusb_free_container_id_descriptor(descriptor) }
        let bytes = withUnsafeBytes(of: descriptor.pointee.ContainerID) { Array($0) }
        return USBContainerID(bytes)
    }
}
