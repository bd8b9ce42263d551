/// The DeviceInfo dataset (GetDeviceInfo, ISO 15740 §5.5.1).
public struct PTPDeviceInfo: Hashable, Sendable {
    /// 100 for PTP 1.00.
    public var standardVersion: UInt16
    public var vendorExtensionID: UInt32
    public var vendorExtensionVersion: UInt16
    public var vendorExtensionDescription: String
    public var functionalMode: UInt16
    public var operationsSupported: [UInt16]
    public var eventsSupported: [UInt16]
    public var devicePropertiesSupported: [UInt16]
    public var captureFormats: [UInt16]
    public var imageFormats: [UInt16]
    public var manufacturer: String
    public var model: String
    public var deviceVersion: String
    public var serialNumber: String

    public init(standardVersion: UInt16 = 100, vendorExtensionID: UInt32 = 0, vendorExtensionVersion: UInt16 = 0,
                vendorExtensionDescription: String = "", functionalMode: UInt16 = 0, operationsSupported: [UInt16],
                eventsSupported: [UInt16] = [], devicePropertiesSupported: [UInt16], captureFormats: [UInt16] = [],
                imageFormats: [UInt16] = [], manufacturer: String, model: String, deviceVersion: String,
                serialNumber: String) {
        self.standardVersion = standardVersion
        self.vendorExtensionID = vendorExtensionID
        self.vendorExtensionVersion = vendorExtensionVersion
        self.vendorExtensionDescription = vendorExtensionDescription
        self.functionalMode = functionalMode
        self.operationsSupported = operationsSupported
        self.eventsSupported = eventsSupported
        self.devicePropertiesSupported = devicePropertiesSupported
        self.captureFormats = captureFormats
        self.imageFormats = imageFormats
        self.manufacturer = manufacturer
        self.model = model
        self.deviceVersion = deviceVersion
        self.serialNumber = serialNumber
    }

    public init(parsing bytes: [UInt8]) throws(PTPError) {
        var r = PTPDataReader(bytes, operation: "GetDeviceInfo")
        standardVersion = try r.u16("StandardVersion")
        vendorExtensionID = try r.u32("VendorExtensionID")
        vendorExtensionVersion = try r.u16("VendorExtensionVersion")
        vendorExtensionDescription = try r.string("VendorExtensionDesc")
        functionalMode = try r.u16("FunctionalMode")
        operationsSupported = try r.u16Array("OperationsSupported")
        eventsSupported = try r.u16Array("EventsSupported")
        devicePropertiesSupported = try r.u16Array("DevicePropertiesSupported")
        captureFormats = try r.u16Array("CaptureFormats")
        imageFormats = try r.u16Array("ImageFormats")
        manufacturer = try r.string("Manufacturer")
        model = try r.string("Model")
        deviceVersion = try r.string("DeviceVersion")
        serialNumber = try r.string("SerialNumber")
    }

    /// The dataset's bytes.
    public func encoded() throws(PTPError) -> [UInt8] {
        var b: [UInt8] = []
        b.appendLE(standardVersion)
        b.appendLE(vendorExtensionID)
        b.appendLE(vendorExtensionVersion)
        b += try PTPDataWriter.string(vendorExtensionDescription)
        b.appendLE(functionalMode)
        for array in [operationsSupported, eventsSupported, devicePropertiesSupported, captureFormats, imageFormats] {
            b.appendLE(UInt32(array.count))
            for v in array { b.appendLE(v) }
        }
        for s in [manufacturer, model, deviceVersion, serialNumber] { b += try PTPDataWriter.string(s) }
        return b
    }

    public func supports(operation code: UInt16) -> Bool { operationsSupported.contains(code) }
    public func supports(property code: UInt16) -> Bool { devicePropertiesSupported.contains(code) }
}
