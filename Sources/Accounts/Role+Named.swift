extension Role {
    /// The role named `raw`, or ``AccountError/unknownRole(_:)`` listing the five.
    public static func named(_ raw: String) throws(AccountError) -> Role {
        guard let role = Role(rawValue: raw) else { throw .unknownRole(raw) }
        return role
    }
}
