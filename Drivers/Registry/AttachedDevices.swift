import DeviceKit
import Synchronization
import USB

/// The devices attached now, kept from hotplug events: each arrival is matched through the registry
/// and entered by port path, each departure removed.
///
/// The table follows the events a consumer of ``events(from:enumerate:)`` has taken: matching happens as
/// the consumer asks for the next event, on its task, never on libusb's event thread (a probe may read
/// string descriptors, which needs the event handling that thread does).
public final class AttachedDevices: Sendable {
    public let registry: DriverRegistry
    private let table = Mutex<[String: AttachedDevice]>([:])

    public init(registry: DriverRegistry = BuiltInDrivers.registry) {
        self.registry = registry
    }

    /// Every attached device, by port path (bus, then port chain: a hub before what is plugged into it).
    public var all: [AttachedDevice] {
        table.withLock { Array($0.values) }.sorted { Self.portOrder($0.portPath, $1.portPath) }
    }

    public subscript(portPath: String) -> AttachedDevice? { table.withLock { $0[portPath] } }

    /// Arrivals and departures as they happen, matched and entered in the table as the consumer takes
    /// them. With `enumerate`, the devices already attached arrive first. Ends when the consumer stops.
    public func events(from context: USBContext, enumerate: Bool = true) throws(USBError) -> AttachmentEvents {
        AttachmentEvents(base: try context.hotplugEvents(enumerate: enumerate), devices: self)
    }

    /// Enters an arrival or removes a departure; a departure at a port path never seen arriving is
    /// reported with what libusb still knows of the device.
    func apply(_ event: USBHotplugEvent) -> AttachmentEvent {
        switch event {
        case .arrived(let device):
            let candidate = DeviceCandidate(device)
            let attached = AttachedDevice(device: device, candidate: candidate, match: registry.match(candidate))
            table.withLock { $0[attached.portPath] = attached }
            return .arrived(attached)
        case .left(let device):
            if let known = table.withLock({ $0.removeValue(forKey: device.portPath) }) { return .left(known) }
            let candidate = DeviceCandidate(device, openForStrings: false)
            return .left(AttachedDevice(device: device, candidate: candidate, match: registry.match(candidate)))
        }
    }

    /// `usb1` < `1-1` < `1-1.2` < `1-1.10` < `usb2` < `2-1`.
    static func portOrder(_ a: String, _ b: String) -> Bool {
        func key(_ path: String) -> [Int] {
            if path.hasPrefix("usb") { return [Int(path.dropFirst(3)) ?? 0] }
            let parts = path.split(separator: "-", maxSplits: 1)
            return [Int(parts[0]) ?? 0] + (parts.count > 1 ? parts[1].split(separator: ".").map { Int($0) ?? 0 } : [])
        }
        return key(a).lexicographicallyPrecedes(key(b))
    }
}

/// ``AttachedDevices/events(from:enumerate:)``: the hotplug stream, matched.
public struct AttachmentEvents: AsyncSequence {
    public typealias Element = AttachmentEvent
    public typealias Failure = Never

    let base: AsyncStream<USBHotplugEvent>
    let devices: AttachedDevices
    /// Drop an arrival of a device the table already holds as that same device (``AttachedDevices/isKnown(_:)``):
    /// set when the devices present were listed after registering (``AttachedDevices/present(in:)``).
    var dropsRepeatedArrivals = false

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<USBHotplugEvent>.Iterator
        let devices: AttachedDevices
        let dropsRepeatedArrivals: Bool

        public mutating func next() async -> AttachmentEvent? {
            while let event = await base.next() {
                if dropsRepeatedArrivals, case .arrived(let device) = event, devices.isKnown(device) { continue }
                return devices.apply(event)
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), devices: devices, dropsRepeatedArrivals: dropsRepeatedArrivals)
    }
}
