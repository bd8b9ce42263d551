import DeviceKit

/// Body recorders on Ambarella chips in their own USB mode (PROTOCOLS.md: vendor control requests on
/// endpoint 0, or `@CMD;…#` ASCII commands over bulk endpoints).
///
/// Capabilities: identify only, and only from what USB tells without the protocol: the model-table entry
/// for the VID:PID and the serial string descriptor. Neither protocol variant (login, `@Gdv`, `@Sdt`/`@Stm`,
/// `@ATH`) is implemented yet, so clock, officer info and the switch to mass storage are not declared.
public struct AmbarellaFamily: DeviceDriver {
    public init() {}

    public var name: String { "ambarella" }
    public var kind: DeviceKind { .recorder }
    public var capabilities: DriverCapabilities { [.identify] }
    public var models: [DeviceModel] { Self.modelTable }

    /// Other products under the vendor ID are claimed only with a vendor-specific interface, the shape of
    /// the recorders' protocol: usb.ids lists 0x4255 under GoPro (an Ambarella customer), whose cameras
    /// and photo frames are no recorders of ours, and a device that kept the vendor ID in storage mode has
    /// a mass-storage interface, which that driver claims.
    public var vendorClaims: [VendorClaim] {
        [VendorClaim(Self.vendorID, requiring: ClassMatch(.interface, ClassCode.vendorSpecific))]
    }
}
