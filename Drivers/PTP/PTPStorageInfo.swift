/// The StorageInfo dataset (GetStorageInfo, ISO 15740 §5.5.3), the fields the gateway uses: StorageType 0,
/// FilesystemType 2, AccessCapability 4, MaxCapability 6 (u64), FreeSpaceInBytes 14 (u64).
public struct PTPStorageInfo: Hashable, Sendable {
    public var maxCapability: UInt64
    public var freeSpaceInBytes: UInt64

    public init(maxCapability: UInt64, freeSpaceInBytes: UInt64) {
        self.maxCapability = maxCapability
        self.freeSpaceInBytes = freeSpaceInBytes
    }

    public init(parsing bytes: [UInt8]) throws(PTPError) {
        var r = PTPDataReader(bytes, offset: 6, operation: "GetStorageInfo")
        maxCapability = try r.u64("MaxCapability")
        freeSpaceInBytes = try r.u64("FreeSpaceInBytes")
    }
}
