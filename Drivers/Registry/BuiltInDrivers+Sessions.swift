import DeviceKit
import MassStorageDriver
import PTPDriver

extension BuiltInDrivers {
    /// Opens a session with the device at `target` through its driver: a mounted volume is the mass-storage
    /// driver's; a device at a USB port is offloaded over PTP (what `offload --camera` asks), the only
    /// driver here that reads recordings over USB.
    public static let openSession: SessionOpener = { target, options in
        switch target {
        case .volume: try MassStorageFamily().openSession(target, options: options)
        case .usb: try PTPFamily().openSession(target, options: options)
        }
    }
}
