/// A value read from a file with the place it was read at, kept until validation is done so that a
/// later check (a duplicate id, an end before the start) can point at the right field.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var place: SourcePlace
}
