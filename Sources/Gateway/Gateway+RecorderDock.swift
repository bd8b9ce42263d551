import AmbarellaDriver
import DeviceKit
import Evidence
import Foundation
import Logging
import Offload
import USB

extension Gateway {
    /// The dock for a recorder at `portPath` that waits to be logged in (an Ambarella recorder): logs in
    /// once with its password from `device_passwords` (a refusal is audited as `device.login_refused` and
    /// never retried), reads its information and battery where its variant can (the battery kept in the
    /// device's condition), sets its clock as `clock_set_at_dock` says where it can be set (it cannot be
    /// read, so only the gateway's own clock state decides), switches it to storage mode and follows its port
    /// to the volume it becomes.
    public func dock(recorder portPath: String, logger: Logger = Logger(label: "recgate.dock"),
                     gatewaySync: @Sendable () throws -> GatewayClockSync = { try GatewayClockSync.current() },
                     volumeTimeout: Duration = .seconds(120)) throws(RecorderDocking.Problem) -> RecorderDocking {
        let configuration: GatewayConfiguration
        let zone: TimeZone
        do {
            configuration = try self.configuration()
            zone = try configuration.zone()
        } catch {
            throw .configuration(error)
        }
        let options = SessionOptions(zone: zone, passwords: configuration.devicePasswords?.passwords ?? DevicePasswords())
        if let refused = unchangedRefusal(portPath: portPath) {
            throw .notRetried(refused.at)
        }
        let dockedAt = Date()
        let session: AmbarellaSession
        do {
            session = try AmbarellaSession(portPath: portPath, options: options)
        } catch where error.code == .loginRefused {
            let device = error.device ?? portPath
            do {
                let setup = try caseDesk(create: true)
                try setup.desk.catalog.recordLoginRefused(device: device, portPath: portPath, driver: AmbarellaFamily().name,
                                                         operation: error.operation, actor: OffloadRequest.currentActor(), at: Date())
            } catch {
                logger.error("the refused login could not be audited: \(error)", metadata: ["port": "\(portPath)"])
            }
            throw .refused(error)
        } catch {
            throw .recorder(error)
        }
        var metadata: Logger.Metadata = ["port": "\(portPath)"]
        let serial: String
        do { serial = try session.serial(naming: nil) } catch { throw .recorder(error) }
        metadata["device"] = "\(serial)"
        logger.info("recorder logged in (\(session.variant.rawValue) variant)", metadata: metadata)

        var info: AmbarellaInfo?
        var battery: Int?
        if session.supported.contains(.readInfo) {
            do {
                let read = try session.info()
                info = read
                let line = "recorder information: serial \(read.serial), officer \(read.officerName) (\(read.badge)), "
                    + "unit \(read.unitName) (\(read.unitNumber))"
                logger.info("\(line)", metadata: metadata)
            } catch {
                logger.warning("recorder information not read: \(error)", metadata: metadata)
            }
        }
        if session.supported.contains(.battery) {
            do {
                battery = try session.condition().batteryPercent
            } catch {
                logger.warning("battery not read: \(error)", metadata: metadata)
            }
        }

        // The clock: it cannot be read, so only the policy and the gateway's own clock decide.
        var notSet: CameraDocking.NotSet?
        var setTo: LocalTimestamp?
        if !session.supported.contains(.setClock) {
            notSet = .deviceHasNoClock
        } else {
            var unsynchronised: String?
            do {
                unsynchronised = try gatewaySync().reasonUnsynchronised
            } catch {
                unsynchronised = "its state could not be read (\(error))"
            }
            switch configuration.clockSetAtDock {
            case .never: notSet = .configuration
            case .whenSynchronised: notSet = unsynchronised.map(CameraDocking.NotSet.gatewayUnsynchronised)
            case .always:
                if let unsynchronised {
                    logger.warning("clock set although the gateway's clock is not synchronised (clock_set_at_dock is \"always\"): \(unsynchronised)",
                                   metadata: metadata)
                }
            }
            if notSet == nil {
                do {
                    setTo = try session.setClock()
                    logger.info("clock set at dock to \(setTo!) (the recorder's clock cannot be read)", metadata: metadata)
                } catch {
                    notSet = .setFailed("\(error)")
                }
            }
        }
        if let notSet {
            let level: Logger.Level = if case .configuration = notSet { .info } else { .warning }
            logger.log(level: level, "clock not set: \(notSet)", metadata: metadata)
        }
        if let battery, (0...100).contains(battery) {
            do {
                let setup = try caseDesk(create: true)
                try setup.desk.catalog.recordDeviceCondition(
                    NewDeviceCondition(deviceSerial: serial, batteryPercent: battery, source: "dock"),
                    actor: OffloadRequest.currentActor(), at: Date())
                logger.info("condition at dock: battery \(battery) %", metadata: metadata)
            } catch {
                logger.warning("the battery could not be recorded: \(error)", metadata: metadata)
            }
        }

        do {
            try session.switchToMassStorage()
        } catch {
            throw .recorder(error)
        }
        logger.info("recorder switched to storage mode; following port \(portPath) to its volume", metadata: metadata)
        let volume: URL
        do {
            volume = try RecorderVolumeFollower.volume(at: portPath, timeout: volumeTimeout)
        } catch {
            throw .volume(error)
        }
        logger.info("recorder's volume mounted at \(volume.path)", metadata: metadata)
        return RecorderDocking(portPath: portPath, serial: serial, variant: session.variant.rawValue, info: info, battery: battery,
                               dockedAt: dockedAt, clockSetTo: setTo, notSet: notSet, volume: volume)
    }
}

extension Gateway {
    /// The recorder at `portPath`'s last refused login, when `recgate.json` has not changed since it: the
    /// same password would be refused again, and recorders may lock out after a few wrong tries. Looked up by
    /// the audit object a refusal is recorded under (the USB serial, else the port).
    func unchangedRefusal(portPath: String) -> AuditEntry? {
        let device = (try? USBContext()).flatMap { context in
            (try? context.devices())?.first { $0.portPath == portPath }?.sysfsAttribute("serial")
        }.flatMap { $0.isEmpty ? nil : $0 }
        guard let setup = try? caseDesk(create: true),
              let last = try? setup.desk.catalog.auditEntries(object: "device:\(device ?? portPath)")
                  .last(where: { $0.action == "device.login_refused" })
        else { return nil }
        let changed = (try? FileManager.default.attributesOfItem(atPath: home.configurationURL.path))?[.modificationDate] as? Date
        guard let changed, changed > last.at else { return last }
        return nil
    }
}
