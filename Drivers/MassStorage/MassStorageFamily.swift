import DeviceKit

/// USB mass-storage devices (interface class 8): recorders after the switch to storage mode, whose
/// volume, once mounted, ``RecorderVolume`` reads with a volume profile.
///
/// Capabilities, all through the mounted volume, none over USB: identify (``RecorderVolume/identity``:
/// device-info file or names), list recordings (``RecorderVolume/recordings()``, and everything else with
/// its reason in ``RecorderVolume/skipped``), read them (through the folder handles of the volume's walk,
/// ``RecorderVolume/file(at:)``) and delete them (the offload's `--release` unlinks a verified file through
/// its folder handle, only if it is still the file that was read).
/// Clocks and officer info are not reachable in storage mode.
public struct MassStorageFamily: DeviceDriver {
    public init() {}

    public var name: String { "mass-storage" }
    /// A volume may be a recorder or any other disk; the volume's profile tells, not USB.
    public var kind: DeviceKind { .storage }
    public var capabilities: DriverCapabilities { [.identify, .listRecordings, .readRecordings, .deleteRecordings] }
    public var models: [DeviceModel] { Self.modelTable }
    /// Any mass-storage interface (SCSI, UFI, …; bulk-only or UAS).
    public var classMatches: [ClassMatch] { [ClassMatch(.interface, ClassCode.massStorage)] }
}
