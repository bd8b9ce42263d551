import USB

/// The two halves of a USB 3 hub: it enumerates as a USB 2 hub (bcdUSB 2.10, descriptor 0x29) on the USB 2
/// bus and a USB 3 hub (bcdUSB 3.x, descriptor 0x2A) on the SuperSpeed bus, with the same container ID in
/// their BOS descriptors. A physical port is one port number on each half.
public struct HubPair: Sendable {
    public let usb2: USBDevice
    public let usb3: USBDevice
    public let containerID: USBContainerID

    public init(usb2: USBDevice, usb3: USBDevice, containerID: USBContainerID) {
        self.usb2 = usb2
        self.usb3 = usb3
        self.containerID = containerID
    }

    /// The other half of `hub` (by port path), or nil when `hub` is neither half.
    public func other(than hub: String) -> USBDevice? {
        hub == usb2.portPath ? usb3 : hub == usb3.portPath ? usb2 : nil
    }

    /// Pairs hubs by container ID: one USB 2 and one USB 3 hub with the same ID. `containerIDs` maps a hub's
    /// port path to its ID; hubs without one, or whose ID is shared otherwise, stay unpaired.
    public static func pairs(hubs: [USBDevice], containerIDs: [String: USBContainerID]) -> [HubPair] {
        var byID: [USBContainerID: [USBDevice]] = [:]
        for hub in hubs {
            if let id = containerIDs[hub.portPath] { byID[id, default: []].append(hub) }
        }
        return byID.compactMap { id, halves -> HubPair? in
            guard halves.count == 2 else { return nil }
            let usb3 = halves.filter { $0.descriptor.usbVersion >= 0x0300 }
            let usb2 = halves.filter { $0.descriptor.usbVersion < 0x0300 }
            guard usb3.count == 1, usb2.count == 1 else { return nil }
            return HubPair(usb2: usb2[0], usb3: usb3[0], containerID: id)
        }.sorted { $0.usb2.portPath < $1.usb2.portPath }
    }
}
