import DeviceKit

/// Cameras that speak PTP (ISO 15740) over the still-image class (interface 6/1/1).
///
/// Capabilities: identify only (model-table entry and serial string descriptor). The PTP session
/// (GetDeviceInfo, DateTime 0x5011, BatteryLevel 0x5001, GetObjectHandles/GetObject/DeleteObject) is not
/// implemented yet.
public struct PTPFamily: DeviceDriver {
    public init() {}

    public var name: String { "ptp" }
    public var kind: DeviceKind { .camera }
    public var capabilities: DriverCapabilities { [.identify] }
    public var models: [DeviceModel] { Self.modelTable }
    /// Still image, subclass 1 (PTP), protocol 1 (bulk-only).
    public var classMatches: [ClassMatch] { [ClassMatch(.interface, ClassCode.stillImage, subclass: 1, protocol: 1)] }
    // No vendor-only claims: Canon, Nikon and Sony also make printers, scanners and phones.
}
