import DeviceKit

extension MassStorageFamily {
    /// The model table: VID, PID, name, kind, quirks. Empty for now: no recorder's storage-mode VID:PID is
    /// known for certain, and a volume is recognised by its profile (Profiles/), not by its USB ID. Add a
    /// line when one is confirmed, so it scores above any other disk.
    public static let modelTable: [DeviceModel] = []
}
