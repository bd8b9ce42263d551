import Foundation

/// One line of `/proc/self/mountinfo`: where a file system is mounted and what it is.
public struct MountEntry: Sendable, Hashable {
    public let mountPoint: String
    /// e.g. `vfat`, `exfat`, `fuse.fusefat`.
    public let fileSystemType: String
    public let source: String

    public init(mountPoint: String, fileSystemType: String, source: String) {
        self.mountPoint = mountPoint
        self.fileSystemType = fileSystemType
        self.source = source
    }
}

/// The kernel's mount table, read to learn which file system presents a volume: the time quirks belong
/// to the file system driver, not to the recorder.
public enum MountTable {
    /// The mounts of this process's mount namespace; empty where `/proc` is not available.
    public static func current() -> [MountEntry] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        return parse(text)
    }

    /// Parses mountinfo text: `id parent dev root mountpoint options [optional…] - fstype source super`.
    public static func parse(_ text: String) -> [MountEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count
            else { return nil }
            return MountEntry(
                mountPoint: unescape(fields[4]), fileSystemType: unescape(fields[dash + 1]),
                source: unescape(fields[dash + 2]))
        }
    }

    /// The mount that holds `path` (an absolute, symlink-free path): the longest mount point that is the
    /// path or one of its ancestors; of mounts stacked on one point, the last (the visible one).
    public static func mount(containing path: String, in entries: [MountEntry]) -> MountEntry? {
        var best: MountEntry? = nil
        for entry in entries {
            let mp = entry.mountPoint
            let covers = mp == "/" || path == mp || path.hasPrefix(mp.hasSuffix("/") ? mp : mp + "/")
            guard covers else { continue }
            if best == nil || mp.count >= best!.mountPoint.count { best = entry }
        }
        return best
    }

    /// mountinfo writes space, tab, newline and backslash as three-digit octal escapes (`\040`).
    static func unescape<S: StringProtocol>(_ field: S) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, let value = octal(utf8[(i + 1)...(i + 3)]) {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 3 else { return nil }
        var value = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(d - UInt8(ascii: "0"))
        }
        return value <= 255 ? UInt8(value) : nil
    }
}
