/// Values of clip fields for people; a value the table does not know is shown as it is.
enum ClipLabel {
    /// Escaped, in the page's language.
    static func text(_ value: String, _ c: PageContext) -> String {
        label(value).map { c.t($0) } ?? HTML.escape(value)
    }

    static func label(_ value: String) -> Strings? {
        switch value {
        case "video": .kindVideo
        case "audio": .kindAudio
        case "photo": .kindPhoto
        case "ok": .integrityOK
        case "none": .notProbed
        case "truncated": .integrityTruncated
        case "corrupt": .integrityCorrupt
        case "verified": .statusVerified
        case "released": .statusReleased
        case "-recorded": .sortRecordedNewest
        case "recorded": .sortRecordedOldest
        case "-stored": .sortStoredNewest
        case "stored": .sortStoredOldest
        default: nil
        }
    }
}
