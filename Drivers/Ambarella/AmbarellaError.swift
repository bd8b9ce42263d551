/// A failure of the recorder's own protocol: which operation, what went wrong, and the error underneath.
/// Never carries the password: messages name where it is configured, not what it is.
public struct AmbarellaError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The recorder refused the password. Not retried: recorders may lock out after a few tries.
        case loginRefused
        /// No password is configured for the recorder (the message names the key).
        case noPassword
        /// The recorder answers that it is already in storage mode.
        case alreadyInStorageMode
        /// The recorder does not know the command (it answered ERR to it).
        case unknownCommand
        /// A reply that is not one, or not the one asked for.
        case badReply
        /// A USB transfer failed.
        case usb
        /// No recorder at the port, or none of this family.
        case notFound
    }

    public var code: Code
    /// The command or request (`Gdv`, `login`, `ATH`, …).
    public var operation: String
    public var message: String
    /// The device's serial as USB tells it, when known (a refused login is audited under it).
    public var device: String?

    public init(_ code: Code, operation: String, message: String, device: String? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.device = device
    }

    public var description: String { "\(operation): \(message)" }
}
