import DeviceKit
import Foundation
import Testing
import TestSupport

/// Offloads of volumes with entries no recorder writes, through the `recgate` binary: one bad entry never
/// stops the offload, every file is in the report (`clips` or `skipped`), and the text output says how many
/// were skipped and why. FIFOs, sockets, device nodes, links and non-UTF-8 names need a plain folder (FAT
/// holds none of them); formats the profile does not list are offloaded from a real FAT image.
@Suite(.serialized)
struct HostileVolumeOffloadTests {
    let recgate = RecgateBinary.shared

    static func report(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(400))")
    }

    static func skipped(_ report: [String: Any]) -> [String: [String: Any]] {
        let list = report["skipped"] as? [[String: Any]] ?? []
        return Dictionary(list.map { (Oracle.text($0["path"]), $0) }) { a, _ in a }
    }

    @Test func aFIFONamedLikeARecordingDoesNotHangTheRunAndIsReported() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let files = try Oracle.recorderFolder(volume, count: 2, size: 64 * 1024, seed: 31)
        let fifo = "DCIM/100MEDIA/20261103_095500_A001234_0009.MP4"
        #expect(mkfifo(volume.appendingPathComponent(fifo).path, 0o644) == 0)

        let run = try recgate.run(["--home", temp.path("home").path, "offload", "--volume", volume.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.report(run.stdout)
        let clips = try Oracle.clips(fromJSON: run.stdout)
        let sha = try Oracle.openssl("sha256", files)
        #expect(clips.count == 2 && clips.allSatisfy { $0["status"] as? String == "stored" })
        #expect(Set(clips.compactMap { $0["sha256"] as? String }) == Set(sha.values))
        let entry = try #require(Self.skipped(report)[fifo])
        #expect(entry["reason"] as? String == "not_a_regular_file")
        #expect(Oracle.text(entry["detail"]).contains("FIFO"))
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["skipped"] as? Int == 1)
        #expect((summary["skipped_reasons"] as? [String: Int]) == ["not_a_regular_file": 1])

        // The text output names it with its reason and counts it.
        let text = try recgate.run(["--home", temp.path("home").path, "offload", "--volume", volume.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("skipped        \(fifo)  not_a_regular_file: a FIFO (named pipe); never opened"), "\(text.stdout)")
        #expect(text.stdout.contains("0 stored, 2 already stored, 0 failed, 1 skipped (1 not_a_regular_file)"), "\(text.stdout)")
    }

    @Test(.enabled(if: getuid() == 0, "mknod of a character device needs root"))
    func aCharacterDeviceNamedLikeARecordingIsNeverRead() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 2, size: 64 * 1024, seed: 32)
        let node = "DCIM/100MEDIA/20261103_095500_A001234_0009.MP4"
        // /dev/zero's numbers: read, it never ends.
        try runChecked("mknod", [volume.appendingPathComponent(node).path, "c", "1", "5"])

        let run = try recgate.run(["--home", temp.path("home").path, "offload", "--volume", volume.path])
        #expect(run.status == 0, "\(run.stderr)")
        // The text output names it with its reason and counts it.
        #expect(run.stdout.contains("skipped        \(node)  not_a_regular_file: a character device"), "\(run.stdout)")
        #expect(run.stdout.contains("2 stored, 0 already stored, 0 failed, 1 skipped (1 not_a_regular_file)"), "\(run.stdout)")
    }

    @Test func aNameThatIsNotUTF8AndADanglingLinkDoNotStopTheOffload() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let files = try Oracle.recorderFolder(volume, count: 1, size: 64 * 1024, seed: 33)
        let folder = volume.appendingPathComponent("DCIM/100MEDIA")
        // A Latin-1 é where UTF-8 was expected.
        let raw = Array("20261103_094500_A001234_0002".utf8) + [0xE9] + Array(".MP4".utf8)
        try writeRaw(in: folder, name: raw, contents: Data(repeating: 0x42, count: 5000))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("20261103_095000_A001234_0003.MP4").path,
                                                   withDestinationPath: "/nonexistent/clip.MP4")
        let home = temp.path("home")
        let run = try recgate.run(["--home", home.path, "offload", "--volume", volume.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let clips = try Oracle.clips(fromJSON: run.stdout)
        let escaped = "DCIM/100MEDIA/20261103_094500_A001234_0002\\xe9.MP4"
        #expect(Set(clips.compactMap { $0["path"] as? String }) == ["DCIM/100MEDIA/" + files[0].lastPathComponent, escaped])
        #expect(clips.allSatisfy { $0["status"] as? String == "stored" }, "\(clips)")
        let odd = try #require(clips.first { $0["path"] as? String == escaped })
        let oracle = try runChecked("sh", ["-c", "head -c 5000 /dev/zero | tr '\\0' 'B' | openssl dgst -sha256 -r"])
        #expect(odd["sha256"] as? String == String(oracle.stdout.prefix(64)))
        let link = try #require(Self.skipped(try Self.report(run.stdout))["DCIM/100MEDIA/20261103_095000_A001234_0003.MP4"])
        #expect(link["reason"] as? String == "symlink")
        #expect(Oracle.text(link["detail"]).contains("/nonexistent/clip.MP4"))
        // The catalog's source path is the same escaped text.
        let rows = try runChecked("sqlite3", [home.appendingPathComponent("catalog.sqlite").path,
                                              "SELECT source_path FROM clip ORDER BY source_path"])
        #expect(rows.stdout.split(separator: "\n").contains { $0 == escaped[...] }, "\(rows.stdout)")
    }

    @Test
    func unreadableEntriesAreReportedAndTheRestStored() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 2, size: 64 * 1024, seed: 34)
        // A folder the gateway's user may not list, and a file in a format the profile does not list that
        // it may not read (so its content cannot tell what it is).
        let locked = volume.appendingPathComponent("DCIM/101MEDIA")
        try Oracle.recorderFolder(locked.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("hidden"), count: 1, size: 4096, seed: 35)
        try FileManager.default.moveItem(at: volume.appendingPathComponent("hidden/DCIM/100MEDIA"), to: locked)
        let sealed = volume.appendingPathComponent("DCIM/100MEDIA/20261103_100000_A001234_0007.mkv")
        try Data(repeating: 1, count: 100).write(to: sealed)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: sealed.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Unprivileged.admit(temp.url, writable: true)
        try Unprivileged.admit(home, writable: true)
        let result = try Unprivileged.run(recgate.path, ["--home", home.path, "offload", "--volume", volume.path, "--json"])
        // What could not be read may hide recordings: the run is not complete, and says so.
        #expect(result.status != 0)
        let report = try Self.report(result.stdout)
        let clips = try Oracle.clips(fromJSON: result.stdout)
        #expect(clips.count == 2 && clips.allSatisfy { $0["status"] as? String == "stored" }, "\(clips)")
        let skipped = Self.skipped(report)
        let folderEntry = skipped["DCIM/101MEDIA"] ?? [:]
        #expect(folderEntry["reason"] as? String == "unreadable", "\(skipped)")
        #expect(Oracle.text(folderEntry["detail"]).contains("Permission denied"), "\(folderEntry)")
        #expect(skipped["DCIM/100MEDIA/20261103_100000_A001234_0007.mkv"]?["reason"] as? String == "unreadable", "\(skipped)")
        #expect(Oracle.text(report["error"]).contains("DCIM/101MEDIA"), "\(report)")
    }

    @Test
    func aVolumeWhoseRecordingsCannotBeListedSaysWhereAndWhy() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 1, size: 4096, seed: 36)
        let media = volume.appendingPathComponent("DCIM/100MEDIA")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: media.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: media.path) }
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Unprivileged.admit(temp.url, writable: true)
        try Unprivileged.admit(home, writable: true)
        // The names that tell the device are behind the folder: the refusal says what could not be read.
        let result = try Unprivileged.run(recgate.path, ["--home", home.path, "offload", "--volume", volume.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("DCIM/100MEDIA (cannot list the folder (Permission denied))"), "\(result.stderr)")
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs FUSE and fusefat"))
    func formatsTheProfileDoesNotListAreOffloadedAsWhatTheyHold() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        var builder = RecorderVolumeBuilder(
            scheme: .officerDateTime, start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 0, second: 0),
            count: 1)
        builder.clutter = false
        _ = try builder.build(into: image)
        // officer-datetime lists mp4/mov/avi, wav/aac/mp3/amr and jpg/jpeg: none of these.
        let tone = ["-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000:duration=1"]
        let video = ["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=5:duration=1", "-c:v", "libx264", "-preset",
                     "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1"]
        let extra: [(String, URL, String)] = [
            ("RECORD/310045_20261103093000.m4a", try FixtureCache.ffmpeg("hostile-r1-m4a", "m4a", tone + ["-c:a", "aac", "-f", "ipod"]), "audio"),
            ("RECORD/310045_20261103094000.ts", try FixtureCache.ffmpeg("hostile-r1-ts", "ts", video + ["-f", "mpegts"]), "video"),
            ("RECORD/310045_20261103095000.mkv", try FixtureCache.ffmpeg("hostile-r1-mkv", "mkv", video + ["-f", "matroska"]), "video"),
        ]
        let at = LocalTimestamp(year: 2026, month: 11, day: 3, hour: 10, minute: 0, second: 0)
        for (path, source, _) in extra { try image.copy(source, to: path, modified: at) }
        try image.write(Data("handover at 10:00, battery low".utf8), to: "RECORD/NOTES.TXT", modified: at)
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let home = temp.path("home")

        let run = try recgate.run(["--home", home.path, "offload", "--volume", mount.root.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let clips = try Oracle.clips(fromJSON: run.stdout)
        #expect(clips.count == 4 && clips.allSatisfy { $0["status"] as? String == "stored" }, "\(clips)")
        let sha = try Oracle.openssl("sha256", extra.map { mount.root.appendingPathComponent($0.0) })
        for (path, _, _) in extra {
            let clip = try #require(clips.first { $0["path"] as? String == path })
            #expect(clip["sha256"] as? String == sha[mount.root.appendingPathComponent(path).path])
        }
        let rows = try runChecked("sqlite3", [home.appendingPathComponent("catalog.sqlite").path,
                                              "SELECT source_path || '|' || kind FROM clip ORDER BY source_path"])
        let kinds = Set(rows.stdout.split(separator: "\n").map(String.init))
        for (path, _, kind) in extra { #expect(kinds.contains("\(path)|\(kind)"), "\(kinds)") }
        let note = try #require(Self.skipped(try Self.report(run.stdout))["RECORD/NOTES.TXT"])
        #expect(note["reason"] as? String == "not_a_recording")
    }
}

/// Writes `name` (any bytes) in `folder`.
func writeRaw(in folder: URL, name: [UInt8], contents: Data) throws {
    let path = Array(folder.path.utf8) + [0x2F] + name + [0]
    let fd = path.withUnsafeBufferPointer { raw in
        raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
    }
    guard fd >= 0 else { throw TestSupportError("cannot create a file in \(folder.path) (errno \(errno))") }
    defer { close(fd) }
    guard contents.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == contents.count else {
        throw TestSupportError("short write in \(folder.path)")
    }
}
