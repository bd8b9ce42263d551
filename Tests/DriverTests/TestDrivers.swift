import DeviceKit

/// A driver that exists only in these tests: registries of real drivers have no exact tie (the model
/// tables share no VID:PID, which `RegistryTests` checks), so ties between exact claims need test drivers.
struct TestDriver: DeviceDriver {
    var name: String
    var kind: DeviceKind = .recorder
    var capabilities: DriverCapabilities = [.identify]
    var models: [DeviceModel] = []
    var classMatches: [ClassMatch] = []
    var vendorClaims: [VendorClaim] = []
}
