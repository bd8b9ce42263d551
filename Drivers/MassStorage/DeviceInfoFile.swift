import Foundation

/// The device-info text file some recorders keep on their volume (serial, model, officer).
struct DeviceInfoFile: Sendable, Hashable {
    var path: String
    var serial: String?
    var model: String?
    var officer: String?

    /// Finds the rule's first present file among `items` (case-insensitively, as FAT names are) and reads it.
    /// A present but unreadable file is an error: it is where the device's identity is.
    static func read(rule: VolumeProfile.DeviceInfoRule, root: URL, items: [VolumeItem]) throws -> DeviceInfoFile? {
        let files = Dictionary(items.filter { !$0.isFolder }.map { ($0.path.lowercased(), $0.path) }) { a, _ in a }
        guard let path = rule.paths.lazy.compactMap({ files[$0.lowercased()] }).first else { return nil }
        let url = root.appendingPathComponent(path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MassStorageError(code: .unreadable, path: url.path, message: "cannot read the device-info file")
        }
        // Vendors write GBK or UTF-8; the fields read here are ASCII, which both keep as is, so a
        // byte-per-character reading is enough when the text is not UTF-8.
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
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
}
