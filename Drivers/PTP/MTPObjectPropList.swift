/// The ObjectPropList dataset (GetObjectPropList, MTP 1.1 §5.4.1): a UINT32 count of elements, each an object
/// handle (UINT32), a property code (UINT16), a data type (UINT16) and the value in that type.
public struct MTPObjectPropList: Hashable, Sendable {
    public struct Element: Hashable, Sendable {
        public var handle: UInt32
        public var property: UInt16
        public var type: UInt16
        public var value: MTPPropertyValue

        public init(handle: UInt32, property: UInt16, type: UInt16, value: MTPPropertyValue) {
            self.handle = handle
            self.property = property
            self.type = type
            self.value = value
        }
    }

    public var elements: [Element]

    public init(elements: [Element]) { self.elements = elements }

    /// Parses the dataset strictly: every element whole, nothing left over. A count larger than the bytes
    /// could hold (an element takes at least 9 bytes) is refused before anything is allocated.
    public init(parsing bytes: [UInt8]) throws(PTPError) {
        let op = "GetObjectPropList"
        var r = PTPDataReader(bytes, operation: op)
        let count = Int(try r.u32("NumberOfElements"))
        guard count <= r.remaining / 9 else {
            throw PTPError(.shortData, operation: op, message: "\(count) elements do not fit in \(r.remaining) bytes")
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for i in 0..<count {
            let handle = try r.u32("element \(i) ObjectHandle")
            let property = try r.u16("element \(i) PropertyCode")
            let type = try r.u16("element \(i) Datatype")
            let value = try MTPPropertyValue.read(type, from: &r, "element \(i) value (property 0x\(hex(property)))")
            elements.append(Element(handle: handle, property: property, type: type, value: value))
        }
        guard r.remaining == 0 else {
            throw PTPError(.shortData, operation: op, message: "\(r.remaining) bytes after the last element")
        }
        self.elements = elements
    }

    /// The first value of `property` for `handle`.
    public func value(_ property: UInt16, of handle: UInt32) -> MTPPropertyValue? {
        elements.first { $0.handle == handle && $0.property == property }?.value
    }
}

/// What the driver knows of an object from MTP's properties: the 64-bit size, the name, the dates, and the
/// persistent identifier (nil for what the device did not give).
public struct MTPObjectFacts: Hashable, Sendable {
    public var size: UInt64?
    public var filename: String?
    public var dateCreated: String?
    public var dateModified: String?
    /// The 16 bytes of PersistentUniqueObjectIdentifier.
    public var persistentID: [UInt8]?

    public init(size: UInt64? = nil, filename: String? = nil, dateCreated: String? = nil, dateModified: String? = nil,
                persistentID: [UInt8]? = nil) {
        self.size = size
        self.filename = filename
        self.dateCreated = dateCreated
        self.dateModified = dateModified
        self.persistentID = persistentID
    }

    /// The facts of `handle` in a property list.
    public init(_ list: MTPObjectPropList, handle: UInt32) {
        size = list.value(MTPObjectProperty.objectSize, of: handle)?.unsignedValue
        filename = list.value(MTPObjectProperty.objectFileName, of: handle)?.stringValue
        dateCreated = list.value(MTPObjectProperty.dateCreated, of: handle)?.stringValue
        dateModified = list.value(MTPObjectProperty.dateModified, of: handle)?.stringValue
        if case .wide(let id)? = list.value(MTPObjectProperty.persistentUniqueObjectIdentifier, of: handle) {
            persistentID = id
        }
    }
}
