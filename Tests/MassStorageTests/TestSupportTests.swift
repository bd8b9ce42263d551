import Foundation
import Testing
import DeviceKit
import TestSupport

/// The fixture builders other test targets rely on.
@Suite struct TestSupportTests {
    @Test func clipsAreCachedAndNotReEncoded() throws {
        let first = try ClipFactory.clip(seconds: 1, label: "cache-check")
        let before = try FileManager.default.attributesOfItem(atPath: first.path)
        let second = try ClipFactory.clip(seconds: 1, label: "cache-check")
        let after = try FileManager.default.attributesOfItem(atPath: second.path)
        #expect(first == second)
        #expect(first.path.hasPrefix(PackageRoot.url.appendingPathComponent(".build/fixtures").path))
        #expect(before[.systemFileNumber] as? NSNumber == after[.systemFileNumber] as? NSNumber)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
    }

    @Test func labelsVaryTheBytes() throws {
        let a = try Data(contentsOf: ClipFactory.clip(seconds: 1, label: "one"))
        let b = try Data(contentsOf: ClipFactory.clip(seconds: 1, label: "two"))
        #expect(a != b)
        #expect(try Data(contentsOf: ClipFactory.audio(seconds: 1, label: "one")) != Data(contentsOf: ClipFactory.audio(seconds: 1, label: "two")))
        #expect(try Data(contentsOf: ClipFactory.photo(label: "one")) != Data(contentsOf: ClipFactory.photo(label: "two")))
    }

    @Test func clipsAreWhatTheySayTheyAre() throws {
        let clip = try ClipFactory.clip(seconds: 2, width: 160, height: 120, label: "probe")
        let out = try runChecked("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height",
                                             "-show_entries", "format=duration,format_name", "-of", "compact", clip.path])
        #expect(out.stdout.contains("codec_name=h264|width=160|height=120"))
        #expect(out.stdout.contains("codec_name=aac"))
        #expect(out.stdout.contains("mp4"))
        let videoOnly = try runChecked("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0",
                                                   try ClipFactory.clip(seconds: 1, audio: false, label: "probe").path])
        #expect(videoOnly.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "video")
        let wav = try Data(contentsOf: ClipFactory.audio(seconds: 1, format: .wav, label: "probe"))
        #expect(wav.prefix(4) == Data("RIFF".utf8))
        let aac = try Data(contentsOf: ClipFactory.audio(seconds: 1, format: .aac, label: "probe"))
        #expect(aac.prefix(2) == Data([0xFF, 0xF1]))
        let jpeg = try Data(contentsOf: ClipFactory.photo(label: "probe"))
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aMountedImageShowsWhatMcopyPutIn() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        let clip = try ClipFactory.clip(seconds: 1, label: "mount")
        let stored = try image.copy(clip, to: "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4", modified: ts(2026, 11, 3, 9, 30, 17))
        #expect(stored == ts(2026, 11, 3, 9, 30, 16))
        let mount = try image.mount()
        let file = mount.root.appendingPathComponent("DCIM/100MEDIA/20261103_093015_A001234_0001.MP4")
        #expect(try Data(contentsOf: file) == Data(contentsOf: clip))
        #expect(try image.contents(of: "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4") == Data(contentsOf: clip))
        let listed = try image.mdir().filter { !$0.isFolder }
        #expect(listed.map(\.path) == ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"])
        #expect(listed.first?.modified == ts(2026, 11, 3, 9, 30))
        try mount.unmount()
        #expect(!isMounted(mount.root))
        try mount.unmount()  // a second unmount is a no-op
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aReadWriteMountWritesIntoTheImage() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        try image.makeFolder("DCIM")
        let mount = try image.mount(readWrite: true)
        let bytes = Data((0..<5000).map { UInt8($0 % 251) })
        try bytes.write(to: mount.root.appendingPathComponent("DCIM/written.bin"))
        try mount.unmount()
        #expect(try image.contents(of: "DCIM/written.bin") == bytes)
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func releasingAMountUnmountsIt() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        var mount: FuseMount? = try image.mount()
        let root = try #require(mount?.root)
        #expect(isMounted(root))
        mount = nil
        #expect(!isMounted(root))
    }

    @Test func theBuilderLaysOutEachScheme() throws {
        let dir = try TempDirectory()
        var builder = RecorderVolumeBuilder(scheme: .perDayCameraType, serial: "C1", start: ts(2026, 11, 3, 23, 55), count: 2)
        builder.locked = [1]
        let expected = try builder.build(intoFolder: dir.url)
        #expect(expected.map(\.path) == ["DCIM/20261103/1M235500.MP4", "DCIM/20261104/1E000500.MP4"])
        #expect(expected.map(\.fatTime) == [ts(2026, 11, 3, 23, 55, 2), ts(2026, 11, 4, 0, 5, 2)])
        #expect(expected.map(\.locked) == [false, true])
        #expect(try String(contentsOf: dir.path("DEVINFO.TXT"), encoding: .utf8).contains("SN=C1"))
    }

    @Test func mdirOutputParses() {
        let text = """
         Volume in drive : has no label
        Directory for ::/DCIM

        .            <DIR>     2026-11-30   5:44 
        202611~1 MP4     59492 2026-11-03  10:15  20261103_093015_A001234_0001.MP4
        1M093015 MP4     59492 2026-11-03   9:05 
        AB~1     MP4         7 2026-11-03  10:15  a b.mp4
                5 files             178 476 bytes
        """
        let entries = MdirEntry.parse(text).filter { $0.name != "." }
        #expect(entries.map(\.path) == ["DCIM/20261103_093015_A001234_0001.MP4", "DCIM/1M093015.MP4", "DCIM/a b.mp4"])
        #expect(entries[1].modified == ts(2026, 11, 3, 9, 5))
        #expect(entries.map(\.size) == [59492, 59492, 7])
    }

    @Test func runCapturesStatusAndBothStreams() throws {
        let out = try run("sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(out.status == 3)
        #expect(out.stdout == "out\n")
        #expect(out.stderr == "err\n")
        #expect(throws: TestSupportError.self) { try runChecked("sh", ["-c", "exit 1"]) }
        let dir = try TempDirectory()
        let pwd = try runChecked("pwd", [], currentDirectory: dir.url)
        #expect(pwd.stdout.trimmingCharacters(in: .newlines) == dir.url.resolvingSymlinksInPath().path)
        #expect(throws: TestSupportError.self) { try run("no-such-command-recgate", []) }
    }

    /// The child really runs without root's override of permissions: it cannot read a file of mode 000,
    /// which this process (root in CI) can, and it can read what it was admitted to.
    @Test func anUnprivilegedChildIsRefusedWhatRootMayRead() throws {
        let dir = try TempDirectory()
        let secret = dir.path("secret")
        let open = dir.path("open")
        try Data("s".utf8).write(to: secret)
        try Data("o".utf8).write(to: open)
        chmod(secret.path, 0)
        try Unprivileged.admit(dir.url)
        let refused = try Unprivileged.run("cat", [secret.path])
        #expect(refused.status != 0 && refused.stderr.contains("Permission denied"), "\(refused)")
        let allowed = try Unprivileged.run("cat", [open.path])
        #expect(allowed.status == 0 && allowed.stdout == "o", "\(allowed)")
        let user = try Unprivileged.run("id", ["-u"])
        #expect(user.stdout.trimmingCharacters(in: .newlines) != "0")
        if Unprivileged.dropsPrivileges {
            #expect(try Data(contentsOf: secret) == Data("s".utf8))  // root reads it
            #expect(user.stdout.trimmingCharacters(in: .newlines) == "65534")
        }
    }

    /// The child's own peak is what is measured: dd reading into a 96 MiB buffer peaks that much above dd
    /// with a 1 MiB one, and neither carries this process's peak, raised here by 128 MiB just before.
    @Test func runMeasuringPeakSeesTheChildsAllocation() throws {
        let ballast = [UInt8](repeating: 1, count: 128 << 20)
        let small = try withExtendedLifetime(ballast) {
            try runMeasuringPeak("dd", ["if=/dev/zero", "of=/dev/null", "bs=1M", "count=1"])
        }
        let large = try runMeasuringPeak("dd", ["if=/dev/zero", "of=/dev/null", "bs=96M", "count=1"])
        #expect(small.output.status == 0 && large.output.status == 0)
        #expect(large.peakBytes - small.peakBytes > 90 << 20, "\(small.peakBytes) vs \(large.peakBytes)")
        #expect(small.peakBytes < 16 << 20, "\(small.peakBytes)")
    }

    @Test func tempDirectoriesGoAway() throws {
        var dir: TempDirectory? = try TempDirectory()
        let url = try #require(dir?.url)
        try Data("x".utf8).write(to: url.appendingPathComponent("f"))
        #expect(FileManager.default.fileExists(atPath: url.path))
        dir = nil
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    private func isMounted(_ root: URL) -> Bool {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").contains { $0.split(separator: " ").dropFirst(4).first == Substring(root.path) }
    }
}
