import DeviceKit

extension PTPSession {
    /// GetDeviceInfo (0x1001); needs no session.
    public func deviceInfo() throws(PTPError) -> PTPDeviceInfo {
        try PTPDeviceInfo(parsing: dataTransaction(PTPOperation.getDeviceInfo))
    }

    /// OpenSession (0x1002), transaction id 0; a device that says its session is already open is taken at
    /// its word.
    public func openSession(id: UInt32 = 1) throws(PTPError) {
        precondition(id != 0, "session id 0 is reserved")
        do {
            try transaction(PTPOperation.openSession, parameters: [id])
        } catch where error.code == .responseNotOK && error.responseCode == PTPResponse.sessionAlreadyOpen {
        }
        sessionOpened(id)
    }

    /// CloseSession (0x1003).
    public func closeSession() throws(PTPError) {
        guard sessionID != nil else { return }
        defer { sessionOpened(nil) }
        try transaction(PTPOperation.closeSession)
    }

    /// GetDevicePropValue (0x1015): the value's bytes.
    public func propertyValue(_ property: UInt16) throws(PTPError) -> [UInt8] {
        try dataTransaction(PTPOperation.getDevicePropValue, parameters: [UInt32(property)])
    }

    /// SetDevicePropValue (0x1016).
    public func setPropertyValue(_ property: UInt16, _ value: [UInt8]) throws(PTPError) {
        try transaction(PTPOperation.setDevicePropValue, parameters: [UInt32(property)], dataOut: value)
    }

    /// BatteryLevel (0x5001, UINT8), percent.
    public func batteryLevel() throws(PTPError) -> Int {
        var r = PTPDataReader(try propertyValue(PTPProperty.batteryLevel), operation: "GetDevicePropValue(BatteryLevel)")
        return Int(try r.u8("BatteryLevel"))
    }

    /// DateTime (0x5011): the device's clock as it gives it.
    public func dateTime() throws(PTPError) -> PTPDateTime {
        let op = "GetDevicePropValue(DateTime)"
        var r = PTPDataReader(try propertyValue(PTPProperty.dateTime), operation: op)
        let text = try r.string("DateTime")
        guard let value = PTPDateTime(text) else {
            throw PTPError(.shortData, operation: op, message: "not a PTP DateTime: \(text)")
        }
        return value
    }

    /// Sets DateTime (0x5011).
    public func setDateTime(_ value: PTPDateTime) throws(PTPError) {
        try setPropertyValue(PTPProperty.dateTime,
                             try PTPDataWriter.string(value.description, operation: "SetDevicePropValue(DateTime)"))
    }

    /// GetStorageIDs (0x1004).
    public func storageIDs() throws(PTPError) -> [UInt32] {
        var r = PTPDataReader(try dataTransaction(PTPOperation.getStorageIDs), operation: "GetStorageIDs")
        return try r.u32Array("StorageIDs")
    }

    /// GetStorageInfo (0x1005).
    public func storageInfo(_ storage: UInt32) throws(PTPError) -> PTPStorageInfo {
        try PTPStorageInfo(parsing: dataTransaction(PTPOperation.getStorageInfo, parameters: [storage]))
    }

    /// GetObjectHandles (0x1007): every object of `storage` (0xFFFFFFFF: all storages), of any format, in
    /// any folder unless `parent` is given (0xFFFFFFFF: the root).
    public func objectHandles(storage: UInt32 = 0xFFFF_FFFF, format: UInt16 = 0, parent: UInt32 = 0) throws(PTPError)
        -> [UInt32]
    {
        var r = PTPDataReader(try dataTransaction(PTPOperation.getObjectHandles,
                                                  parameters: [storage, UInt32(format), parent]),
                              operation: "GetObjectHandles")
        return try r.u32Array("ObjectHandles")
    }

    /// GetObjectInfo (0x1008).
    public func objectInfo(_ handle: UInt32) throws(PTPError) -> PTPObjectInfo {
        try PTPObjectInfo(parsing: dataTransaction(PTPOperation.getObjectInfo, parameters: [handle]))
    }

    /// GetObject (0x1009), streamed: the object's bytes go to `sink` one read at a time (at most
    /// ``readSize`` bytes each), never the whole object in memory. Returns the number of bytes.
    /// An error thrown by the sink ends the transfer as ``PTPError/Code/sink`` (the session is then wedged:
    /// ``reset()`` it).
    @discardableResult
    public func getObject(_ handle: UInt32, to sink: (ArraySlice<UInt8>) throws -> Void) throws(PTPError) -> Int {
        var count = 0
        try transaction(PTPOperation.getObject, parameters: [handle]) { (chunk) throws(PTPError) in
            do {
                try sink(chunk)
            } catch let error as PTPError {
                throw error
            } catch {
                throw PTPError(.sink, operation: "GetObject", message: "after \(count) bytes", cause: error)
            }
            count += chunk.count
        }
        return count
    }

    /// DeleteObject (0x100B): removes one object from the camera's storage.
    public func deleteObject(_ handle: UInt32) throws(PTPError) {
        try transaction(PTPOperation.deleteObject, parameters: [handle])
    }
}
