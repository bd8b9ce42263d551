import DeviceKit
import Foundation
import PTPDriver
import USB

/// Opening the PTP camera at a port path, for the camera commands and the dock.
public enum CameraConnection {
    public enum Problem: Error, CustomStringConvertible {
        case noDevice(String)
        case usb(USBError)
        case ptp(PTPError)

        public var description: String {
            switch self {
            case .noDevice(let path): "no device at port \(path)"
            case .usb(let error): "\(error)"
            case .ptp(let error): "\(error)"
            }
        }
    }

    /// Runs `body` with a session on the camera at `portPath` (GetDeviceInfo read, a session open, closed after).
    public static func with<T>(portPath: String, _ body: (PTPSession, PTPDeviceInfo) throws -> T) throws -> T {
        let context: USBContext
        let device: USBDevice
        do {
            context = try USBContext()
            guard let found = try context.devices().first(where: { $0.portPath == portPath }) else {
                throw Problem.noDevice(portPath)
            }
            device = found
        } catch let error as USBError {
            throw Problem.usb(error)
        }
        return try withExtendedLifetime(context) {
            do {
                let session = try PTPSession(device: device)
                let info = try session.deviceInfo()
                try session.openSession()
                let result = try body(session, info)
                // Cameras that answer only errors after CloseSession keep theirs open (`keepSessionOpen`).
                if PTPFamily.model(vendorID: device.vendorID, productID: device.productID)?.quirks
                    .contains(.keepSessionOpen) != true {
                    try? session.closeSession()
                }
                return result
            } catch let error as PTPError {
                throw Problem.ptp(error)
            }
        }
    }

    /// The camera's serial by the PTP driver's rule (``PTPFamily/serial(deviceInfo:usbSerial:)``); empty
    /// when it tells none.
    public static func serial(_ info: PTPDeviceInfo, _ session: PTPSession) -> String {
        PTPFamily.serial(deviceInfo: info, usbSerial: (try? session.device.strings().serialNumber) ?? nil) ?? ""
    }
}
