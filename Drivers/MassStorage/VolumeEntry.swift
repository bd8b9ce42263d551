import DeviceKit

/// A recording with the facts its name gives beyond `Recording`'s fields (fixed-camera exports name an
/// end, an address and a channel), and how sure its file-system time is.
public struct VolumeEntry: Sendable, Hashable {
    public var recording: Recording
    /// The end the name carries (NVR exports), `source: .fileName`.
    public var nameEnd: TimeReading?
    /// Camera number (multi-lens recorders), network address and channel (NVR exports), recording type
    /// letter: as found in the name.
    public var camera: String?
    public var address: String?
    public var channel: String?
    public var type: String?
    /// Under fusefat, two FAT dates can show as one (see `FusefatQuirk`); true when this file's was one of
    /// them, i.e. `recording.modified` was chosen by the name's start time or, without one, guessed.
    public var modifiedAmbiguous: Bool

    public init(
        recording: Recording, nameEnd: TimeReading? = nil, camera: String? = nil, address: String? = nil,
        channel: String? = nil, type: String? = nil, modifiedAmbiguous: Bool = false
    ) {
        self.recording = recording
        self.nameEnd = nameEnd
        self.camera = camera
        self.address = address
        self.channel = channel
        self.type = type
        self.modifiedAmbiguous = modifiedAmbiguous
    }
}
