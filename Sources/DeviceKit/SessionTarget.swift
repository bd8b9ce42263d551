import Foundation

/// Where a device session is opened: a mounted volume, or a USB device at a port path.
public enum SessionTarget: Sendable, Hashable {
    case volume(URL)
    case usb(portPath: String)
}

/// How a session reads its device: the zone its times are read in, the zone a volume's file times are
/// kept in, how long one device operation may take, and the passwords of devices that ask for one.
public struct SessionOptions: Sendable {
    public var zone: TimeZone
    /// nil: the volume's own default (UTC, see `RecorderVolume`).
    public var volumeClockZone: TimeZone?
    public var timeout: Duration
    /// Passwords for devices that ask for one (`device_passwords`); none by default.
    public var passwords: DevicePasswords

    public init(zone: TimeZone, volumeClockZone: TimeZone? = nil, timeout: Duration = .seconds(5),
                passwords: DevicePasswords = DevicePasswords()) {
        self.zone = zone
        self.volumeClockZone = volumeClockZone
        self.timeout = timeout
        self.passwords = passwords
    }
}

/// Opens a session with the device at a target: the registry's choice of driver, handed to the core so the
/// core depends on the contract and not on particular drivers.
public typealias SessionOpener = @Sendable (SessionTarget, SessionOptions) throws -> any DeviceSession
