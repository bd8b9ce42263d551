/// An HTML page of the dashboard, rendered in full (the server sends it as it is).
public struct Page: Sendable {
    public var title: String
    public var html: String

    public init(title: String, html: String) {
        self.title = title
        self.html = html
    }
}
