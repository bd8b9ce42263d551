import CLibUSB

/// A libusb call that failed: which call, and libusb's error code.
///
/// Every libusb return code is mapped here and nowhere else (``USBError/check(_:_:)``).
public struct USBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// libusb's error codes (`enum libusb_error`), one case each.
    public enum Code: Int32, Sendable, CaseIterable {
        case io = -1
        case invalidParameter = -2
        case access = -3
        case noDevice = -4
        case notFound = -5
        case busy = -6
        case timeout = -7
        case overflow = -8
        case pipe = -9
        case interrupted = -10
        case noMemory = -11
        case notSupported = -12
        case other = -99
    }

    public var code: Code
    /// The libusb function that failed, e.g. `libusb_open`.
    public var call: String

    public init(_ code: Code, call: String) {
        self.code = code
        self.call = call
    }

    /// The error for a negative libusb return value; codes libusb does not define become `.other`.
    public init(rawCode: Int32, call: String) {
        self.init(Code(rawValue: rawCode) ?? .other, call: call)
    }

    /// libusb's own name for the code, e.g. `LIBUSB_ERROR_PIPE`.
    public var name: String { String(cString: libusb_error_name(code.rawValue)) }

    public var description: String { "\(call): \(name)" }

    /// Passes a non-negative libusb result through; turns a negative one into a `USBError`.
    @discardableResult
    @inline(__always)
    static func check(_ result: Int32, _ call: String) throws(USBError) -> Int32 {
        guard result < 0 else { return result }
        throw USBError(rawCode: result, call: call)
    }
}

extension USBError {
    /// The error for an asynchronous transfer's final status; nil when it completed.
    /// A cancelled transfer is `.interrupted`.
    init?(transferStatus status: libusb_transfer_status, call: String) {
        switch status {
        case LIBUSB_TRANSFER_COMPLETED: return nil
        case LIBUSB_TRANSFER_TIMED_OUT: self.init(.timeout, call: call)
        case LIBUSB_TRANSFER_CANCELLED: self.init(.interrupted, call: call)
        case LIBUSB_TRANSFER_STALL: self.init(.pipe, call: call)
        case LIBUSB_TRANSFER_NO_DEVICE: self.init(.noDevice, call: call)
        case LIBUSB_TRANSFER_OVERFLOW: self.init(.overflow, call: call)
        default: self.init(.io, call: call)
        }
    }
}
