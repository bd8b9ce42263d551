import AllDrivers
import AmbarellaDriver
import DeviceKit
import HubDriver
import PTPDriver
import Synchronization
import USB

/// Cameras arriving on USB: libusb hotplug, each device matched through the driver registry
/// (``AttachedDevices``). A device the PTP driver claims arrives as ``Arrival/Source/camera(portPath:)``, with
/// its bay (either half of a USB 3 bay) and its USB serial; its departure is reported. Devices attached when
/// the stream starts arrive first, so a restarted daemon takes up the cameras already docked.
///
/// Mass-storage recorders are not taken from here: what the gateway reads of them is their volume, and its
/// mount is their arrival (the watched folders; ``VolumeOrigin`` finds their bay). Every other device (hubs,
/// unknown or ambiguous ones, recorders without a reading driver) is left to `recgate devices` to show.
public struct HotplugArrivals: ArrivalSource {
    public var name: String { "usb hotplug" }
    /// The bays, read once when the daemon started; nil when the home has none.
    public let bays: BayConfiguration?
    /// Whether recorders that wait to be logged in (Ambarella) arrive too: only when passwords are
    /// configured (`device_passwords`), since without one nothing can be done with them.
    public let recorders: Bool
    /// The attached devices as the events so far left them (the status view reads it).
    public let attached: AttachedDevices
    /// The tasks that turn hotplug events into arrivals, one per stream, kept so that ``stop()`` can wait for
    /// them to let their libusb context go.
    private let pumps = Pumps()

    final class Pumps: Sendable {
        let tasks = Mutex<[Task<Void, Never>]>([])
    }

    public init(bays: BayConfiguration?, recorders: Bool = false, attached: AttachedDevices = AttachedDevices()) {
        self.bays = bays
        self.recorders = recorders
        self.attached = attached
    }

    /// Ends every stream this source gave and returns when their libusb contexts are gone (a stream ends by
    /// itself when its consumer stops, but asynchronously; a caller that must know libusb let go of the
    /// devices waits here).
    public func stop() async {
        let tasks = pumps.tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in tasks {
            task.cancel()
            await task.value
        }
    }

    /// The driver whose devices arrive here.
    static let cameraDriver = PTPFamily().name
    /// The driver whose recorders arrive here, when ``recorders``.
    static let recorderDriver = AmbarellaFamily().name

    public func events() throws -> AsyncStream<ArrivalEvent> {
        let context = try USBContext()
        // Hotplug first, then the devices present: none is missed in between (one arriving then may be
        // reported by both; its second report is dropped below).
        let (present, attachments) = try attached.presentThenEvents(from: context)
        let (stream, continuation) = AsyncStream.makeStream(of: ArrivalEvent.self, bufferingPolicy: .unbounded)
        let bays = self.bays
        let recorders = self.recorders
        func companions() -> [String: String] {
            bays == nil ? [:] : DockTopology(devices: (try? context.devices()) ?? []).companions
        }
        let atStart = companions()
        for event in present {
            if let mapped = Self.arrivalEvent(event, bays: bays, companions: atStart, recorders: recorders) { continuation.yield(mapped) }
        }
        continuation.yield(.settled)
        let task = Task {
            // Iterating ends when this task is cancelled (the consumer stopped): the hotplug callback is then
            // deregistered, and with it goes the context.
            var iterator = attachments.makeAsyncIterator()
            while !Task.isCancelled {
                guard let event = await iterator.next() else { break }
                if let mapped = Self.arrivalEvent(event, bays: bays, companions: companions(), recorders: recorders) {
                    continuation.yield(mapped)
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        pumps.tasks.withLock { $0.append(task) }
        return stream
    }

    /// What an attachment event means to the daemon: a camera's arrival or departure, a recorder's arrival
    /// (its departure is its switch to storage mode: the volume it becomes is followed, so it is not one),
    /// else nothing.
    static func arrivalEvent(_ event: AttachmentEvent, bays: BayConfiguration?, companions: [String: String],
                             recorders: Bool = false) -> ArrivalEvent? {
        let device = event.attached
        if recorders, device.match.driverName == recorderDriver {
            guard case .arrived = event else { return nil }
            let serial = device.candidate.serial.flatMap { $0.isEmpty ? nil : $0 }
            return .arrived(Arrival(source: .recorder(portPath: device.portPath), usbPortPath: device.portPath,
                                    bay: bays?.bay(at: device.portPath, companions: companions)?.number, serial: serial))
        }
        guard device.match.driverName == cameraDriver else { return nil }
        switch event {
        case .arrived:
            let serial = device.candidate.serial.flatMap { $0.isEmpty ? nil : $0 }
            return .arrived(Arrival(source: .camera(portPath: device.portPath), usbPortPath: device.portPath,
                                    bay: bays?.bay(at: device.portPath, companions: companions)?.number, serial: serial))
        case .left:
            return .left(.camera(portPath: device.portPath))
        }
    }
}
