import DeviceKit
import Evidence
import Foundation

extension OffloadJob {
    /// Reads the device's battery and storage when its session supports either, and records them in the
    /// catalog's device condition (`source` `offload`), so device health shows them without another command.
    /// A by-product: a device that cannot tell, or a catalog that cannot record it, never fails the offload.
    func recordCondition(_ session: any DeviceSession, serial: String, catalog: Catalog)
        -> (reported: OffloadReport.Condition?, problem: String?)
    {
        guard !session.supported.isDisjoint(with: [.battery, .storage]) else { return (nil, nil) }
        let condition: DeviceCondition
        do {
            condition = try session.condition()
        } catch {
            return (nil, "the device's battery and storage could not be read: \(error)")
        }
        guard !condition.isEmpty else { return (nil, nil) }
        let reported = OffloadReport.Condition(batteryPercent: condition.batteryPercent,
                                               storageTotal: condition.storageTotal, storageFree: condition.storageFree,
                                               faults: condition.faults.isEmpty ? nil : condition.faults)
        do {
            try catalog.recordDeviceCondition(
                NewDeviceCondition(deviceSerial: serial, batteryPercent: condition.batteryPercent,
                                   storageTotal: condition.storageTotal, storageFree: condition.storageFree,
                                   source: "offload"),
                actor: request.actor, at: Date())
        } catch {
            return (reported, "the device's condition could not be recorded: \(error)")
        }
        return (reported, nil)
    }
}
