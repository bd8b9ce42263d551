/// The ObjectInfo dataset (GetObjectInfo, ISO 15740 §5.5.2), the fields the gateway uses.
///
/// Fixed offsets: StorageID 0, ObjectFormat 4, ObjectCompressedSize 8 (u32), ParentObject 38; the Filename
/// string's count byte at 52 and its characters from 53 (libgphoto2's `PTP_oi_filenamelen` /
/// `PTP_oi_Filename`), then the CaptureDate and ModificationDate strings.
public struct PTPObjectInfo: Hashable, Sendable {
    public static let filenameOffset = 52

    public var storageID: UInt32
    public var objectFormat: UInt16
    /// The size as a u32; 0xFFFFFFFF means 4 GiB or more (the size is then not known from this dataset).
    public var compressedSize: UInt32
    public var parentObject: UInt32
    public var filename: String
    public var captureDate: String
    public var modificationDate: String

    public init(storageID: UInt32, objectFormat: UInt16, compressedSize: UInt32, parentObject: UInt32,
                filename: String, captureDate: String, modificationDate: String) {
        self.storageID = storageID
        self.objectFormat = objectFormat
        self.compressedSize = compressedSize
        self.parentObject = parentObject
        self.filename = filename
        self.captureDate = captureDate
        self.modificationDate = modificationDate
    }

    public init(parsing bytes: [UInt8]) throws(PTPError) {
        var r = PTPDataReader(bytes, operation: "GetObjectInfo")
        storageID = try r.u32("StorageID")
        objectFormat = try r.u16("ObjectFormat")
        r = PTPDataReader(bytes, offset: 8, operation: "GetObjectInfo")
        compressedSize = try r.u32("ObjectCompressedSize")
        r = PTPDataReader(bytes, offset: 38, operation: "GetObjectInfo")
        parentObject = try r.u32("ParentObject")
        r = PTPDataReader(bytes, offset: Self.filenameOffset, operation: "GetObjectInfo")
        filename = try r.string("Filename")
        captureDate = try r.string("CaptureDate")
        modificationDate = try r.string("ModificationDate")
    }

    /// The dataset's bytes (other fields zero, Keywords empty).
    public func encoded() throws(PTPError) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.filenameOffset)
        func put32(_ v: UInt32, _ at: Int) { for i in 0..<4 { b[at + i] = UInt8((v >> UInt32(8 * i)) & 0xFF) } }
        put32(storageID, 0)
        b[4] = UInt8(objectFormat & 0xFF)
        b[5] = UInt8(objectFormat >> 8)
        put32(compressedSize, 8)
        put32(parentObject, 38)
        b += try PTPDataWriter.string(filename)
        b += try PTPDataWriter.string(captureDate)
        b += try PTPDataWriter.string(modificationDate)
        b += [0]  // Keywords
        return b
    }
}
