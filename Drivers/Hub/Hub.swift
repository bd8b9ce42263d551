import USB

/// Why a hub operation failed.
public enum HubError: Error, Hashable, Sendable, CustomStringConvertible {
    case usb(USBError)
    /// A sysfs attribute (a port's `disable`) could not be read or written.
    case file(FileError)
    /// The device is not a hub (bDeviceClass is not 9) or answered no hub descriptor.
    case notAHub(portPath: String)
    /// Port numbers run from 1 to the hub's port count.
    case noSuchPort(UInt8, portCount: UInt8)
    /// The hub cannot switch this port's power on its own.
    case noPerPortPowerSwitching(HubDescriptor.PowerSwitching)

    public var description: String {
        switch self {
        case .usb(let error): "\(error)"
        case .file(let error): "\(error)"
        case .notAHub(let path): "\(path) is not an attached hub"
        case .noSuchPort(let port, let count): "no port \(port) (the hub has \(count))"
        case .noPerPortPowerSwitching(let mode):
            "the hub cannot switch one port's power (its power switching is \(mode == .ganged ? "ganged" : "none"))"
        }
    }
}

/// Hub class requests (USB 2.0 §11.24).
enum HubRequest {
    static let getStatus: UInt8 = 0
    static let clearFeature: UInt8 = 1
    static let setFeature: UInt8 = 3
    static let getDescriptor: UInt8 = 6
    /// bmRequestType: class, to the hub itself / to one of its ports.
    static let toHub: UInt8 = 0x20
    static let toPort: UInt8 = 0x23
    static let fromHub: UInt8 = 0xA0
    static let fromPort: UInt8 = 0xA3
    static let portPower: UInt16 = 8
    static let portConnectionChange: UInt16 = 16
}

/// An opened hub: its descriptor, port status and port power. Noncopyable, as the handle it owns.
public struct Hub: ~Copyable {
    public let handle: USBDeviceHandle
    public let descriptor: HubDescriptor

    /// Opens `device` and reads its hub descriptor (0x29, or 0x2A for a USB 3 hub).
    public init(opening device: USBDevice, timeout: Duration = .seconds(1)) throws(HubError) {
        guard device.isHub else { throw .notAHub(portPath: device.portPath) }
        let handle: USBDeviceHandle
        do { handle = try device.open() } catch { throw .usb(error) }
        let type: UInt16 = device.descriptor.usbVersion >= 0x0300 ? 0x2A : 0x29
        let bytes: [UInt8]
        do {
            bytes = try handle.controlIn(requestType: HubRequest.fromHub, request: HubRequest.getDescriptor,
                                         value: type << 8, index: 0, length: 71, timeout: timeout)
        } catch { throw .usb(error) }
        guard let descriptor = HubDescriptor(bytes) else { throw .notAHub(portPath: device.portPath) }
        self.handle = handle
        self.descriptor = descriptor
    }

    public var portCount: UInt8 { descriptor.portCount }
    /// The hub's device.
    public var device: USBDevice { handle.device }

    func check(_ port: UInt8) throws(HubError) {
        guard (1...max(1, descriptor.portCount)).contains(port), descriptor.portCount > 0 else {
            throw .noSuchPort(port, portCount: descriptor.portCount)
        }
    }

    /// GET_STATUS of one port.
    public func status(port: UInt8, timeout: Duration = .seconds(1)) throws(HubError) -> PortStatus {
        try check(port)
        let bytes: [UInt8]
        do {
            bytes = try handle.controlIn(requestType: HubRequest.fromPort, request: HubRequest.getStatus, value: 0,
                                         index: UInt16(port), length: 4, timeout: timeout)
        } catch { throw .usb(error) }
        guard let status = PortStatus(bytes, isUSB3: descriptor.isUSB3) else {
            throw .usb(USBError(.io, call: "libusb_control_transfer"))
        }
        return status
    }

    /// The status of every port, port 1 first.
    public func statuses(timeout: Duration = .seconds(1)) throws(HubError) -> [PortStatus] {
        var all: [PortStatus] = []
        for port in 1...max(1, descriptor.portCount) where descriptor.portCount > 0 {
            all.append(try status(port: port, timeout: timeout))
        }
        return all
    }

    /// Switches a port's power with SET_FEATURE / CLEAR_FEATURE(PORT_POWER). Refused on a hub without
    /// per-port switching (on a ganged hub it would switch every port).
    public func setPower(port: UInt8, on: Bool, timeout: Duration = .seconds(1)) throws(HubError) {
        try check(port)
        guard descriptor.powerSwitching == .perPort else { throw .noPerPortPowerSwitching(descriptor.powerSwitching) }
        do {
            try handle.controlOut(requestType: HubRequest.toPort,
                                  request: on ? HubRequest.setFeature : HubRequest.clearFeature,
                                  value: HubRequest.portPower, index: UInt16(port), timeout: timeout)
        } catch { throw .usb(error) }
    }

    /// Clears a port's connection-change bit (C_PORT_CONNECTION).
    public func acknowledgeConnectionChange(port: UInt8, timeout: Duration = .seconds(1)) throws(HubError) {
        try check(port)
        do {
            try handle.controlOut(requestType: HubRequest.toPort, request: HubRequest.clearFeature,
                                  value: HubRequest.portConnectionChange, index: UInt16(port), timeout: timeout)
        } catch { throw .usb(error) }
    }
}
