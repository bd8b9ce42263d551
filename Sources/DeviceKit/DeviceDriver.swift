/// A driver for one family of devices (recorders, cameras, docks): the contract of DESIGN.md.
///
/// Drivers are values listed explicitly in a ``DriverRegistry``; nothing is loaded at run time.
public protocol DeviceDriver: Sendable {
    /// A stable name, used in reports and scripts (`mass-storage`, `ambarella`, `ptp`, `hub`).
    var name: String { get }
    /// The sort of device the driver handles when no model-table entry says more.
    var kind: DeviceKind { get }
    /// What the driver's code does today, no more.
    var capabilities: DriverCapabilities { get }
    /// The models the driver knows by VID:PID.
    var models: [DeviceModel] { get }
    /// Classes the driver claims devices by (scored ``ProbeScore/classMatch`` by the standard probe).
    var classMatches: [ClassMatch] { get }
    /// Vendors whose devices the driver claims when nothing better matches (``ProbeScore/vendorOnly``).
    var vendorClaims: [VendorClaim] { get }

    /// How well the driver matches the device; nil when not at all.
    func probe(_ candidate: DeviceCandidate) -> ProbeScore?

    /// The device's serial by the driver's one rule, as far as it can be told over USB (the same rule its
    /// sessions use, ``DeviceSession/serial(naming:)``); nil when only the device's volume tells it.
    func serial(of candidate: DeviceCandidate) -> String?

    /// Opens a session with the device at `target`. Throws ``DeviceSessionError/Code/unsupported`` for a
    /// target the driver cannot open.
    func openSession(_ target: SessionTarget, options: SessionOptions) throws -> any DeviceSession
}

extension DeviceDriver {
    public var classMatches: [ClassMatch] { [] }
    public var vendorClaims: [VendorClaim] { [] }

    /// The model-table entry for the candidate's VID:PID.
    public func model(for candidate: DeviceCandidate) -> DeviceModel? {
        models.first { $0.vendorID == candidate.vendorID && $0.productID == candidate.productID }
    }

    /// The standard probe: exact VID:PID in the model table, else a class the driver claims, else a vendor
    /// it claims.
    public func standardScore(_ candidate: DeviceCandidate) -> ProbeScore? {
        if model(for: candidate) != nil { return .exactModel }
        if classMatches.contains(where: { $0.matches(candidate) }) { return .classMatch }
        if vendorClaims.contains(where: { $0.matches(candidate) }) { return .vendorOnly }
        return nil
    }

    public func probe(_ candidate: DeviceCandidate) -> ProbeScore? { standardScore(candidate) }

    /// The USB serial string, for drivers whose devices tell nothing better.
    public func serial(of candidate: DeviceCandidate) -> String? { candidate.serial }

    public func openSession(_ target: SessionTarget, options: SessionOptions) throws -> any DeviceSession {
        throw DeviceSessionError(.unsupported, call: "open", path: "\(target)",
                                 message: "the \(name) driver opens no device sessions")
    }
}
