import Foundation

/// A session with one device, opened by the driver that matched it: the operations a recorder interface
/// has, kept as a table the core calls (as libusb's `usbi_os_backend` or libgphoto2's camlibs do). The core
/// (the offload, the dock) never knows which driver it talks to.
///
/// A session says what it supports in ``supported`` (the driver's capabilities, less what this device
/// lacks). An operation it does not support throws ``DeviceSessionError/Code/unsupported``: the defaults
/// below do, so a driver that leaves one out refuses it clearly and never does nothing.
public protocol DeviceSession: AnyObject, Sendable {
    /// The driver that opened the session (`mass-storage`, `ptp`).
    var driverName: String { get }
    /// What this session can do with its device.
    var supported: DriverCapabilities { get }
    /// Who the device says it is, read when the session opened.
    var identity: DeviceIdentity { get }
    /// Where the device is, for messages and the catalog's session: the volume's path, `camera:PORT_PATH`.
    var label: String { get }

    /// The device's serial by the driver's one rule, given the serial a person named (`--device`), if any:
    /// the device's own wins, a disagreement is ``DeviceSessionError/Code/deviceConflict``, and a device
    /// that tells none takes the named one (or throws, saying how to name it).
    func serial(naming asked: String?) throws -> String

    /// Reads the device's clock without changing it.
    func readClock() throws -> DeviceClockReading
    /// Sets the device's clock to the gateway's local time now; returns the value written.
    func setClock() throws -> LocalTimestamp
    /// Battery and storage, as far as the device reports them (``DriverCapabilities/battery``,
    /// ``DriverCapabilities/storage``).
    func condition() throws -> DeviceCondition

    /// Switches the device to USB mass storage (``DriverCapabilities/switchToMassStorage``): it leaves the
    /// bus and comes back as a disk at the same port; this session is done with it.
    func switchToMassStorage() throws

    /// Every recording on the device, and everything else with the reason it is not one.
    func recordings() throws -> RecordingListing
    /// Where a recording is on the device, for messages.
    func location(of recording: Recording) -> String
    /// Opens a recording to read it once (see ``RecordingBytes``). The read pins what was read, for ``release(_:)``.
    func read(_ recording: Recording) throws -> RecordingBytes
    /// Deletes the device's copy only if it is provably the one pinned by the last read of it in this
    /// session, re-checked right before the delete. No pin, a changed or a vanished file → `.skipped(reason)`,
    /// never a delete; a device error → throws.
    func release(_ recording: Recording) throws -> ReleaseOutcome
}

extension DeviceSession {
    public func readClock() throws -> DeviceClockReading { throw unsupported("read the clock", .readClock) }
    public func setClock() throws -> LocalTimestamp { throw unsupported("set the clock", .setClock) }
    public func condition() throws -> DeviceCondition { throw unsupported("report battery or storage", [.battery, .storage]) }
    public func switchToMassStorage() throws {
        throw unsupported("switch to mass storage", .switchToMassStorage)
    }
    public func recordings() throws -> RecordingListing { throw unsupported("list recordings", .listRecordings) }
    public func read(_ recording: Recording) throws -> RecordingBytes { throw unsupported("read recordings", .readRecordings) }
    public func release(_ recording: Recording) throws -> ReleaseOutcome {
        throw unsupported("delete recordings", .deleteRecordings)
    }

    /// Throws ``DeviceSessionError/Code/unsupported`` unless the session supports any of `capability`.
    public func require(_ capability: DriverCapabilities, to operation: String) throws {
        guard !supported.isDisjoint(with: capability) else { throw unsupported(operation, capability) }
    }

    /// The error for an operation this session does not support.
    public func unsupported(_ operation: String, _ capability: DriverCapabilities) -> DeviceSessionError {
        DeviceSessionError(.unsupported, call: capability.names.joined(separator: "/"), path: label,
                           message: "the \(driverName) driver cannot \(operation) on this device "
                               + "(it supports: \(supported.names.joined(separator: ", ")))")
    }
}
