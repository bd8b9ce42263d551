import Foundation

/// Where a device session is opened: a mounted volume, or a USB device at a port path.
public enum SessionTarget: Sendable, Hashable {
    case volume(URL)
    case usb(portPath: String)
}

/// How a session reads its device: the zone its times are read in, the zone a volume's file times are
/// kept in, and how long one device operation may take.
public struct SessionOptions: Sendable {
    public var zone: TimeZone
    /// nil: the volume's own default (UTC, see `RecorderVolume`).
    public var volumeClockZone: TimeZone?
    public var timeout: Duration

    public init(zone: TimeZone, volumeClockZone: TimeZone? = nil, timeout: Duration = .seconds(5)) {
        self.zone = zone
        self.volumeClockZone = volumeClockZone
        self.timeout = timeout
    }
}

/// Opens a session with the device at a target: the registry's choice of driver, handed to the core so the
/// core depends on the contract and not on particular drivers.
public typealias SessionOpener = @Sendable (SessionTarget, SessionOptions) throws -> any DeviceSession
