extension Pages {
    /// The accounts for administrators (`#accounts tr[data-account]`): name, role, state.
    public static func accounts(_ accounts: [AccountListing], context: PageContext) -> Page {
        let c = context
        var body = "<div class=\"table-wrap\"><table id=\"accounts\"><thead><tr><th>\(c.t(.accountName))</th><th>\(c.t(.role))</th>"
            + "<th>\(c.t(.state))</th></tr></thead><tbody>\n"
        for account in accounts.sorted(by: { $0.name < $1.name }) {
            let state: Strings? = switch account.state {
            case "active": .accountActive
            case "disabled": .accountDisabled
            case "locked": .accountLocked
            default: nil
            }
            body += "<tr data-account=\"\(HTML.escape(account.name))\" data-role=\"\(account.role.rawValue)\" data-state=\"\(HTML.escape(account.state))\">"
                + "<td>\(HTML.escape(account.name))</td><td>\(c.t(account.role.label))</td>"
                + "<td>\(state.map { c.t($0) } ?? HTML.escape(account.state))</td></tr>\n"
        }
        if accounts.isEmpty { body += "<tr><td colspan=\"3\" class=\"empty\">\(c.t(.noneWord))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        return Layout.page(title: c.raw(.navAccounts), section: .accounts, pageID: "accounts", context: c, body: body)
    }
}
