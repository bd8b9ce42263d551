import Foundation

/// A device that came to the gateway: a recorder's volume mounted under a watched folder, a camera on USB,
/// or a recorder on USB waiting to be switched to storage mode. What the daemon schedules an offload for; the bay is known when the device's USB port is one of
/// the configured bays.
public struct Arrival: Sendable, Hashable {
    /// Where the recordings are read from.
    public enum Source: Sendable, Hashable {
        /// A mounted recorder volume (its mount point).
        case volume(URL)
        /// A PTP camera at a USB port path (`1-1.5.3`).
        case camera(portPath: String)
        /// A recorder that must be logged in and switched to storage mode before its volume can be read (an
        /// Ambarella recorder), at a USB port path: its volume is offloaded as this device.
        case recorder(portPath: String)
    }

    public var source: Source
    /// The USB port path of the device, when known (a volume behind a card reader or mounted by hand has none).
    public var usbPortPath: String?
    /// The bay's number, when the port is a configured bay.
    public var bay: Int?
    /// The device's serial when the arrival already tells it (a camera's USB serial).
    public var serial: String?

    public init(source: Source, usbPortPath: String? = nil, bay: Int? = nil, serial: String? = nil) {
        self.source = source
        self.usbPortPath = usbPortPath
        self.bay = bay
        self.serial = serial
    }
}

/// What an arrival source reports: a device came, or the device at a source left.
public enum ArrivalEvent: Sendable, Hashable {
    case arrived(Arrival)
    case left(Arrival.Source)
    /// Every device present when the stream started has been reported (sent once, after them; a source
    /// that cannot tell sends it at once). `recgate serve --until-idle` waits for it from every source.
    case settled
}

/// Something that tells the daemon of devices coming and going: watched folders (volumes), libusb hotplug
/// (cameras). Devices already present when the stream starts arrive first, so a restart resumes them.
public protocol ArrivalSource: Sendable {
    /// A name for logs (`watch /srv/recgate/volumes`, `usb hotplug`).
    var name: String { get }
    /// Arrivals and departures until the task consuming them is cancelled.
    func events() throws -> AsyncStream<ArrivalEvent>
}
