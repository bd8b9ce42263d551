/// The frame of every page: head (CSRF token, the one stylesheet and script), the top bar with the
/// navigation the account's role may use, the account and its logout form, the language switch.
enum Layout {
    static func page(title: String, section: Section?, pageID: String, context: PageContext, body: String) -> Page {
        let c = context
        var nav = ""
        var account = ""
        if let signedIn = c.account {
            nav = "<nav id=\"nav\" aria-label=\"\(c.t(.navigation))\">"
            for item in Section.visible(to: signedIn.role) {
                let current = item == section ? " class=\"active\" aria-current=\"page\"" : ""
                nav += "<a href=\"\(item.path)\" data-section=\"\(item.rawValue)\"\(current)>\(c.t(item.label))</a>"
            }
            nav += "</nav>"
            account = "<div class=\"account\"><span id=\"account-name\">\(HTML.escape(signedIn.name))</span>"
                + "<span class=\"role\" data-role=\"\(signedIn.role.rawValue)\">\(c.t(signedIn.role.label))</span>"
                + "<form id=\"logout-form\" method=\"post\" action=\"/logout\">\(c.csrfInput)"
                + "<button type=\"submit\" class=\"link\">\(c.t(.logout))</button></form></div>"
        }
        let other = c.language.other
        let switchLink = "<a id=\"lang-switch\" href=\"\(HTML.escape(c.path(in: other)))\" hreflang=\"\(other.tag)\" lang=\"\(other.tag)\">"
            + "\(HTML.escape(Strings.languageName.text(other)))</a>"
        let html = """
            <!DOCTYPE html>
            <html lang="\(c.language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(HTML.escape(c.csrfToken))">
            <title>\(HTML.escape(title)) · recgate</title>
            <link rel="stylesheet" href="/assets/dashboard.css">
            <script src="/assets/dashboard.js" defer></script>
            </head>
            <body data-page="\(pageID)">
            <header class="top">
            <a class="brand" href="/">recgate <small>\(c.t(.brandTagline))</small></a>
            \(nav)
            <div class="tools">\(account)\(switchLink)</div>
            </header>
            <main id="main">
            <h1>\(HTML.escape(title))</h1>
            \(body)</main>
            </body>
            </html>

            """
        return Page(title: title, html: html)
    }
}
