import Gateway

/// Something done to a device when it arrives, before its offload, on the offload's own thread (it may
/// block): e.g. reading and setting a camera's clock. A step that fails is logged; the offload still runs,
/// since the recordings matter more than the step.
public protocol DockStep: Sendable {
    /// For logs (`clock at dock`).
    var name: String { get }
    /// Whether the step applies to this arrival (a camera's clock: cameras only).
    func applies(to arrival: Arrival) -> Bool
    func run(_ arrival: Arrival, gateway: Gateway) throws
}
