import DeviceKit

/// One entry as `mdir` prints it: mtools reads the FAT directory itself, so this is the file system's
/// own truth, independent of any FUSE or kernel driver. mdir shows times to the minute.
public struct MdirEntry: Sendable, Hashable {
    /// `::/DCIM/100MEDIA` style: the folder mdir was listing.
    public let directory: String
    /// The long name when there is one, else the 8.3 name (`BASE.EXT`).
    public let name: String
    public let isFolder: Bool
    public let size: Int64?
    /// Seconds are always 0: mdir does not print them.
    public let modified: LocalTimestamp

    /// The path from the root, `/`-separated, without the `::/` prefix.
    public var path: String {
        let folder = directory.hasPrefix("::/") ? String(directory.dropFirst(3)) : directory
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// Parses `mdir -/ -a` output with mtools' default (ISO) date format.
    public static func parse(_ text: String) -> [MdirEntry] {
        var entries: [MdirEntry] = []
        var directory = "::/"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Directory for ") {
                directory = String(line.dropFirst("Directory for ".count))
                continue
            }
            // "BASE____ EXT  <size or <DIR>> YYYY-MM-DD  H:MM[  long name]": the 8.3 part is 12 columns.
            let chars = Array(line)
            guard chars.count > 13, chars[8] == " " else { continue }
            let base = String(chars[0..<8]).trimmingCharacters(in: .whitespaces)
            let ext = String(chars[9..<12]).trimmingCharacters(in: .whitespaces)
            let rest = String(chars[12...])
            let fields = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            guard !base.isEmpty, fields.count >= 3 else { continue }
            let date = fields[1].split(separator: "-").compactMap { Int($0) }
            let time = fields[2].split(separator: ":").compactMap { Int($0) }
            guard date.count == 3, time.count == 2 else { continue }
            let isFolder = fields[0] == "<DIR>"
            guard isFolder || Int64(fields[0]) != nil else { continue }
            var name = ext.isEmpty ? base : base + "." + ext
            // The long name follows the time after two spaces.
            if let timeRange = rest.range(of: String(fields[2])) {
                let tail = rest[timeRange.upperBound...]
                if tail.hasPrefix("  "), !tail.trimmingCharacters(in: .whitespaces).isEmpty {
                    name = String(tail.dropFirst(2))
                }
            }
            entries.append(MdirEntry(
                directory: directory, name: name, isFolder: isFolder, size: isFolder ? nil : Int64(fields[0]),
                modified: LocalTimestamp(year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1], second: 0)))
        }
        return entries
    }
}
