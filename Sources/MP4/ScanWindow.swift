/// Buffered random access to a byte range of a file (the media data being scanned). Scanning looks at a
/// few bytes at nearby offsets, forwards and a little backwards; reading them one pread at a time would
/// be thousands of system calls a second, so a window of the file is kept and moved as the scan advances.
final class ScanWindow {
    let file: ReadOnlyFile
    /// The scan never reads at or past this offset (the end of `mdat`, or of the file if sooner).
    let end: Int64
    private var start: Int64 = 0
    private var buffer: [UInt8] = []
    private let windowSize: Int
    /// How far back of a requested offset a reload starts: frame checks look at the byte before an offset.
    private static let backMargin: Int64 = 4096

    init(file: ReadOnlyFile, end: Int64, windowSize: Int = 1 << 20) {
        self.file = file
        self.end = min(end, file.size)
        self.windowSize = windowSize
    }

    /// Up to `count` bytes from `offset` (fewer near `end`; empty outside the range).
    func bytes(at offset: Int64, count: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, offset < end, count > 0 else { return [] }
        let wanted = Int(min(Int64(count), end - offset))
        if offset < start || offset + Int64(wanted) > start + Int64(buffer.count) {
            let newStart = max(0, offset - Self.backMargin)
            let length = Int(min(Int64(max(windowSize, wanted + Int(Self.backMargin))), end - newStart))
            buffer = try file.read(at: newStart, count: length)
            start = newStart
        }
        let lower = Int(offset - start)
        let upper = min(lower + wanted, buffer.count)
        guard lower < upper else { return [] }
        return buffer[lower..<upper]
    }

    func byte(at offset: Int64) throws -> UInt8? {
        try bytes(at: offset, count: 1).first
    }

    /// A big-endian unsigned integer of `size` bytes (1...8), or nil past the end.
    func unsigned(at offset: Int64, size: Int) throws -> UInt64? {
        let slice = try bytes(at: offset, count: size)
        guard slice.count == size else { return nil }
        return slice.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
