extension Pages {
    /// An error in the dashboard's frame: 400 (bad request), 403 (the role may not), 404 (no such
    /// thing), or any other status, with the message the web layer gives.
    public static func error(status: Int, message: String, context: PageContext) -> Page {
        let c = context
        let title: Strings = switch status {
        case 400: .error400
        case 401: .error401
        case 403: .error403
        case 404: .error404
        default: .errorOther
        }
        let body = """
            <section class="card error-page" id="error" data-status="\(status)">
            <p class="status">\(status)</p>
            <p id="error-message">\(HTML.escape(message))</p>
            <p><a href="/">\(c.t(.backHome))</a></p>
            </section>

            """
        return Layout.page(title: c.raw(title), section: nil, pageID: "error", context: c, body: body)
    }
}
