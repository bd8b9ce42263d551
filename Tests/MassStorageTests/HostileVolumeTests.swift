import Foundation
import Testing
import DeviceKit
@testable import MassStorageDriver
import TestSupport

/// Volumes that are not what a recorder writes: names that are not UTF-8, FIFOs, sockets and device nodes
/// named like recordings, links, bind-mount loops, other file systems mounted inside. FAT can hold none of
/// these, so they are made in plain folders (a card can still arrive damaged, or a volume be a folder).
/// None of them may stop the listing, and each is reported with its reason.
@Suite struct HostileVolumeTests {
    static let good = "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"

    /// Whether this process may mount (root with CAP_SYS_ADMIN: CI and this machine).
    static let canMount: Bool = {
        guard getuid() == 0, let temp = try? TempDirectory() else { return false }
        let folder = temp.path("probe")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard (try? run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.path]))?.status == 0 else { return false }
        _ = try? run("umount", [folder.path])
        return true
    }()

    @Test func namesThatAreNotUTF8AreKeptAsBytesAndShownEscaped() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let folder = dir.path("DCIM/100MEDIA")
        let latin1: [UInt8] = Array("20261103_094015_A001234_0002".utf8) + [0xE9] + Array(".MP4".utf8)  // é in Latin-1
        let backslash: [UInt8] = Array("a\\xe9.mp4".utf8)  // a literal backslash-x: must not read as the byte
        try createFile(in: folder, name: latin1, contents: Data("clip".utf8))
        try createFile(in: folder, name: backslash, contents: Data("clip".utf8))
        let volume = try RecorderVolume(root: dir.url)
        let paths = try volume.recordings().map(\.path)
        #expect(paths == [
            "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4",
            "DCIM/100MEDIA/20261103_094015_A001234_0002\\xe9.MP4",
            "DCIM/100MEDIA/a\\\\xe9.mp4",
        ])
        // Each path leads back to the very bytes on the volume.
        #expect(volume.file(at: paths[1])?.name == latin1)
        #expect(volume.file(at: paths[2])?.name == backslash)
    }

    @Test func theEscapeIsOneToOne() {
        #expect(EscapedName.text(Array("录像 01.mp4".utf8)) == "录像 01.mp4")
        #expect(EscapedName.text([0x61, 0xFF]) == "a\\xff")
        #expect(EscapedName.text(Array("a\\xff".utf8)) == "a\\\\xff")
        #expect(EscapedName.text(Array("line\nbreak\u{1B}".utf8)) == "line\\x0abreak\\x1b")
        #expect(EscapedName.text([0xC2, 0x85]) == "\\xc2\\x85")  // C1 NEL: both its bytes
        #expect(EscapedName.text([0xE5, 0xBD]) == "\\xe5\\xbd")  // a cut-off sequence
        // No two of a set of tricky names share a text.
        let names: [[UInt8]] = [[0x61, 0xFF], Array("a\\xff".utf8), Array("a\\\\xff".utf8), [0x61, 0x5C, 0xFF],
                                [0xC3, 0xA9], [0xE9], Array("\\xe9".utf8), Array("\\xc3\\xa9".utf8)]
        #expect(Set(names.map(EscapedName.text)).count == names.count)
    }

    @Test func fifosAndSocketsNamedLikeRecordingsAreNeverOpened() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let fifo = "DCIM/100MEDIA/20261103_095015_A001234_0003.MP4"
        let socketName = "DCIM/100MEDIA/20261103_100015_A001234_0004.MP4"
        #expect(mkfifo(dir.path(fifo).path, 0o644) == 0)
        let listener = try UnixSocket(bindingAt: dir.path(socketName).path)
        defer { listener.close() }
        // Opening the FIFO for reading would block forever (no writer): the listing must not.
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        let reasons = Dictionary(uniqueKeysWithValues: volume.skipped.map { ($0.path, $0) })
        #expect(reasons[fifo]?.reason == .notARegularFile)
        #expect(reasons[fifo]?.detail.contains("FIFO") == true)
        #expect(reasons[socketName]?.reason == .notARegularFile)
        #expect(reasons[socketName]?.detail.contains("socket") == true)
    }

    @Test(.enabled(if: getuid() == 0, "mknod of a character device needs root"))
    func aDeviceNodeNamedLikeARecordingIsNeverOpened() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let node = "DCIM/100MEDIA/20261103_095015_A001234_0003.MP4"
        // The same device as /dev/zero: read, it would never end.
        try runChecked("mknod", [dir.path(node).path, "c", "1", "5"])
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        let skipped = try #require(volume.skipped.first { $0.path == node })
        #expect(skipped.reason == .notARegularFile)
        #expect(skipped.detail.contains("character device"))
    }

    @Test func linksAreNeverFollowedAtAnyLevel() throws {
        let dir = try TempDirectory()
        let outside = try TempDirectory()
        try makePlainVolume(outside.url, ["secret/20261103_110015_A001234_0009.MP4": ts(2026, 11, 3, 11, 0)])
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.path("DCIM/200MEDIA").path, withDestinationPath: outside.path("secret").path)
        try fm.createSymbolicLink(
            atPath: dir.path("DCIM/100MEDIA/20261103_110015_A001234_0009.MP4").path,
            withDestinationPath: outside.path("secret/20261103_110015_A001234_0009.MP4").path)
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        let skipped = Dictionary(uniqueKeysWithValues: volume.skipped.map { ($0.path, $0) })
        #expect(skipped["DCIM/200MEDIA"]?.reason == .symlink)
        #expect(skipped["DCIM/200MEDIA"]?.detail.contains(outside.path("secret").path) == true)
        #expect(skipped["DCIM/100MEDIA/20261103_110015_A001234_0009.MP4"]?.reason == .symlink)
        #expect(skipped["DCIM/100MEDIA/20261103_110015_A001234_0009.MP4"]?.detail.contains("never followed") == true)
    }

    @Test func foldersNestedBeyondTheLimitAreReportedNotWalked() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let levels = (0..<VolumeWalker.depthLimit + 2).map { _ in "d" }
        let deepest = levels.joined(separator: "/")
        try makePlainVolume(dir.url, [deepest + "/20261103_120015_A001234_0005.MP4": ts(2026, 11, 3, 12, 0)])
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        let cut = levels.prefix(VolumeWalker.depthLimit).joined(separator: "/")
        let skipped = try #require(volume.skipped.first { $0.path == cut }, "\(volume.skipped)")
        #expect(skipped.reason == .tooDeep && skipped.reason.hidesRecordings)
    }

    @Test(.enabled(if: canMount, "bind mounts need root"))
    func aBindMountLoopIsWalkedOnce() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let loop = dir.path("DCIM/100MEDIA/again")
        try FileManager.default.createDirectory(at: loop, withIntermediateDirectories: true)
        try runChecked("mount", ["--bind", dir.path("DCIM").path, loop.path])
        defer { _ = try? run("umount", [loop.path]) }
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        let skipped = try #require(volume.skipped.first { $0.path == "DCIM/100MEDIA/again" })
        #expect(skipped.reason == .folderLoop)
        #expect(skipped.detail.contains("DCIM"))
    }

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
    func aFileSystemMountedInsideIsNotPartOfTheVolume() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.good: ts(2026, 11, 3, 9, 40)])
        let inner = dir.path("DCIM/mnt")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try runChecked("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", inner.path])
        defer { _ = try? run("umount", [inner.path]) }
        try makePlainVolume(inner, ["20261103_120015_A001234_0005.MP4": ts(2026, 11, 3, 12, 0)])
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == [Self.good])
        #expect(volume.skipped.first { $0.path == "DCIM/mnt" }?.reason == .otherFileSystem)
    }
}

@Suite struct DeviceInfoFileTests {
    /// Serial in the names and SN= in INFO.TXT.
    static let profile = SerialConflictTests.profile
    static let clip = "A001234_20261103093015.MP4"

    @Test func aDeviceInfoFileOverTheLimitIsAnErrorNamingIt() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, [Self.clip: ts(2026, 11, 3, 9, 40)])
        var text = "SN=A001234\n"
        text += String(repeating: "#", count: DeviceInfoFile.sizeLimit)
        try Data(text.utf8).write(to: dir.path("INFO.TXT"))
        let error = try #require(throws: MassStorageError.self) { try RecorderVolume(root: dir.url, profiles: [Self.profile]) }
        #expect(error.code == .tooLarge)
        #expect(error.path?.hasSuffix("INFO.TXT") == true)
        #expect(error.description.contains("65536"), "\(error)")

        // At the limit it is read.
        try Data(("SN=A001234\n" + String(repeating: "#", count: DeviceInfoFile.sizeLimit - 11)).utf8)
            .write(to: dir.path("INFO.TXT"))
        let volume = try RecorderVolume(root: dir.url, profiles: [Self.profile])
        #expect(volume.identity.serial == "A001234")
        #expect(volume.skipped.first { $0.path == "INFO.TXT" }?.reason == .deviceInfo)
    }

    @Test func aDeviceInfoFileThatIsALinkIsNotFollowed() throws {
        let dir = try TempDirectory()
        let outside = try TempDirectory()
        try Data("SN=Z999999\n".utf8).write(to: outside.path("planted.txt"))
        try makePlainVolume(dir.url, [Self.clip: ts(2026, 11, 3, 9, 40)])
        try FileManager.default.createSymbolicLink(atPath: dir.path("INFO.TXT").path,
                                                   withDestinationPath: outside.path("planted.txt").path)
        // Followed, Z999999 would conflict with the names' A001234; not followed, the names tell.
        let volume = try RecorderVolume(root: dir.url, profiles: [Self.profile])
        #expect(volume.identity.serial == "A001234")
        #expect(volume.skipped.first { $0.path == "INFO.TXT" }?.reason == .symlink)
    }
}

/// Creates `name` (any bytes) in `folder` with `contents`.
func createFile(in folder: URL, name: [UInt8], contents: Data) throws {
    let path = Array(folder.path.utf8) + [0x2F] + name + [0]
    let fd = path.withUnsafeBufferPointer { raw in
        raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
    }
    guard fd >= 0 else { throw TestSupportError("cannot create a file in \(folder.path) (errno \(errno))") }
    defer { close(fd) }
    let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == contents.count else { throw TestSupportError("short write in \(folder.path)") }
}

/// A listening Unix socket bound at a path (a socket is a file-system entry too).
struct UnixSocket {
    let fd: Int32

    init(bindingAt path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed (errno \(errno))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TestSupportError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw TestSupportError("bind(\(path)) failed (errno \(errno))") }
    }

    func close() { _ = Glibc.close(fd) }
}
