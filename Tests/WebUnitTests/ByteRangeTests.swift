import Testing
@testable import Web

/// `Range: bytes=…` read against a file's size (RFC 9110 §14): one range served, everything else the
/// whole file, a start at or beyond the end unsatisfiable.
struct ByteRangeTests {
    @Test(arguments: [
        ("bytes=0-99", ByteRange.part(0...99)),
        ("bytes=-500", .part(500...999)),
        ("bytes=-5000", .part(0...999)),
        ("bytes=100-", .part(100...999)),
        ("bytes=999-", .part(999...999)),
        ("bytes=900-5000", .part(900...999)),
        ("bytes=0-0", .part(0...0)),
        (" bytes = 10-19", .whole),
        ("BYTES=10-19", .part(10...19)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=1000-2000", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=0-1,5-6", .whole),
        ("bytes=0-99, 200-299", .whole),
        ("bytes=abc", .whole),
        ("bytes=a-b", .whole),
        ("bytes=-", .whole),
        ("bytes=1-2-3", .whole),
        ("bytes=+1-5", .whole),
        ("bytes=99999999999999999999-", .whole),
        ("items=0-99", .whole),
        ("", .whole),
        ("bytes=5-2", .whole),
    ])
    func aHeaderAgainstAThousandBytes(header: String, expected: ByteRange) {
        #expect(ByteRange.parse(header, size: 1000) == expected, "\(header)")
    }

    @Test func noHeaderIsTheWholeFile() {
        #expect(ByteRange.parse(nil, size: 1000) == .whole)
    }

    @Test func anEmptyFileHasNoRangeToServe() {
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-10", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse(nil, size: 0) == .whole)
    }
}
