import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Logging
import Offload
import PTPDriver

/// What the dock did with a device that can report its clock, before its offload: the clock read before
/// anything touched it, set (when allowed) and read back, the gateway's own clock state with the readings,
/// and the device's condition (battery, firmware).
public struct CameraDocking: Sendable {
    /// Why a clock was not set.
    public enum NotSet: Sendable, Hashable, CustomStringConvertible {
        /// `clock_set_at_dock` is `"never"`.
        case configuration
        /// The gateway's clock is not synchronised (its reason, or that its state could not be read): setting
        /// the device from it would spread the gateway's error into the device.
        case gatewayUnsynchronised(String)
        /// The device does not offer its clock (no DateTime property).
        case deviceHasNoClock
        /// The set failed (the camera may have taken it all the same: the next dock's reading tells).
        case setFailed(String)

        public var description: String {
            switch self {
            case .configuration: "clock_set_at_dock is \"never\""
            case .gatewayUnsynchronised(let why): "the gateway's clock is not synchronised: \(why)"
            case .deviceHasNoClock: "the device does not offer its clock"
            case .setFailed(let why): "the set failed: \(why)"
            }
        }
    }

    public let portPath: String
    public let serial: String
    /// The reading before any set and, when set, the reading after it.
    public let readings: [CameraClockReading]
    /// The gateway's clock state when the clock was read; nil when the kernel could not be asked.
    public let gatewaySync: GatewayClockSync?
    /// Whether the device's clock was set, and if not, why.
    public let notSet: NotSet?
    /// Set although the gateway's clock is not synchronised (`clock_set_at_dock` is `"always"`): why it is not.
    public let setUnsynchronised: String?
    public let battery: Int?
    public let firmware: String?
    /// How many of the readings the catalog did not hold yet.
    public let recorded: Int

    public var clockSet: Bool { notSet == nil }

    /// Why the dock step failed: the offload may still go ahead (the recordings do not depend on the clock).
    public enum Problem: Error, CustomStringConvertible {
        case desk(CaseDeskSetup.Problem)
        /// The camera failed; a reading taken before the failure is recorded all the same.
        case camera(any Error)
        case noSerial
        case record(any Error)

        public var description: String {
            switch self {
            case .desk(let problem): "\(problem)"
            case .camera(let error): "the camera did not answer: \(error)"
            case .noSerial: "the camera gives no serial: its clock cannot be recorded"
            case .record(let error): "the catalog refused the clock readings: \(error)"
            }
        }
    }
}

extension Gateway {
    /// The dock step for the PTP camera at `portPath`, run when it arrives and before its offload: reads its
    /// clock before anything sets it (a `dock` observation recorded with whether the gateway's own clock is
    /// synchronised and its error bound), then sets it to the gateway's local time as `clock_set_at_dock`
    /// says (`when_synchronised`: only against a synchronised gateway clock; `always`: whatever the kernel
    /// says of it; `never`: not at all) and reads it back (recorded too); reads its battery and firmware into
    /// the device's condition. Each decision is logged.
    ///
    /// - Parameter gatewaySync: how the gateway's clock state is read (the kernel's, by default).
    public func dock(camera portPath: String, logger: Logger = Logger(label: "recgate.dock"),
                     gatewaySync: @Sendable () throws -> GatewayClockSync = { try GatewayClockSync.current() })
        throws(CameraDocking.Problem) -> CameraDocking
    {
        let setup: CaseDeskSetup
        do { setup = try caseDesk(create: true) } catch { throw .desk(error) }
        let policy = (try? configuration().clockSetAtDock) ?? .whenSynchronised
        let clock = CameraClock(zone: setup.zone)
        struct Seen {
            var serial = ""
            var readings: [CameraClockReading] = []
            var sync: GatewayClockSync?
            var notSet: CameraDocking.NotSet?
            var setUnsynchronised: String?
            var battery: Int?
            var firmware = ""
            /// What failed after the first reading (the set or the read-back).
            var failure: (any Error)?
        }
        var seen = Seen()
        do {
            seen = try CameraConnection.with(portPath: portPath) { session, info in
                var seen = Seen()
                seen.serial = CameraConnection.serial(info, session)
                seen.firmware = info.deviceVersion
                seen.battery = info.supports(property: PTPProperty.batteryLevel) ? try? session.batteryLevel() : nil
                guard info.supports(property: PTPProperty.dateTime) else {
                    seen.notSet = .deviceHasNoClock
                    return seen
                }
                // The gateway's state is read once, next to the first reading: it is what that reading (and
                // the decision to set) was made against.
                var unsynchronised: String?
                do {
                    seen.sync = try gatewaySync()
                    unsynchronised = seen.sync?.reasonUnsynchronised
                } catch {
                    unsynchronised = "its state could not be read (\(error))"
                }
                switch policy {
                case .never: seen.notSet = .configuration
                case .whenSynchronised: seen.notSet = unsynchronised.map(CameraDocking.NotSet.gatewayUnsynchronised)
                case .always: seen.setUnsynchronised = unsynchronised
                }
                // Read before anything sets it; once read, a reading is kept whatever fails after.
                seen.readings = [try clock.read(session)]
                guard seen.notSet == nil else { return seen }
                do {
                    try clock.set(session)
                } catch {
                    seen.notSet = .setFailed("\(error)")
                    seen.failure = error
                    return seen
                }
                seen.readings[0].clockSet = true
                do { seen.readings.append(try clock.read(session)) } catch { seen.failure = error }
                return seen
            }
        } catch {
            throw .camera(error)
        }
        guard !seen.serial.isEmpty else { throw .noSerial }
        let added: Int
        do {
            let observations = seen.readings.map { reading -> NewClockObservation in
                var new = NewClockObservation(
                    ClockObservation(device: seen.serial, deviceTime: reading.deviceTime,
                                     gatewayTime: CameraClockAtDock.catalogTime(reading.gatewayTime), source: .dock,
                                     clockSet: reading.clockSet),
                    note: "ptp \(portPath)")
                new.gatewaySynchronised = seen.sync?.isSynchronised
                new.gatewayMaxErrorMicroseconds = seen.sync?.maxErrorMicroseconds
                return new
            }
            added = try setup.desk.catalog.recordClockObservations(observations, actor: OffloadRequest.currentActor(), at: Date())
            let level = seen.battery.flatMap { (0...100).contains($0) ? $0 : nil }
            if level != nil || !seen.firmware.isEmpty {
                try setup.desk.catalog.recordDeviceCondition(
                    NewDeviceCondition(deviceSerial: seen.serial, batteryPercent: level,
                                       firmware: seen.firmware.isEmpty ? nil : seen.firmware, source: "dock"),
                    actor: OffloadRequest.currentActor(), at: Date())
            }
        } catch {
            throw .record(error)
        }
        let step = CameraDocking(portPath: portPath, serial: seen.serial, readings: seen.readings, gatewaySync: seen.sync,
                            notSet: seen.notSet, setUnsynchronised: seen.notSet == nil ? seen.setUnsynchronised : nil, battery: seen.battery, firmware: seen.firmware.isEmpty ? nil : seen.firmware,
                            recorded: added)
        step.log(to: logger, zone: setup.zone)
        if let failure = seen.failure { throw .camera(failure) }
        return step
    }
}

extension CameraDocking {
    /// One line a keeper would read per fact: the clock as found, whether it was set (and why not), the
    /// condition.
    func log(to logger: Logger, zone: TimeZone) {
        let metadata: Logger.Metadata = ["device": "\(serial)", "port": "\(portPath)"]
        if let first = readings.first {
            let offset = first.offset(in: zone).map { String(format: "%+.1f s", $0) } ?? "not a real time"
            let gateway = gatewaySync.map { $0.isSynchronised ? "synchronised" : "not synchronised" } ?? "state unknown"
            logger.info("clock read at dock: \(first.deviceTime) (offset \(offset); gateway clock \(gateway))", metadata: metadata)
        }
        if let notSet {
            let level: Logger.Level = if case .configuration = notSet { .info } else { .warning }
            logger.log(level: level, "clock not set: \(notSet)", metadata: metadata)
        } else {
            if let setUnsynchronised {
                logger.warning(
                    "clock set although the gateway's clock is not synchronised (clock_set_at_dock is \"always\"): \(setUnsynchronised)",
                    metadata: metadata)
            }
            if let after = readings.last, readings.count > 1 {
                let offset = after.offset(in: zone).map { String(format: "%+.1f s", $0) } ?? "not a real time"
                logger.info("clock set at dock, read back \(after.deviceTime) (offset \(offset))", metadata: metadata)
            }
        }
        var condition: [String] = []
        if let battery { condition.append("battery \(battery) %") }
        if let firmware { condition.append("firmware \(firmware)") }
        if !condition.isEmpty { logger.info("condition at dock: \(condition.joined(separator: ", "))", metadata: metadata) }
    }
}
