import DeviceKit
import Accounts
import Compliance
import Foundation
import Presentation

/// What every page needs besides its document: the language, who is signed in, the CSRF token the
/// web layer checks on every form that changes something, the request's path (for the language
/// switch) and the zone times are shown in.
public struct PageContext: Sendable {
    public struct Account: Sendable, Hashable {
        public var name: String
        public var role: Role

        public init(name: String, role: Role) {
            self.name = name
            self.role = role
        }
    }

    public var language: Language
    /// Nil on the login page and on errors shown before sign-in: no navigation, no logout form.
    public var account: Account?
    public var csrfToken: String
    /// The request's path and query (`/clips?device=A1`); the language switch links to it with `lang` set.
    public var path: String
    /// The gateway's zone: times of documents (RFC 3339) are shown on its wall clock.
    public var zone: TimeZone

    public init(language: Language, account: Account?, csrfToken: String, path: String = "/",
                zone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.language = language
        self.account = account
        self.csrfToken = csrfToken
        self.path = path
        self.zone = zone
    }

    /// A label in the page's language, escaped.
    func t(_ text: Strings) -> String { HTML.escape(text.text(language)) }

    /// A label in the page's language, not yet escaped (for building attribute values or joining).
    func raw(_ text: Strings) -> String { text.text(language) }

    /// A document time (RFC 3339) as `<time>` on the gateway's wall clock; the text as it is when it is
    /// not RFC 3339.
    func time(_ text: String?) -> String {
        guard let text else { return "—" }
        guard case .success(let date) = RFC3339.parse(text) else { return HTML.escape(text) }
        return time(date)
    }

    func time(_ date: Date) -> String {
        "<time datetime=\"\(HTML.escape(RFC3339.string(date)))\">\(HTML.escape(WallClock(zone: zone).text(date)))</time>"
    }

    /// The hidden input every state-changing form carries.
    var csrfInput: String { "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.escape(csrfToken))\">" }

    /// The current path with `lang` set to `language` (other query items kept).
    func path(in language: Language) -> String {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts.first.map(String.init) ?? "/"
        var items = parts.count > 1 ? parts[1].split(separator: "&").map(String.init) : []
        items.removeAll { $0 == "lang" || $0.hasPrefix("lang=") }
        items.append("lang=\(language.rawValue)")
        return (base.isEmpty ? "/" : base) + "?" + items.joined(separator: "&")
    }
}
