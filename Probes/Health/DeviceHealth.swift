import Foundation

/// One device's health: every probe's result and the worst of them. The document `recgate devices
/// --health --json` prints, one per device (and what a status endpoint serves).
public struct DeviceHealth: Sendable, Hashable, Codable {
    public var serial: String
    public var model: String?
    /// The driver profile that last handled the device.
    public var profile: String
    /// The worst status among the probes that know: a fact the device never reported (`unknown`) does
    /// not make a sound device look worse. `unknown` only when no probe knows anything.
    public var status: HealthStatus
    public var probes: [ProbeResult]

    public init(serial: String, model: String?, profile: String, probes: [ProbeResult]) {
        self.serial = serial
        self.model = model
        self.profile = profile
        self.probes = probes
        status = probes.map(\.status).filter { $0 != .unknown }.max() ?? .unknown
    }

    /// The result of the probe named `name`.
    public func result(_ name: String) -> ProbeResult? { probes.first { $0.probe == name } }

    enum CodingKeys: String, CodingKey { case serial, model, profile, status, probes }

    /// Every field is written, nulls included, so scripts can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(serial, forKey: .serial)
        try c.encode(model, forKey: .model)
        try c.encode(profile, forKey: .profile)
        try c.encode(status, forKey: .status)
        try c.encode(probes, forKey: .probes)
    }
}
