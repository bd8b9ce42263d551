import DeviceKit
import Foundation
import USB

extension PTPFamily {
    /// The one rule for a camera's serial, used by its sessions and by the device views: DeviceInfo's
    /// SerialNumber (what the camera says of itself), else the USB serial string; nil when neither tells one.
    public static func serial(deviceInfo: PTPDeviceInfo, usbSerial: String?) -> String? {
        let own = deviceInfo.serialNumber.trimmingCharacters(in: .whitespaces)
        if !own.isEmpty { return own }
        let usb = usbSerial?.trimmingCharacters(in: .whitespaces) ?? ""
        return usb.isEmpty ? nil : usb
    }

    /// The camera's serial by ``serial(deviceInfo:usbSerial:)``: GetDeviceInfo is asked (it needs no PTP
    /// session). A camera that cannot be asked now (busy in another session, not answering PTP) is taken as
    /// telling nothing in DeviceInfo, so the USB serial string stands.
    public func serial(of candidate: DeviceCandidate) -> String? {
        guard let context = try? USBContext(),
              let device = try? context.devices().first(where: { $0.portPath == candidate.portPath }),
              let session = try? PTPSession(device: device, timeout: .seconds(2)),
              let info = try? session.deviceInfo()
        else { return candidate.serial }
        return Self.serial(deviceInfo: info, usbSerial: candidate.serial)
    }

    /// The model-table entry for a VID:PID, if the table has one.
    public static func model(vendorID: UInt16, productID: UInt16) -> DeviceModel? {
        modelTable.first { $0.vendorID == vendorID && $0.productID == productID }
    }

    /// What a camera supports: the family's capabilities, less what its DeviceInfo does not list.
    public static func supported(by info: PTPDeviceInfo) -> DriverCapabilities {
        var supported = PTPFamily().capabilities
        if !info.supports(property: PTPProperty.dateTime) || !info.supports(operation: PTPOperation.getDevicePropValue) {
            supported.remove(.readClock)
        }
        if !info.supports(property: PTPProperty.dateTime) || !info.supports(operation: PTPOperation.setDevicePropValue) {
            supported.remove(.setClock)
        }
        if !info.supports(property: PTPProperty.batteryLevel) || !info.supports(operation: PTPOperation.getDevicePropValue) {
            supported.remove(.battery)
        }
        if !info.supports(operation: PTPOperation.getStorageInfo) { supported.remove(.storage) }
        if !info.supports(operation: PTPOperation.deleteObject) { supported.remove(.deleteRecordings) }
        return supported
    }

    /// Opens the camera at a USB port path (``CameraSession``). A mounted volume is not a camera's.
    public func openSession(_ target: SessionTarget, options: SessionOptions) throws -> any DeviceSession {
        guard case .usb(let portPath) = target else {
            throw DeviceSessionError(.unsupported, call: "open", path: "\(target)",
                                     message: "the \(name) driver opens cameras at a USB port path only")
        }
        return try CameraSession(portPath: portPath, zone: options.zone, timeout: options.timeout)
    }
}
