import Foundation
import Testing
import TestSupport

/// A recorder that leaves in the middle of its offload: the session ends cleanly (failed, not left
/// running), and when the recorder comes back, what was verified and catalogued before it left is not
/// read from it again; only the rest is copied.
@Suite(.serialized)
struct DeviceReturnTests {
    let recgate = RecgateBinary.shared

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aDeviceThatLeavesMidOffloadResumesWithoutRereadingWhatIsVerified() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"), sizeMiB: 64)
        try image.makeFolder("DCIM")
        try image.makeFolder("DCIM/100MEDIA")
        var sizes: [String: Int] = [:]
        var truth: [String: String] = [:]
        for index in 1...4 {
            let source = temp.path("source-\(index).bin")
            let size = (6 << 20) + index * 4096
            try Oracle.writeRecordingLike(source, size: size, seed: UInt64(20 + index), modified: Date())
            let name = "20261103_09\(index)015_A001234_000\(index).MP4"
            _ = try image.copy(source, to: "DCIM/100MEDIA/\(name)",
                               modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: 10 + index, second: 15))
            sizes["DCIM/100MEDIA/\(name)"] = size
            truth["DCIM/100MEDIA/\(name)"] = try Oracle.openssl("sha256", [source])[source.path]
        }
        let home = temp.path("home")

        // The first clip is catalogued; the recorder is pulled out there (its volume's FUSE daemon killed)
        // and the offload goes on without it.
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let outputs = temp.path("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let child = try SpawnedProcess(
            recgate.path, ["--home", home.path, "offload", "--volume", mount.root.path, "--json"],
            environment: ["RECGATE_TEST_CHECKPOINTS": temp.path("checkpoints.log").path,
                          "RECGATE_TEST_STOP_AT": "catalogued:1"],
            outputFolder: outputs)
        let stopped = try child.waitUntilStopped()
        try #require(stopped, "the offload did not catalogue a clip: \(child.stderr())")
        kill(mount.daemonID, SIGKILL)
        kill(child.pid, SIGCONT)
        #expect(try child.wait() != 0, "the offload succeeded without its device: \(child.stdout())")
        let first = try Oracle.clips(fromJSON: child.stdout())
        let verified = Set(first.filter { Oracle.text($0["status"]) == "stored" }.map { Oracle.text($0["path"]) })
        #expect(!verified.isEmpty && verified.count < sizes.count, "\(first)")
        for clip in first where verified.contains(Oracle.text(clip["path"])) {
            #expect(clip["sha256"] as? String == truth[Oracle.text(clip["path"])], "\(clip)")
        }
        // The session ended (failed), it is not left running for a later run to close.
        #expect(try VerifyReadOnlyTests.query(home.appendingPathComponent("catalog.sqlite").path,
                                              "SELECT status FROM offload_session") == "failed")
        #expect(Oracle.stagingLeftovers(home: home).isEmpty)

        // Back in the dock: only what was not stored is read.
        _ = try? run("fusermount", ["-u", "-z", mount.root.path])
        let again = try image.mount(at: temp.path("volume2"))
        defer { try? again.unmount() }
        let rerun = try recgate.run(["--home", home.path, "offload", "--volume", again.root.path, "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let clips = try Oracle.clips(fromJSON: rerun.stdout)
        #expect(clips.count == sizes.count)
        for clip in clips {
            let path = Oracle.text(clip["path"])
            #expect(clip["sha256"] as? String == truth[path], "\(clip)")
            #expect(Oracle.text(clip["status"]) == (verified.contains(path) ? "already_stored" : "stored"), "\(clip)")
        }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any])
        let rest = sizes.filter { !verified.contains($0.key) }.values.reduce(0, +)
        #expect((report["bytes_copied"] as? NSNumber)?.intValue == rest, "\(report["bytes_copied"] ?? "nil") != \(rest)")
        let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
        #expect(objects.count == sizes.count && objects.mismatches.isEmpty)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }
}
