import Foundation
import DeviceKit

/// A FAT32 disk image made with mkfs.fat and filled with mtools, as a recorder's card would be.
///
/// mtools stamps a copied file's FAT time from the source's modification time, read as a wall clock in
/// mtools' own TZ. Every mtools call here runs with TZ=UTC and the source's mtime set to the wanted
/// wall-clock value read as UTC, so the FAT entry holds exactly the `LocalTimestamp` asked for (rounded
/// down to FAT's 2 seconds).
///
/// Not Sendable: one test builds and mounts it.
public final class FATImage {
    public let url: URL
    public let sizeMiB: Int
    private var folders: Set<String> = []
    private let scratch: TempDirectory

    /// The environment every mtools call gets.
    static let mtoolsEnvironment = ["TZ": "UTC", "MTOOLS_SKIP_CHECK": "1", "LC_ALL": "C"]

    /// A new image file at `url`. FAT32 needs at least about 33 MiB; `volumeID` fixes the serial mkfs.fat
    /// would otherwise draw at random.
    public init(at url: URL, sizeMiB: Int = 40, label: String = "RECORDER", volumeID: String = "20261103") throws {
        guard sizeMiB >= 33 else { throw TestSupportError("FAT32 needs at least 33 MiB, not \(sizeMiB)") }
        self.url = url
        self.sizeMiB = sizeMiB
        scratch = try TempDirectory(prefix: "recgate-fat")
        try? FileManager.default.removeItem(at: url)
        try runChecked("mkfs.fat", ["-F", "32", "-n", label, "-i", volumeID, "-C", url.path, String(sizeMiB * 1024)])
    }

    /// Creates `path` (`/`-separated, from the root) and any missing parents.
    public func makeFolder(_ path: String) throws {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            guard !folders.contains(prefix) else { continue }
            try mtools("mmd", ["-i", url.path, "::" + prefix])
            folders.insert(prefix)
        }
    }

    /// Copies `source` to `path` with the FAT time `modified`; parents are created. Returns the time the
    /// FAT entry holds (seconds rounded down to even).
    @discardableResult
    public func copy(_ source: URL, to path: String, modified: LocalTimestamp) throws -> LocalTimestamp {
        let staged = scratch.path("staged-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: staged)
        defer { try? FileManager.default.removeItem(at: staged) }
        return try place(staged, at: path, modified: modified)
    }

    /// Writes `data` to `path` with the FAT time `modified`.
    @discardableResult
    public func write(_ data: Data, to path: String, modified: LocalTimestamp) throws -> LocalTimestamp {
        let staged = scratch.path("staged-\(UUID().uuidString)")
        try data.write(to: staged)
        defer { try? FileManager.default.removeItem(at: staged) }
        return try place(staged, at: path, modified: modified)
    }

    private func place(_ staged: URL, at path: String, modified: LocalTimestamp) throws -> LocalTimestamp {
        guard let instant = modified.instant(in: TimeZone(identifier: "UTC")!) else {
            throw TestSupportError("\(modified) is not a time a FAT entry can hold")
        }
        try FileManager.default.setAttributes([.modificationDate: instant], ofItemAtPath: staged.path)
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        if !parent.isEmpty { try makeFolder(parent) }
        try mtools("mcopy", ["-m", "-o", "-i", url.path, staged.path, "::/" + path])
        return Self.fatRounded(modified)
    }

    /// What a FAT entry keeps of a time: seconds in steps of 2.
    public static func fatRounded(_ t: LocalTimestamp) -> LocalTimestamp {
        var t = t
        t.second -= t.second % 2
        return t
    }

    /// The oracle: mtools' own reading of the directory entries (`mdir -/ -a`), to the minute.
    public func mdir() throws -> [MdirEntry] {
        MdirEntry.parse(try mtools("mdir", ["-/", "-a", "-i", url.path, "::/"]).stdout)
    }

    /// The oracle to the second: mtools copies the file out with `-m`, stamping the FAT time (read as UTC)
    /// on the copy.
    public func fatTime(of path: String) throws -> LocalTimestamp {
        let out = scratch.path("out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try mtools("mcopy", ["-m", "-n", "-i", url.path, "::/" + path, out.path])
        let date = try FileManager.default.attributesOfItem(atPath: out.path)[.modificationDate] as? Date
        guard let date else { throw TestSupportError("no modification time on \(out.path)") }
        return LocalTimestamp(date, in: TimeZone(identifier: "UTC")!)
    }

    /// The file's bytes as mtools reads them from the image.
    public func contents(of path: String) throws -> Data {
        let out = scratch.path("out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try mtools("mcopy", ["-n", "-i", url.path, "::/" + path, out.path])
        return try Data(contentsOf: out)
    }

    /// Whether this machine can mount FUSE file systems at all: the kernel's `/dev/fuse` is there (a
    /// container must be given the device). A test that needs a mounted image is enabled on this and says
    /// why when it is not; it never reads a copy of the image instead. fusefat and fusermount are installed
    /// by `make deps`: without them a mount throws and the test fails (a broken set-up, not a skip).
    public static let fuseAvailable = FileManager.default.fileExists(atPath: "/dev/fuse")

    /// Mounts the image with fusefat (`-o ro`, or `-o rw+` to write) at `mountPoint`, or at a new folder.
    /// fusefat runs with TZ=UTC, so `st_mtime` is the FAT wall clock read as UTC (month quirk aside).
    /// With `source`, the mount table shows that as the mount's source (FUSE's `fsname`, e.g. `/dev/sdb1`,
    /// as a kernel mount of that partition would) instead of the image's path.
    /// `options` go to fusefat's `-o` as well (`attr_timeout=0`: every stat asks the FUSE driver).
    public func mount(readWrite: Bool = false, at mountPoint: URL? = nil, source: String? = nil,
                      options: [String] = []) throws -> FuseMount {
        try FuseMount(image: url, readWrite: readWrite, at: mountPoint, source: source, options: options)
    }

    @discardableResult
    private func mtools(_ command: String, _ args: [String]) throws -> ProcessOutput {
        try runChecked(command, args, environment: Self.mtoolsEnvironment)
    }
}
