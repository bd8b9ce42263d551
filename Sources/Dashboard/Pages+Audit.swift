import Evidence

extension Pages {
    /// The audit trail for the legal office (`#audit-trail tr[data-seq]`): one page of entries as given
    /// (newest first, say), and when there are older ones a link to them (`#next-page`,
    /// `/audit?before=SEQ`).
    public static func audit(_ entries: [AuditEntry], olderBefore: Int?, context: PageContext) -> Page {
        let c = context
        var body = "<div class=\"table-wrap\"><table id=\"audit-trail\"><thead><tr><th>\(c.t(.seq))</th><th>\(c.t(.at))</th>"
            + "<th>\(c.t(.actor))</th><th>\(c.t(.action))</th><th>\(c.t(.object))</th><th>\(c.t(.detail))</th></tr></thead><tbody>\n"
        for entry in entries {
            body += "<tr data-seq=\"\(entry.seq)\" data-action=\"\(HTML.escape(entry.action))\"><td class=\"n\">\(entry.seq)</td>"
                + "<td>\(c.time(entry.at))</td><td>\(HTML.escape(entry.actor))</td><td><code>\(HTML.escape(entry.action))</code></td>"
                + "<td>\(objectLink(entry.object))</td><td class=\"detail\"><code>\(HTML.escape(entry.detail))</code></td></tr>\n"
        }
        if entries.isEmpty { body += "<tr><td colspan=\"6\" class=\"empty\">\(c.t(.noEntries))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        if let before = olderBefore {
            var items: [(String, String?)] = [("before", String(before))]
            if c.language != .zh { items.append(("lang", c.language.rawValue)) }
            body += "<p class=\"pager\"><a id=\"next-page\" rel=\"next\" href=\"/audit?\(HTML.escape(HTML.query(items)))\">\(c.t(.olderEntries))</a></p>\n"
        }
        return Layout.page(title: c.raw(.navAudit), section: .audit, pageID: "audit", context: c, body: body)
    }

    /// `clip:<id>` links to the clip's page; other objects are shown as they are.
    static func objectLink(_ object: String) -> String {
        if object.hasPrefix("clip:") {
            let id = String(object.dropFirst(5))
            return "<a href=\"/clips/\(HTML.escape(HTML.urlComponent(id)))\"><code>\(HTML.escape(object))</code></a>"
        }
        return "<code>\(HTML.escape(object))</code>"
    }
}
