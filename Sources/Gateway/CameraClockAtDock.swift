import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Offload
import PTPDriver

/// A PTP camera's clock read at the dock (and set, when asked), the readings recorded in the catalog as
/// `dock` observations.
public struct CameraClockAtDock: Sendable {
    /// The camera's serial, under which the readings are recorded.
    public let serial: String
    /// The zone the camera's local DateTime is read in.
    public let zone: TimeZone
    /// The readings as taken (the catalog keeps their gateway times to the millisecond, see ``catalogTime(_:)``).
    public let readings: [CameraClockReading]
    /// How many observations the catalog did not hold yet.
    public let recorded: Int

    /// Why the clock could not be read or recorded.
    public enum Problem: Error {
        /// The home's case desk (configuration, catalogue, catalog) could not be opened.
        case desk(CaseDeskSetup.Problem)
        /// The camera could not be reached or did not answer.
        case camera(any Error)
        /// The camera gives no serial: nothing to record the readings under.
        case noSerial
        /// The catalog refused the readings.
        case record(any Error)
    }

    /// `date` to the millisecond, as the catalog keeps it.
    public static func catalogTime(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}

extension Gateway {
    /// Reads the clock of the camera at `portPath` (then sets it to the gateway's local time and reads it
    /// back, when `set`) and records the readings as `dock` observations, noted with the port.
    public func cameraClockAtDock(portPath: String, set: Bool) throws(CameraClockAtDock.Problem) -> CameraClockAtDock {
        let setup: CaseDeskSetup
        do { setup = try caseDesk(create: true) } catch { throw .desk(error) }
        let zone = setup.zone
        let clock = CameraClock(zone: zone)
        let serial: String
        let readings: [CameraClockReading]
        let battery: Int?
        let firmware: String
        do {
            (serial, readings, battery, firmware) = try CameraConnection.with(portPath: portPath) { session, info in
                let readings = try clock.synchronize(session, set: set)
                // Device health keeps the battery level; a camera that will not give it still has its
                // clock recorded (the level is then simply not known).
                let battery = info.supports(property: PTPProperty.batteryLevel) ? try? session.batteryLevel() : nil
                return (CameraConnection.serial(info, session), readings, battery, info.deviceVersion)
            }
        } catch {
            throw .camera(error)
        }
        guard !serial.isEmpty else { throw .noSerial }
        let added: Int
        // The gateway's own clock as the readings were taken (kept with them; a person asked for the set).
        let sync = try? GatewayClockSync.current()
        do {
            let observations = readings.map {
                var new = NewClockObservation(
                    ClockObservation(device: serial, deviceTime: $0.deviceTime, gatewayTime: CameraClockAtDock.catalogTime($0.gatewayTime),
                                     source: .dock, clockSet: $0.clockSet),
                    note: "ptp \(portPath)")
                new.gatewaySynchronised = sync?.isSynchronised
                new.gatewayMaxErrorMicroseconds = sync?.maxErrorMicroseconds
                return new
            }
            added = try setup.desk.catalog.recordClockObservations(observations, actor: OffloadRequest.currentActor(), at: Date())
            // A level outside 0–100 is not a percentage (some cameras count otherwise): not kept.
            let level = battery.flatMap { (0...100).contains($0) ? $0 : nil }
            if level != nil || !firmware.isEmpty {
                try setup.desk.catalog.recordDeviceCondition(
                    NewDeviceCondition(deviceSerial: serial, batteryPercent: level,
                                       firmware: firmware.isEmpty ? nil : firmware, source: "camera clock"),
                    actor: OffloadRequest.currentActor(), at: Date())
            }
        } catch {
            throw .record(error)
        }
        return CameraClockAtDock(serial: serial, zone: zone, readings: readings, recorded: added)
    }
}
