import HubDriver
import Presentation

extension BayReport {
    /// The bay as the dock survey found it.
    public init(_ status: BayStatus) {
        let state: String
        if let port = status.effectivePort {
            state = port.isOverCurrent ? "over-current" : port.isEnabled ? "enabled"
                : port.isConnected ? "connected" : "empty"
        } else {
            state = "unknown"
        }
        self.init(
            bay: status.bay.number, label: status.bay.label, port_path: status.bay.portPath,
            companion_port_path: status.companion?.portPath, power: status.power?.rawValue, state: state,
            device: status.device.map { DeviceReport($0, bay: status.bay.number) },
            problem: status.problem.map { "\($0)" })
    }
}
