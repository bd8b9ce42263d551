import DeviceKit
import USB

extension AttachedDevices {
    /// The devices attached now (matched, entered in the table, each as an arrival, by port path), then
    /// arrivals and departures as they happen.
    ///
    /// For a consumer that must know when it has seen every device present at start (libusb's enumeration
    /// comes in the same stream as later events): hotplug is registered first, then the devices are listed,
    /// so none is missed between the two. A device arriving in between is listed and reported by hotplug
    /// too, with the same bus and address: the stream drops that second report.
    public func presentThenEvents(from context: USBContext) throws(USBError) -> (present: [AttachmentEvent], then: AttachmentEvents) {
        var events = try self.events(from: context, enumerate: false)
        events.dropsRepeatedArrivals = true
        let present = try context.devices().sorted { Self.portOrder($0.portPath, $1.portPath) }.map { apply(.arrived($0)) }
        return (present, events)
    }

    /// Whether `device` is already in the table at its port path as this same device (same bus and address):
    /// a second report of one arrival, not a new one.
    public func isKnown(_ device: USBDevice) -> Bool {
        guard let known = self[device.portPath]?.device else { return false }
        return known.busNumber == device.busNumber && known.address == device.address
    }
}
