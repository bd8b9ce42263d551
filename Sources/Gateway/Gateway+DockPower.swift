import Foundation
import HubDriver
import USB

/// Switching a bay's power: on, off, or off and on again.
public enum DockPowerAction: String, Sendable, CaseIterable { case on, off, cycle }

/// Why a bay's power could not be switched.
public enum DockPowerProblem: Error {
    /// The bays file could not be read.
    case bays(any Error)
    /// No such bay in the bays file (at this URL), or no bays file.
    case notConfigured(URL)
    /// The bay's port path is not a port of a hub.
    case notAHubPort(String)
    /// The bay's hub is not attached.
    case hubNotAttached(String)
    /// The hub (at this path) refused or cannot switch the port.
    case hub(HubError, hub: String)
    case usb(USBError)
}

extension Gateway {
    /// Switches the power of bay `bay` (both halves of a USB 3 dock), `offSeconds` without power when
    /// cycling (the caller bounds it). Returns each port switched, in order.
    public func dockPower(bay: Int, _ action: DockPowerAction, offSeconds: Double) throws(DockPowerProblem) -> [PortSwitch] {
        let configured: BayConfiguration?
        do { configured = try bays() } catch { throw .bays(error) }
        guard let configured, let entry = configured.bays.first(where: { $0.number == bay }) else {
            throw .notConfigured(baysURL)
        }
        guard let (hubPath, _) = entry.hubPort else { throw .notAHubPort(entry.portPath) }
        var switched: [PortSwitch] = []
        do {
            let devices = try USBContext().devices()
            guard devices.contains(where: { $0.portPath == hubPath }) else { throw DockPowerProblem.hubNotAttached(hubPath) }
            let topology = DockTopology(devices: devices)
            func power(_ on: Bool) throws(HubError) {
                switched += try BayPower.switchPower(entry, on: on, devices: devices, topology: topology)
            }
            switch action {
            case .on: try power(true)
            case .off: try power(false)
            case .cycle:
                try power(false)
                usleep(UInt32(offSeconds * 1_000_000))  // bounded by the caller: at most 60 s on the command line
                try power(true)
            }
        } catch let error as DockPowerProblem {
            throw error
        } catch let error as HubError {
            throw .hub(error, hub: hubPath)
        } catch let error as USBError {
            throw .usb(error)
        } catch {
            throw .bays(error)
        }
        return switched
    }
}

extension Gateway {
    /// Records a bay's power switched by a person in the audit log (`bay.power_switched`): a device
    /// losing power mid-offload is something the trail must explain.
    public func auditBayPower(bay: Int, action: String, actor: String) throws {
        try audit(action: "bay.power_switched", object: "bay:\(bay)", actor: actor, detail: ["action": action, "bay": String(bay)])
    }
}
