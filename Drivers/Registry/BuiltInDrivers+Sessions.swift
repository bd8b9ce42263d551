import AmbarellaDriver
import DeviceKit
import MassStorageDriver
import PTPDriver
import USB

extension BuiltInDrivers {
    /// Opens a session with the device at `target` through its driver: a mounted volume is the mass-storage
    /// driver's; a device at a USB port is an Ambarella recorder's when the registry matches it to that
    /// driver (it logs in with its password), else offloaded over PTP (what `offload --camera` asks).
    public static let openSession: SessionOpener = { target, options in
        switch target {
        case .volume: try MassStorageFamily().openSession(target, options: options)
        case .usb(let portPath):
            if driverName(at: portPath) == AmbarellaFamily().name {
                try AmbarellaFamily().openSession(target, options: options)
            } else {
                try PTPFamily().openSession(target, options: options)
            }
        }
    }

    /// The name of the driver the registry matches the device at `portPath` to; nil when none is there.
    static func driverName(at portPath: String) -> String? {
        guard let context = try? USBContext(),
              let device = try? context.devices().first(where: { $0.portPath == portPath }) else { return nil }
        if case .matched(let driver, _, _) = registry.match(DeviceCandidate(device, openForStrings: false)) { return driver.name }
        return nil
    }
}
