/// MTP's operation, property, data-type and event codes this driver uses (MTP 1.1 over PTP's transport;
/// checked against libmtp's `ptp.h`; see README.md here).
public enum MTPOperation {
    /// GetObjectPropValue: handle, property → the value (its type is the property's).
    public static let getObjectPropValue: UInt16 = 0x9803
    /// GetObjectPropList: handle (0xFFFFFFFF all), format, property (0xFFFFFFFF all), group, depth.
    public static let getObjectPropList: UInt16 = 0x9805
    /// Android's GetPartialObject64: handle, offset low, offset high, max bytes → bytes sent.
    public static let getPartialObject64: UInt16 = 0x95C1

    public static func name(_ code: UInt16) -> String? {
        switch code {
        case getObjectPropValue: "GetObjectPropValue"
        case getObjectPropList: "GetObjectPropList"
        case getPartialObject64: "GetPartialObject64"
        default: nil
        }
    }
}

/// Object property codes (MTP 1.1 §5.3.2).
public enum MTPObjectProperty {
    public static let storageID: UInt16 = 0xDC01
    public static let objectFormat: UInt16 = 0xDC02
    /// UINT64: the object's size, whatever ObjectInfo's 32-bit field says.
    public static let objectSize: UInt16 = 0xDC04
    public static let objectFileName: UInt16 = 0xDC07
    /// DateTime strings, as PTP's.
    public static let dateCreated: UInt16 = 0xDC08
    public static let dateModified: UInt16 = 0xDC09
    public static let parentObject: UInt16 = 0xDC0B
    /// UINT128: an identifier the device keeps for the object across sessions.
    public static let persistentUniqueObjectIdentifier: UInt16 = 0xDC41
}

/// PTP data type codes (ISO 15740 §5.3, MTP 1.1 §3.2): integers by width, arrays as 0x4000 | element, strings.
public enum PTPDataType {
    public static let int8: UInt16 = 0x0001, uint8: UInt16 = 0x0002
    public static let int16: UInt16 = 0x0003, uint16: UInt16 = 0x0004
    public static let int32: UInt16 = 0x0005, uint32: UInt16 = 0x0006
    public static let int64: UInt16 = 0x0007, uint64: UInt16 = 0x0008
    public static let int128: UInt16 = 0x0009, uint128: UInt16 = 0x000A
    public static let arrayFlag: UInt16 = 0x4000
    public static let string: UInt16 = 0xFFFF

    /// The byte width of an integer type (1, 2, 4, 8 or 16), nil for other codes.
    public static func width(_ type: UInt16) -> Int? {
        switch type {
        case int8, uint8: 1
        case int16, uint16: 2
        case int32, uint32: 4
        case int64, uint64: 8
        case int128, uint128: 16
        default: nil
        }
    }
}

/// Event codes the driver reads from the interrupt endpoint (ISO 15740 §12.5).
public enum PTPEventCode {
    public static let objectAdded: UInt16 = 0x4002
    public static let objectRemoved: UInt16 = 0x4003
    public static let devicePropChanged: UInt16 = 0x4006
    public static let storeFull: UInt16 = 0x400A
    public static let storageInfoChanged: UInt16 = 0x400C
}

/// The still-image class's control requests (PTP over USB §5.2).
public enum PTPClassRequest {
    /// Cancel (host to device, 6 bytes: code 0x4001, the transaction id).
    public static let cancel: UInt8 = 0x64
    /// Device Reset (host to device, no data): the device drops its transactions and closes the session.
    public static let deviceReset: UInt8 = 0x66
    /// Get Device Status (device to host): length, a response code (0x2001 ready, 0x2019 busy), endpoints halted.
    public static let getDeviceStatus: UInt8 = 0x67
}

/// MTP's vendor extension in DeviceInfo: VendorExtensionID 6 (Microsoft) and a description naming
/// `microsoft.com: 1.0`.
public enum MTPExtension {
    public static let vendorExtensionID: UInt32 = 6
    public static let descriptionPrefix = "microsoft.com"
}

extension PTPDeviceInfo {
    /// Whether the device speaks MTP: Microsoft's vendor extension id, or its description (some devices
    /// give one and not the other).
    public var isMTP: Bool {
        vendorExtensionID == MTPExtension.vendorExtensionID
            || vendorExtensionDescription.lowercased().contains(MTPExtension.descriptionPrefix)
    }
}
