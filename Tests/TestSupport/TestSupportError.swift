/// A fixture could not be made: the message says which command or file, and why.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
