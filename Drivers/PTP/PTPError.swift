import USB

/// A PTP operation that failed: which operation, what went wrong (an extensible ``Code``), a message, and
/// the error underneath when there is one (a ``USBError`` for transfers).
///
/// Modelled on swift-nio's `FileSystemError`: one error type with a code callers can switch on, the
/// operation named, and the cause kept.
public struct PTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. A struct, not an enum, so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case malformedContainer, unexpectedType, wrongTransactionID, responseNotOK, shortData, usb
            case noInterface, invalidArgument, sink
        }

        let base: Base
        init(_ base: Base) { self.base = base }

        /// A container whose header or length does not hold together (too short, length field wrong,
        /// unknown type, too many parameters).
        public static let malformedContainer = Code(.malformedContainer)
        /// A container of another type than the phase expects (e.g. data where the response was due).
        public static let unexpectedType = Code(.unexpectedType)
        /// A container for another transaction, or another operation code.
        public static let wrongTransactionID = Code(.wrongTransactionID)
        /// The device answered with a response code other than OK (0x2001); see ``PTPError/responseCode``.
        public static let responseNotOK = Code(.responseNotOK)
        /// A dataset shorter than its fields, or a value that does not parse.
        public static let shortData = Code(.shortData)
        /// A USB transfer failed; the ``USBError`` is the ``PTPError/cause``.
        public static let usb = Code(.usb)
        /// The device has no still-image interface (6/1/1) with bulk IN, bulk OUT and interrupt IN endpoints.
        public static let noInterface = Code(.noInterface)
        /// The caller asked for something the protocol cannot carry.
        public static let invalidArgument = Code(.invalidArgument)
        /// The sink a data phase was streamed to failed; its error is the ``PTPError/cause``.
        public static let sink = Code(.sink)

        public var description: String {
            switch base {
            case .malformedContainer: "malformed container"
            case .unexpectedType: "unexpected container type"
            case .wrongTransactionID: "wrong transaction"
            case .responseNotOK: "response not OK"
            case .shortData: "short data"
            case .usb: "USB error"
            case .noInterface: "no PTP interface"
            case .invalidArgument: "invalid argument"
            case .sink: "sink failed"
            }
        }
    }

    public var code: Code
    /// The PTP operation (`GetDeviceInfo`, `GetObject`, …) or step that failed.
    public var operation: String
    public var message: String
    /// The response code, for ``Code/responseNotOK``.
    public var responseCode: UInt16?
    /// The error underneath (a ``USBError`` for ``Code/usb``).
    public var cause: (any Error)?

    public init(_ code: Code, operation: String, message: String, responseCode: UInt16? = nil,
                cause: (any Error)? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.responseCode = responseCode
        self.cause = cause
    }

    /// The USB error underneath, when the failure was a transfer.
    public var usbError: USBError? { cause as? USBError }

    public var description: String {
        var text = "\(operation): \(code): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }

    static func usb(_ error: USBError, _ operation: String, _ phase: String) -> PTPError {
        PTPError(.usb, operation: operation, message: "\(phase) failed", cause: error)
    }
}
