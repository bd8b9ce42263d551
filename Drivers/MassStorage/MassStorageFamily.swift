import DeviceKit

/// USB mass-storage devices (interface class 8): recorders after the switch to storage mode, whose
/// volume, once mounted, ``RecorderVolume`` reads with a volume profile.
///
/// Capabilities, all through the mounted volume, none over USB: identify (``RecorderVolume/identity``:
/// device-info file or names), list recordings (``RecorderVolume/recordings()``, and everything else with
/// its reason in ``RecorderVolume/skipped``), read them (through the folder handles of the volume's walk,
/// ``RecorderVolume/file(at:)``) and delete them (the offload's `--release` unlinks a verified file through
/// its folder handle, only if it is still the file that was read).
/// Storage: `statvfs` of the mounted volume. Clocks, battery and officer info are not reachable in storage
/// mode. Sessions: ``VolumeSession``, on a mounted volume only.
public struct MassStorageFamily: DeviceDriver {
    public init() {}

    public var name: String { "mass-storage" }
    /// A volume may be a recorder or any other disk; the volume's profile tells, not USB.
    public var kind: DeviceKind { .storage }
    public var capabilities: DriverCapabilities {
        [.identify, .listRecordings, .readRecordings, .deleteRecordings, .storage]
    }
    public var models: [DeviceModel] { Self.modelTable }
    /// Any mass-storage interface (SCSI, UFI, …; bulk-only or UAS).
    public var classMatches: [ClassMatch] { [ClassMatch(.interface, ClassCode.massStorage)] }

    /// Opens the mounted volume at `target` (walked once, now). A recorder's serial is on its volume, not
    /// in USB: a USB target is refused.
    public func openSession(_ target: SessionTarget, options: SessionOptions) throws -> any DeviceSession {
        guard case .volume(let root) = target else {
            throw DeviceSessionError(.unsupported, call: "open", path: "\(target)",
                                     message: "the \(name) driver reads recorders through their mounted volume only")
        }
        return VolumeSession(volume: try RecorderVolume(
            root: root, zone: options.zone, volumeClockZone: options.volumeClockZone))
    }
}
