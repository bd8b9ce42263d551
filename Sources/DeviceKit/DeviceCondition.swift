/// A device's battery and storage as it reported them; a figure it does not report is nil.
public struct DeviceCondition: Sendable, Hashable {
    /// Battery charge, percent (0–100).
    public var batteryPercent: Int?
    /// Storage capacity and the bytes free to record into, summed over the device's stores.
    public var storageTotal: Int64?
    public var storageFree: Int64?

    public init(batteryPercent: Int? = nil, storageTotal: Int64? = nil, storageFree: Int64? = nil) {
        self.batteryPercent = batteryPercent
        self.storageTotal = storageTotal
        self.storageFree = storageFree
    }

    public var isEmpty: Bool { batteryPercent == nil && storageTotal == nil && storageFree == nil }
}
