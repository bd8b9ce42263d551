import DeviceKit

/// Cameras that speak PTP (ISO 15740) over the still-image class (interface 6/1/1), and recorders that speak
/// MTP over the same transport (DeviceInfo's vendor extension 6, `microsoft.com: 1.0`; see README.md here).
///
/// Capabilities, each tested against an emulated camera through libusb (Tests/USBTests/PTPCameraTests.swift):
/// identify (model table, DeviceInfo's serial), read and set the clock (DateTime 0x5011, ``CameraClock``),
/// battery (BatteryLevel 0x5001), storage (GetStorageInfo 0x1005), list recordings (GetStorageIDs, GetObjectHandles, GetObjectInfo) and read
/// them (GetObject, streamed), delete them (DeleteObject, after the offload verified the stored copy).
/// Sessions: ``CameraSession``; each supports only what its camera's DeviceInfo lists. MTP devices: 64-bit sizes
/// (GetObjectPropList / GetObjectPropValue), reads in pieces with GetPartialObject64 (PTP: GetPartialObject)
/// that resume after a stall or a timeout, events (StoreFull a fault of the device's condition).
public struct PTPFamily: DeviceDriver {
    public init() {}

    public var name: String { "ptp" }
    public var kind: DeviceKind { .camera }
    public var capabilities: DriverCapabilities {
        [.identify, .readClock, .setClock, .battery, .listRecordings, .readRecordings, .deleteRecordings, .storage]
    }
    public var models: [DeviceModel] { Self.modelTable }
    /// Still image, subclass 1 (PTP), protocol 1 (bulk-only).
    public var classMatches: [ClassMatch] { [ClassMatch(.interface, ClassCode.stillImage, subclass: 1, protocol: 1)] }
    // No vendor-only claims: Canon, Nikon and Sony also make printers, scanners and phones.
}
