import Foundation
import Presentation
import Testing

/// The clip page's hand-written JSON against Foundation's encoder with the document settings: the same
/// bytes for pages of every shape (empty, absent optionals, numbers of every form, strings that need
/// escaping), so the API and `recgate clips --json` are unchanged by it.
@Suite("Clip page JSON")
struct ClipPageJSONTests {
    static func foundation(_ page: ClipPage) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(page)
    }

    static func summary(_ n: Int, text: String = "x", correction: Double? = 0, everything: Bool = true) -> ClipSummary {
        ClipSummary(
            id: "c\(n)-\(text)", sha256: String(repeating: "ab", count: 32), sm3: everything ? String(repeating: "0f", count: 32) : nil,
            size: Int64(n) * 1_000_003 - 7, kind: n % 3 == 0 ? "photo" : "video", device: "DSJ\(n)\(text)",
            officer: everything ? "3100\(n)/\(text)" : nil, source_name: "DCIM/100MEDIA/\(text)_\(n).MP4",
            device_start: everything ? "2026-01-17T13:10:50+08:00" : nil, device_end: everything ? "2026-01-17T13:20:50+08:00" : nil,
            recorded_start: everything ? "2026-01-17T13:10:58.441+08:00" : nil, recorded_end: everything ? "2026-01-17T13:20:58.450+08:00" : nil,
            correction_s: correction, integrity: everything ? "ok" : nil, status: n % 2 == 0 ? "released" : "verified",
            locked: n % 5 == 0, stored_at: "2026-01-17T09:58:15.727Z", clock: everything ? "interpolated" : nil)
    }

    @Test func emptyPageAndOnePageWithoutCursor() throws {
        for page in [ClipPage(clips: [], next_cursor: nil), ClipPage(clips: [], next_cursor: "abc/def+=="),
                     ClipPage(clips: [Self.summary(1)], next_cursor: nil)] {
            #expect(try DocumentEncoder.encode(page) == Self.foundation(page))
        }
    }

    @Test func numbersOfEveryForm() throws {
        let corrections: [Double?] = [nil, 0, -0.0, 1, -1, 1.5, 8.440520275537894, -2.702158986542978, 1e-5, 2.5e-7, 1e15, 1e16,
                                      1e21, 123_456_789.125, 5e-324, 1.7976931348623157e308, -86_400, 0.1, 1.0 / 3.0]
        let page = ClipPage(clips: corrections.enumerated().map { Self.summary($0.offset, correction: $0.element) }, next_cursor: "n")
        #expect(try DocumentEncoder.encode(page) == Self.foundation(page))
    }

    @Test func stringsThatNeedEscapingAndAbsentOptionals() throws {
        let texts = ["plain", "quote\"d", "back\\slash", "slash/ed", "tab\there", "line\nbreak\r\n", "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}",
                     "\u{7f}del", "中文 执法记录仪", "😀 emoji", "\u{2028}\u{2029}", "", "é\u{301}"]
        let page = ClipPage(clips: texts.enumerated().map { Self.summary($0.offset, text: $0.element, everything: $0.offset % 2 == 0) },
                            next_cursor: texts.joined())
        #expect(try DocumentEncoder.encode(page) == Self.foundation(page))
    }

    @Test func numbersThatJSONCannotHoldAreRefusedAsBefore() throws {
        let page = ClipPage(clips: [Self.summary(1, correction: .nan)], next_cursor: nil)
        #expect(throws: EncodingError.self) { try DocumentEncoder.encode(page) }
    }
}
