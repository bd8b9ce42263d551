/// Facts about a model that change how a driver must treat it (libgphoto2 keeps such flags per model).
public struct DeviceQuirks: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Many products share this VID:PID: the model name names the family, and only the serial tells
    /// devices apart. Read by the PTP session's identity (`CameraSession.model`): the model is what the
    /// device says, and the table's family name is never taken for it; the serial always comes from the
    /// device (its driver's `serial(of:)` and session rule), never from the table.
    public static let sharedID = Self(rawValue: 1 << 0)
    /// Switching to mass storage re-enumerates the device under another VID:PID (a departure, then an
    /// arrival at the same port path). The Ambarella recorders do; the gateway follows them by the port path.
    public static let reenumeratesAsMassStorage = Self(rawValue: 1 << 1)
    /// PTP: the camera sends an ObjectRemoved event after DeleteObject (libgphoto2's
    /// DEVICE_FLAG_DELETE_SENDS_EVENT); a reader of events must drain it. Read nowhere: the PTP session
    /// reads no events at all (the interrupt endpoint is never polled), so the event stays queued in the
    /// camera and holds up no bulk transaction (see `CameraSession.release`).
    public static let deleteSendsEvent = Self(rawValue: 1 << 2)
    /// PTP: do not close the session when done; the camera answers only errors afterwards (libgphoto2's
    /// DEVICE_FLAG_DONT_CLOSE_SESSION, EOS models from 2016 on). Read where a PTP session ends:
    /// `CameraSession`'s deinit and `CameraConnection.with` leave it open. Within one device session the
    /// PTP session is never closed between operations, whatever the model.
    public static let keepSessionOpen = Self(rawValue: 1 << 3)
    /// A host controller's root hub: it has ports, but it is not a docking station.
    public static let rootHub = Self(rawValue: 1 << 4)

    public static let named: [(name: String, quirk: Self)] = [
        ("shared_id", .sharedID), ("reenumerates_as_mass_storage", .reenumeratesAsMassStorage),
        ("delete_sends_event", .deleteSendsEvent), ("keep_session_open", .keepSessionOpen),
        ("root_hub", .rootHub),
    ]

    public var names: [String] { Self.named.filter { contains($0.quirk) }.map(\.name) }
}
