import HealthProbes
import Presentation

/// The status document looked up bay by bay: which device is in it, its current (or last) session,
/// its health.
struct BayView {
    let status: DaemonStatus
    let healthBySerial: [String: DeviceHealth]

    init(status: DaemonStatus, health: [DeviceHealth]) {
        self.status = status
        healthBySerial = Dictionary(health.map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every state a card can show, for the script's labels.
    static let states = ["empty", "queued", "offloading", "offloaded", "failed", "left", "unknown"]

    static func label(state: String) -> Strings {
        switch state {
        case "empty": .stateEmpty
        case "queued": .stateQueued
        case "offloading": .stateOffloading
        case "offloaded": .stateOffloaded
        case "failed": .stateFailed
        case "left": .stateLeft
        default: .stateUnknown
        }
    }

    func device(in bay: DaemonStatus.Bay) -> DaemonStatus.Device? {
        if let source = bay.device, let device = status.devices.first(where: { $0.source == source }) { return device }
        // A bay naming a device the document does not list: shown as there, in a state nobody claims.
        return bay.device.map {
            DaemonStatus.Device(source: $0, bay: bay.bay, usb_port_path: bay.port_path, serial: nil, model: nil, state: "unknown",
                                arrived_at: status.started_at, error: nil, health: nil)
        }
    }

    /// The running session of a device, else its newest (sessions are newest first).
    func session(of source: String) -> DaemonStatus.Session? {
        let mine = status.sessions.filter { $0.device == source }
        return mine.first { $0.state == "running" || $0.state == "starting" } ?? mine.first
    }

    func health(of device: DaemonStatus.Device) -> DeviceHealth? {
        device.serial.flatMap { healthBySerial[$0] }
    }
}
