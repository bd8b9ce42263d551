import Foundation
import Presentation

extension Pages {
    /// The clip search: a GET form (`#clip-search`) with the filters, the results (`#clip-results
    /// tr[data-clip-id]`) and, when there are more, a next-page link (`#next-page`) carrying the same
    /// filters and the page's cursor.
    public static func clips(_ page: ClipPage, filters: ClipFilters, context: PageContext) -> Page {
        let c = context
        func text(_ name: String, _ label: Strings, _ value: String?, placeholder: String = "") -> String {
            "<label>\(c.t(label))<input type=\"text\" name=\"\(name)\" value=\"\(HTML.escape(value ?? ""))\""
                + (placeholder.isEmpty ? "" : " placeholder=\"\(HTML.escape(placeholder))\"") + "></label>"
        }
        // A time needs its offset: the placeholder shows the gateway zone's (on a fixed day, so a page
        // renders the same whenever it is rendered).
        let offset = WallClock(zone: c.zone).offsetName(at: Date(timeIntervalSince1970: 1_793_755_800))
        let example = "2026-11-03T09:30:00" + (offset == "UTC" ? "Z" : offset)
        func select(_ name: String, _ label: Strings, _ value: String?, _ options: [String], any: Strings = .any) -> String {
            var html = "<label>\(c.t(label))<select name=\"\(name)\"><option value=\"\">\(c.t(any))</option>"
            for option in options {
                html += "<option value=\"\(HTML.escape(option))\"\(option == value ? " selected" : "")>\(ClipLabel.text(option, c))</option>"
            }
            // A value the form does not offer (typed into the address) is still shown, not dropped.
            if let value, !value.isEmpty, !options.contains(value) {
                html += "<option value=\"\(HTML.escape(value))\" selected>\(HTML.escape(value))</option>"
            }
            return html + "</select></label>"
        }
        var body = "<form id=\"clip-search\" class=\"filters\" method=\"get\" action=\"/clips\">\n"
        body += text("device", .device, filters.device) + text("officer", .officer, filters.officer)
            + text("case", .caseID, filters.caseID) + text("step", .step, filters.step)
            + text("from", .from, filters.from, placeholder: example) + text("to", .to, filters.to, placeholder: example) + "\n"
            + select("kind", .kind, filters.kind, ClipFilters.kinds)
            + select("integrity", .integrity, filters.integrity, ClipFilters.integrities)
            + select("status", .clipStatus, filters.status, ClipFilters.statuses)
            + select("sort", .sort, filters.sort, ClipFilters.sorts, any: .sortDefault) + "\n"
        if c.language != .zh { body += "<input type=\"hidden\" name=\"lang\" value=\"\(c.language.rawValue)\">" }
        body += "<div class=\"actions\"><button type=\"submit\">\(c.t(.search))</button> <a href=\"/clips\">\(c.t(.reset))</a></div>\n</form>\n"

        body += "<div class=\"table-wrap\"><table id=\"clip-results\"><thead><tr><th>\(c.t(.recorded))</th><th>\(c.t(.device))</th>"
            + "<th>\(c.t(.officer))</th><th>\(c.t(.fileName))</th><th>\(c.t(.kind))</th><th>\(c.t(.size))</th>"
            + "<th>\(c.t(.integrity))</th><th>\(c.t(.clipStatus))</th></tr></thead><tbody>\n"
        for clip in page.clips {
            let href = "/clips/\(HTML.urlComponent(clip.id))"
            body += "<tr data-clip-id=\"\(HTML.escape(clip.id))\" data-status=\"\(HTML.escape(clip.status))\">"
                + "<td>\(recordedTime(clip, context: c))</td><td>\(serialLink(clip.device))</td>"
                + "<td>\(HTML.escape(clip.officer ?? "—"))</td>"
                + "<td><a href=\"\(HTML.escape(href))\">\(HTML.escape(clip.source_name))</a></td>"
                + "<td>\(ClipLabel.text(clip.kind, c))</td><td class=\"n\">\(HTML.escape(Quantity.bytes(clip.size)))</td>"
                + "<td>\(integrityBadge(clip.integrity, context: c))</td>"
                + "<td>\(ClipLabel.text(clip.status, c))\(clip.locked ? " <span class=\"badge\" data-status=\"locked\">\(c.t(.locked))</span>" : "")</td></tr>\n"
        }
        if page.clips.isEmpty { body += "<tr><td colspan=\"8\" class=\"empty\">\(c.t(.noClips))</td></tr>\n" }
        body += "</tbody></table></div>\n"
        if let cursor = page.next_cursor {
            var items = filters.items
            if c.language != .zh { items.append(("lang", c.language.rawValue)) }
            items.append(("cursor", cursor))
            body += "<p class=\"pager\"><a id=\"next-page\" rel=\"next\" href=\"/clips?\(HTML.escape(HTML.query(items)))\">\(c.t(.nextPage))</a></p>\n"
        }
        return Layout.page(title: c.raw(.navClips), section: .clips, pageID: "clips", context: c, body: body)
    }

    /// The corrected recording time, else the device's own (marked), else a dash.
    static func recordedTime(_ clip: ClipSummary, context c: PageContext) -> String {
        if let start = clip.recorded_start { return c.time(start) }
        if let start = clip.device_start {
            return "\(c.time(start)) <span class=\"uncorrected\" title=\"\(c.t(.uncorrectedHint))\">\(c.t(.uncorrected))</span>"
        }
        return "—"
    }

    static func integrityBadge(_ integrity: String?, context c: PageContext) -> String {
        guard let integrity else { return "<span class=\"badge\" data-status=\"unknown\">\(c.t(.notProbed))</span>" }
        let status = integrity == "ok" ? "ok" : "fault"
        return "<span class=\"badge\" data-status=\"\(status)\" data-integrity=\"\(HTML.escape(integrity))\">\(ClipLabel.text(integrity, c))</span>"
    }
}
