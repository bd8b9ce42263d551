/// A USB class triple: class, subclass, protocol (a device's or an interface's).
public struct ClassCode: Hashable, Sendable {
    public var base: UInt8
    public var subclass: UInt8
    public var `protocol`: UInt8

    public init(_ base: UInt8, _ subclass: UInt8 = 0, _ protocol: UInt8 = 0) {
        self.base = base
        self.subclass = subclass
        self.protocol = `protocol`
    }

    /// USB class codes the drivers match by.
    public static let massStorage: UInt8 = 0x08
    public static let stillImage: UInt8 = 0x06
    public static let hub: UInt8 = 0x09
    public static let vendorSpecific: UInt8 = 0xFF
}
