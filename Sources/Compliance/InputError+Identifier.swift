import DeviceKit

extension InputError {
    /// The problem of an identifier field (``Identifier``'s length and characters), or nil when it is one.
    static func identifier(_ text: String, field name: String, at place: SourcePlace) -> InputError? {
        Identifier.problem(text).map { InputError(.invalidIdentifier, place, "\"\(name)\" \($0)") }
    }
}
