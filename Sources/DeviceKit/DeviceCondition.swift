/// A device's battery and storage as it reported them; a figure it does not report is nil.
public struct DeviceCondition: Sendable, Hashable {
    /// Battery charge, percent (0–100).
    public var batteryPercent: Int?
    /// Storage capacity and the bytes free to record into, summed over the device's stores.
    public var storageTotal: Int64?
    public var storageFree: Int64?
    /// Faults the device told of itself, as `code: words` (an MTP device's StoreFull event: `store_full: …`).
    public var faults: [String]

    public init(batteryPercent: Int? = nil, storageTotal: Int64? = nil, storageFree: Int64? = nil, faults: [String] = []) {
        self.batteryPercent = batteryPercent
        self.storageTotal = storageTotal
        self.storageFree = storageFree
        self.faults = faults
    }

    public var isEmpty: Bool { batteryPercent == nil && storageTotal == nil && storageFree == nil && faults.isEmpty }
}
