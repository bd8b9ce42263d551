/// Whether a step's whole process must be recorded.
public enum FullProcessRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Always, whatever the case file says.
    case always
    /// When the case file marks the step `full_process: true` (Art 11(2): activities that directly
    /// touch personal liberty, life and health, or major property; the case-handling system knows that,
    /// the step type alone does not).
    case whenMarked = "when_marked"
    /// Never (steps recorded by documents only).
    case never
}
