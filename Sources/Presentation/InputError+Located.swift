import Compliance

extension InputError {
    /// `cases.csv:7:31: end: "…" has no UTC offset`, leaving out what the place does not know.
    public func located(in file: String) -> String {
        var text = file
        if let line = place.line {
            text += ":\(line)"
            if let column = place.column { text += ":\(column)" }
        }
        text += ": "
        if let field = place.field { text += "\(field): " }
        return text + message
    }
}
