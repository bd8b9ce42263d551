/// A vendor whose devices a driver claims when neither its model table nor its classes match
/// (scored ``ProbeScore/vendorOnly``), optionally only when the device also has a class.
public struct VendorClaim: Hashable, Sendable {
    public var vendorID: UInt16
    /// A class the device must also have (e.g. a vendor-specific interface); nil for any device.
    public var requiring: ClassMatch?

    public init(_ vendorID: UInt16, requiring: ClassMatch? = nil) {
        self.vendorID = vendorID
        self.requiring = requiring
    }

    public func matches(_ candidate: DeviceCandidate) -> Bool {
        candidate.vendorID == vendorID && (requiring?.matches(candidate) ?? true)
    }
}
