/// A class a driver claims devices by: the device's own class (hubs) or any interface's class (mass
/// storage, still image). Subclass and protocol are optional; nil matches any.
///
/// Drivers declare these as data so that the probe and the udev rules (deploy/) come from one place.
public struct ClassMatch: Hashable, Sendable {
    public enum Scope: Hashable, Sendable { case device, interface }

    public var scope: Scope
    public var base: UInt8
    public var subclass: UInt8?
    public var `protocol`: UInt8?

    public init(_ scope: Scope, _ base: UInt8, subclass: UInt8? = nil, protocol: UInt8? = nil) {
        self.scope = scope
        self.base = base
        self.subclass = subclass
        self.protocol = `protocol`
    }

    public func matches(_ code: ClassCode) -> Bool {
        code.base == base && (subclass.map { $0 == code.subclass } ?? true)
            && (self.protocol.map { $0 == code.protocol } ?? true)
    }

    public func matches(_ candidate: DeviceCandidate) -> Bool {
        switch scope {
        case .device: matches(candidate.deviceClass)
        case .interface: candidate.interfaces.contains { matches($0) }
        }
    }
}
