import DeviceKit

/// Body recorders on Ambarella chips in their own USB mode, before they are switched to mass storage
/// (README.md in this folder: vendor control requests on endpoint 0, or `@CMD;…#` ASCII commands over bulk
/// endpoints, told apart by the interface; ``AmbarellaVariant``).
///
/// Capabilities, each tested against emulated recorders of both variants through libusb
/// (Tests/USBTests/AmbarellaRecorderTests.swift): identify (the ASCII variant's device id, else the USB
/// serial string), log in with the configured password, and switch to mass storage; the ASCII variant also
/// reads device and officer information (GBK), the battery, and sets the date and time. No command is known
/// that reads the clock, so `read_clock` is never declared. Sessions: ``AmbarellaSession``, each supporting
/// only what its variant has.
public struct AmbarellaFamily: DeviceDriver {
    public init() {}

    public var name: String { "ambarella" }
    public var kind: DeviceKind { .recorder }
    public var capabilities: DriverCapabilities { AmbarellaVariant.ascii.capabilities.union(AmbarellaVariant.control.capabilities) }
    public var models: [DeviceModel] { Self.modelTable }

    /// Other products under the vendor ID are claimed only with a vendor-specific interface, the shape of
    /// the recorders' protocol: usb.ids lists 0x4255 under GoPro (an Ambarella customer), whose cameras
    /// and photo frames are no recorders of ours, and a device that kept the vendor ID in storage mode has
    /// a mass-storage interface, which that driver claims.
    public var vendorClaims: [VendorClaim] {
        [VendorClaim(Self.vendorID, requiring: ClassMatch(.interface, ClassCode.vendorSpecific))]
    }
}
