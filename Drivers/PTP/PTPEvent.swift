/// An event the device sent on its interrupt endpoint: an event container (type 4) with its code, the
/// transaction it concerns and up to three parameters (ObjectAdded: the handle; DevicePropChanged: the
/// property; StoreFull: the storage id).
public struct PTPEvent: Hashable, Sendable {
    public var code: UInt16
    public var transactionID: UInt32
    public var parameters: [UInt32]

    public init(code: UInt16, transactionID: UInt32 = 0, parameters: [UInt32] = []) {
        self.code = code
        self.transactionID = transactionID
        self.parameters = parameters
    }

    /// One interrupt transfer's bytes: a whole container of the event type, at most three parameters.
    public init(parsing bytes: [UInt8]) throws(PTPError) {
        let container = try PTPContainer.decode(bytes, operation: "event")
        guard container.kind == .event else {
            throw PTPError(.unexpectedType, operation: "event", message: "\(container.kind) container on the interrupt endpoint")
        }
        guard container.parameters.count <= 3 else {
            throw PTPError(.malformedContainer, operation: "event", message: "\(container.parameters.count) parameters (at most 3)")
        }
        code = container.code
        transactionID = container.transactionID
        parameters = container.parameters
    }

    /// What the event says, for the gateway.
    public enum Meaning: Hashable, Sendable {
        case objectAdded(handle: UInt32)
        case objectRemoved(handle: UInt32)
        case devicePropChanged(property: UInt16)
        case storeFull(storage: UInt32)
        case storageInfoChanged(storage: UInt32)
        case other(UInt16)
    }

    public var meaning: Meaning {
        let first = parameters.first ?? 0
        switch code {
        case PTPEventCode.objectAdded: return .objectAdded(handle: first)
        case PTPEventCode.objectRemoved: return .objectRemoved(handle: first)
        case PTPEventCode.devicePropChanged: return .devicePropChanged(property: UInt16(truncatingIfNeeded: first))
        case PTPEventCode.storeFull: return .storeFull(storage: first)
        case PTPEventCode.storageInfoChanged: return .storageInfoChanged(storage: first)
        default: return .other(code)
        }
    }
}
