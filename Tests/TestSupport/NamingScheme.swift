/// The recorder naming schemes the mass-storage driver ships profiles for (see PROTOCOLS.md,
/// "How recorders behave"), as `RecorderVolumeBuilder` lays them out.
public enum NamingScheme: String, Sendable, CaseIterable, Hashable {
    /// `DCIM/100MEDIA/20261103_093015_A001234_0001.MP4` (.WAV audio, .JPG photos); locked in `LOCK/`.
    case dateTimeSerialSequence
    /// `RECORD/310045_20261103101502.mp4`; locked with an `_IMP` suffix; serial in `DEVICE.TXT`.
    case officerDateTime
    /// `DCIM/20261103/1M093015.MP4`: camera 1, type M (E when locked), start; serial in `DEVINFO.TXT`.
    case perDayCameraType
    /// `EXPORT/20261103-093000-094500_192.168.1.11-CH2.mp4`: a fixed camera's NVR export.
    case nvrExport

    /// The driver profile meant to recognise the scheme.
    public var profileName: String {
        switch self {
        case .dateTimeSerialSequence: "dcim-datetime-serial-sequence"
        case .officerDateTime: "officer-datetime"
        case .perDayCameraType: "perday-camera-type-time"
        case .nvrExport: "nvr-export"
        }
    }

    /// The device-info file the scheme's recorders keep, if any.
    public var deviceInfoPath: String? {
        switch self {
        case .officerDateTime: "DEVICE.TXT"
        case .perDayCameraType: "DEVINFO.TXT"
        case .dateTimeSerialSequence, .nvrExport: nil
        }
    }
}
