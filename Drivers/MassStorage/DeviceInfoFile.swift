import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The device-info text file some recorders keep on their volume (serial, model, officer).
public struct DeviceInfoFile: Sendable, Hashable {
    public var path: String
    public var serial: String?
    public var model: String?
    public var officer: String?

    /// The most a device-info file may hold: a few lines of text. A larger one is refused, not read.
    static let sizeLimit = 64 * 1024

    /// Finds the rule's first present file among `items` (case-insensitively, as FAT names are) and reads it
    /// through its folder handle, never following a symbolic link (a link is not among the items: the walk
    /// reports it as skipped). A present but unreadable or oversized file is an error: it is where the
    /// device's identity is.
    static func read(rule: VolumeProfile.DeviceInfoRule, root: URL, items: [VolumeItem]) throws -> DeviceInfoFile? {
        let files = Dictionary(items.compactMap { item in item.file.map { (item.path.lowercased(), $0) } }) { a, _ in a }
        guard let file = rule.paths.lazy.compactMap({ files[$0.lowercased()] }).first else { return nil }
        let where_ = root.appendingPathComponent(file.path).path
        return parse(try contents(of: file, where_: where_), path: file.path, rule: rule)
    }

    /// The fields `rule` finds in a device-info file's bytes (what the device wrote: any bytes at all).
    public static func parse(_ data: some DataProtocol, path: String, rule: VolumeProfile.DeviceInfoRule) -> DeviceInfoFile {
        // Vendors write GBK or UTF-8; the fields read here are ASCII, which both keep as is, so a
        // byte-per-character reading is enough when the text is not UTF-8.
        let whole = String(bytes: data, encoding: .utf8) ?? String(decoding: data.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
        let text = withoutBlankLines(whole)
        func field(_ pattern: String?, _ name: String) -> String? {
            guard let pattern, let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            else { return nil }
            let whole = NSRange(text.startIndex..., in: text)
            guard let match = expression.firstMatch(in: text, range: whole),
                  let range = Range(match.range(withName: name), in: text) else { return nil }
            let value = text[range].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        return DeviceInfoFile(
            path: path, serial: field(rule.serial, "serial"), model: field(rule.model, "model"),
            officer: field(rule.officer, "officer"))
    }

    /// The text without its blank (empty or whitespace-only) lines, one `\n` between lines. The rules' expressions
    /// start `(?m)^\s*`: from each of n blank lines in a row, `\s*` runs to the end of the run before it fails, so
    /// a file of 64 KiB of newlines took n² steps (more than ten minutes) to match. With no blank line the
    /// whitespace after a line start is that line's own indent, so matching is linear, and no match changes:
    /// `\s*` still spans the line breaks that remain, and `[^\r\n]` values never held a blank line.
    static func withoutBlankLines(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n")
    }

    /// The file's bytes, at most `sizeLimit` of them: one byte more is read to tell a file that grew.
    private static func contents(of file: VolumeFile, where_: String) throws -> Data {
        func unreadable(_ detail: String) -> MassStorageError {
            MassStorageError(code: .unreadable, path: where_, message: "cannot read the device-info file (\(detail))")
        }
        let opened: (fd: Int32, status: stat)
        do {
            opened = try file.open()
        } catch {
            switch error {
            case .system(let call, let e): throw unreadable("\(call): \(String(cString: strerror(e)))")
            case .notRegular(let what): throw unreadable("it is \(what) now")
            case .replaced: throw unreadable("it was replaced after the volume was listed")
            }
        }
        defer { _ = close(opened.fd) }
        guard opened.status.st_size <= sizeLimit else {
            throw MassStorageError(
                code: .tooLarge, path: where_,
                message: "the device-info file holds \(opened.status.st_size) bytes, more than the \(sizeLimit) a device-info file may")
        }
        var bytes = [UInt8](repeating: 0, count: sizeLimit + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(opened.fd, $0.baseAddress! + count, $0.count - count, off_t(count)) }
            if n > 0 { count += n; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw unreadable(String(cString: strerror(errno)))
        }
        guard count <= sizeLimit else {
            throw MassStorageError(code: .tooLarge, path: where_,
                                   message: "the device-info file grew past \(sizeLimit) bytes while it was read")
        }
        return Data(bytes.prefix(count))
    }
}
