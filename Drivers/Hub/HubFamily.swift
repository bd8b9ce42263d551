import DeviceKit

/// USB hubs (device class 9): a docking station's bays are hub ports.
///
/// Capabilities: bays (``BayConfiguration``), port status and port power (``Hub``: hub class requests).
public struct HubFamily: DeviceDriver {
    public init() {}

    public var name: String { "hub" }
    public var kind: DeviceKind { .hub }
    public var capabilities: DriverCapabilities { [.bays, .portStatus, .portPower] }
    public var models: [DeviceModel] { Self.modelTable }
    public var classMatches: [ClassMatch] { [ClassMatch(.device, ClassCode.hub)] }
}
