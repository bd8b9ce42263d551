import PTPDriver
import Presentation

extension Gateway {
    /// The PTP camera at `portPath`: its device info, battery (when it has the property), and each
    /// storage with the objects it holds.
    public static func cameraInfo(portPath: String) throws -> CameraInfoReport {
        try CameraConnection.with(portPath: portPath) { session, info in
            let battery = info.supports(property: PTPProperty.batteryLevel) ? try session.batteryLevel() : nil
            var storages: [CameraStorageReport] = []
            for id in try session.storageIDs() {
                storages.append(CameraStorageReport(id: hex32(id), objects: try session.objectHandles(storage: id).count))
            }
            return CameraInfoReport(
                port_path: portPath, manufacturer: info.manufacturer, model: info.model,
                device_version: info.deviceVersion, serial: CameraConnection.serial(info, session),
                standard_version: Int(info.standardVersion), vendor_extension_id: hex32(info.vendorExtensionID),
                operations: info.operationsSupported.map(hex16), properties: info.devicePropertiesSupported.map(hex16),
                battery: battery, storages: storages, objects: storages.reduce(0) { $0 + $1.objects })
        }
    }

    static func hex16(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    static func hex32(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
