import Gateway
import Logging

/// The dock step for a camera that reports its clock: read before anything sets it, set as
/// `clock_set_at_dock` says (by default only when the gateway's own clock is synchronised) and read back, its battery and
/// firmware kept (``Gateway/dock(camera:logger:gatewaySync:)``). A camera that fails it is offloaded all the same.
struct CameraClockStep: DockStep {
    let logger: Logger

    var name: String { "clock at dock" }

    func applies(to arrival: Arrival) -> Bool {
        if case .camera = arrival.source { return true }
        return false
    }

    func run(_ arrival: Arrival, gateway: Gateway) throws {
        guard case .camera(let port) = arrival.source else { return }
        var logger = logger
        logger[metadataKey: "bay"] = "\(arrival.bay.map(String.init) ?? "unknown")"
        _ = try gateway.dock(camera: port, logger: logger)
    }
}
