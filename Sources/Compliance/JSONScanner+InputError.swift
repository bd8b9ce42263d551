import DeviceKit

extension JSONScanner.SyntaxError {
    /// The syntax error as one of a file's problems, with its place.
    var inputError: InputError {
        InputError(.syntax, SourcePlace(line: line, column: column, field: path.description), message)
    }
}
