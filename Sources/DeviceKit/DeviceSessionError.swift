/// An error of a device session: what failed, on which file, and why. The offload turns it into its own
/// error (`OffloadError`), the one place errno values are read (``errno``).
public struct DeviceSessionError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The session does not support the operation.
        case unsupported
        case notFound
        /// The device's file changed since it was listed, or while it was read.
        case sourceChanged
        case readFailed
        /// A read broke off mid-recording and the device cannot go on from there: the recording must be read
        /// again from its first byte (the bytes taken so far are not the recording).
        case interrupted
        case io
        case invalidArgument
        /// The device says it is another device than the one named.
        case deviceConflict
        /// A system call failed: see ``errno``.
        case system
    }

    public var code: Code
    /// The system call or device operation that failed, e.g. `openat`, `GetObject`.
    public var call: String
    public var path: String?
    public var message: String
    /// The errno value, for ``Code/system``.
    public var errno: Int32?

    public init(_ code: Code, call: String, path: String? = nil, message: String) {
        self.code = code
        self.call = call
        self.path = path
        self.message = message
    }

    /// A failed system call, its errno to be told in words by the offload.
    public static func system(_ value: Int32, call: String, path: String?) -> DeviceSessionError {
        var error = DeviceSessionError(.system, call: call, path: path, message: "errno \(value)")
        error.errno = value
        return error
    }

    public var description: String {
        if let path { return "\(path): \(message) (\(call))" }
        return "\(message) (\(call))"
    }
}
