import Foundation
import Testing
import TestSupport

/// Bad conditions: a full disk, a device pulled out mid-copy, a file still growing, a file the
/// gateway may not read. Each gives a clear error naming the file and a non-zero exit, records nothing
/// unverified as offloaded, and deletes nothing.
@Suite(.serialized)
struct FailureTests {
    let recgate = RecgateBinary.shared

    /// A small tmpfs for the home, when this machine lets us mount one (root in CI and here).
    static func smallFileSystem(at folder: URL, megabytes: Int) -> Bool {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try? run("mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path]))?.status == 0
    }

    static let canMount: Bool = {
        guard let temp = try? TempDirectory() else { return false }
        let folder = temp.path("probe")
        guard smallFileSystem(at: folder, megabytes: 1) else { return false }
        _ = try? run("umount", [folder.path])
        return true
    }()

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root"))
    func fullDiskFailsClearlyAndKeepsEverything() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let sources = try Oracle.recorderFolder(volume, count: 6, size: 2 << 20, seed: 9)
        let before = try Oracle.openssl("sha256", sources)
        let home = temp.path("home")
        #expect(Self.smallFileSystem(at: home, megabytes: 7))
        defer { _ = try? run("umount", [home.path]) }

        let result = try recgate.run(["--home", home.path, "offload", "--volume", volume.path, "--json"])
        #expect(result.status != 0)
        let clips = try Oracle.clips(fromJSON: result.stdout)
        let failed = clips.filter { $0["status"] as? String == "failed" }
        let stored = clips.filter { $0["status"] as? String == "stored" }
        #expect(!failed.isEmpty && !stored.isEmpty, "\(clips)")
        // The first failure names the file and says the disk is full.
        let firstError = Oracle.text(failed.first?["error"])
        #expect(firstError.contains("No space left on device") || firstError.contains("store is full"), "\(firstError)")
        #expect(failed.contains { Oracle.text($0["error"]).contains("20261103_09") }, "\(failed)")
        // Stored ones verify; nothing partial is left; the device is untouched.
        #expect(Oracle.stagingLeftovers(home: home).isEmpty)
        // A clip whose catalog write met the full disk after its object was published is reported
        // failed; its object stays (whole and verified) for the next run to catalogue.
        let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
        #expect(objects.mismatches.isEmpty && objects.count >= stored.count)
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
        #expect(try Oracle.openssl("sha256", sources) == before)
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func devicePulledOutMidCopy() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"), sizeMiB: 160)
        try image.makeFolder("DCIM")
        try image.makeFolder("DCIM/100MEDIA")
        let big = temp.path("big.bin")
        try Oracle.writeRecordingLike(big, size: 120 << 20, seed: 3, modified: Date())
        let name = "20261103_093015_A001234_0001.MP4"
        _ = try image.copy(big, to: "DCIM/100MEDIA/\(name)",
                           modified: .init(year: 2026, month: 11, day: 3, hour: 9, minute: 45, second: 0))
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let home = temp.path("home")

        // Pull the device: kill the FUSE daemon serving the volume while recgate copies the file, that is at
        // the first write into its staging file (inotify on its staging folder), not after a delay a loaded
        // machine could stretch past the copy or make land before the volume is listed. The process stops
        // itself once its session has begun (its staging folder is made by then) so the watch is in place
        // before the copy starts.
        let outputs = temp.path("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let child = try SpawnedProcess(
            recgate.path, ["--home", home.path, "offload", "--volume", mount.root.path, "--json"],
            environment: ["RECGATE_TEST_CHECKPOINTS": temp.path("checkpoints.log").path,
                          "RECGATE_TEST_STOP_AT": "session-begun:1"],
            outputFolder: outputs)
        let stopped = try child.waitUntilStopped()
        try #require(stopped, "recgate did not begin its session: \(child.stderr())")
        let staging = home.appendingPathComponent("store/staging")
        let folders = try FileManager.default.contentsOfDirectory(at: staging, includingPropertiesForKeys: [.isDirectoryKey])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        let folder = try #require(folders.first, "no staging folder in \(staging.path)")
        #expect(folders.count == 1)
        let firstWrite = try FolderWatch(folder, events: Int32(IN_MODIFY))
        let daemon = mount.daemonID
        let pulled = StopFlag()
        let puller = Thread {
            guard firstWrite.wait() else { return }
            pulled.set()
            kill(daemon, SIGKILL)
        }
        puller.start()
        defer { firstWrite.stop() }
        kill(child.pid, SIGCONT)
        let status = try child.wait()
        firstWrite.stop()
        let result = (status: status, stdout: child.stdout(), stderr: child.stderr())
        #expect(pulled.isSet, "recgate never wrote a staging file: \(result.stderr)")
        #expect(result.status != 0)
        let text = result.stdout + result.stderr
        #expect(text.contains(name), "the error names the file: \(text)")
        #expect(Oracle.files(below: home.appendingPathComponent("store/objects")).isEmpty)
        #expect(Oracle.stagingLeftovers(home: home).isEmpty)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)

        // Docked again, the recording is offloaded whole.
        _ = try? run("fusermount", ["-u", "-z", mount.root.path])
        let again = try image.mount(at: temp.path("volume2"))
        defer { try? again.unmount() }
        let rerun = try recgate.run(["--home", home.path, "offload", "--volume", again.root.path, "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let sha = try Oracle.openssl("sha256", [big])[big.path]
        #expect(try Oracle.clips(fromJSON: rerun.stdout).first?["sha256"] as? String == sha)
    }

    @Test func fileStillGrowingIsRefused() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let files = try Oracle.recorderFolder(volume, count: 1, size: 48 << 20, seed: 5)
        let growing = files[0]
        // A recorder still writing: append continuously while the offload runs.
        let stop = StopFlag()
        // The offload starts once the recorder is seen writing (inotify), not after a guessed delay.
        let written = try FolderWatch(growing.deletingLastPathComponent(), events: Int32(IN_MODIFY))
        let writer = Thread {
            guard let handle = try? FileHandle(forWritingTo: growing) else {
                // A writer that cannot start says so and releases the wait below.
                Issue.record("cannot open \(growing.path) to append")
                written.stop()
                return
            }
            let block = Data(repeating: 0x5A, count: 4096)
            while !stop.isSet {
                handle.seekToEndOfFile()
                handle.write(block)
            }
            try? handle.close()
        }
        writer.start()
        #expect(written.wait())
        let result = try recgate.run(["--home", temp.path("home").path, "offload", "--volume", volume.path, "--json"])
        stop.set()
        #expect(result.status != 0)
        let clip = try #require(try Oracle.clips(fromJSON: result.stdout).first)
        #expect(clip["status"] as? String == "failed")
        #expect(Oracle.text(clip["error"]).contains("changed"), "\(clip)")
        #expect(Oracle.text(clip["error"]).contains(growing.lastPathComponent), "\(clip)")
        #expect(Oracle.files(below: temp.path("home/store/objects")).isEmpty)
    }

    /// Root reads a file of mode 000, so recgate runs as an unprivileged user (as root: `nobody`, via setpriv).
    @Test func unreadableFileIsNamedAndTheRestIsStored() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let files = try Oracle.recorderFolder(volume, count: 3, size: 64 * 1024, seed: 11)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: files[1].path)
        let home = temp.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Unprivileged.admit(volume)
        try Unprivileged.admit(home, writable: true)
        // The gateway's user without root's override of file permissions.
        let result = try Unprivileged.run(recgate.path, ["--home", home.path, "offload", "--volume", volume.path, "--json"])
        #expect(result.status != 0)
        let clips = try Oracle.clips(fromJSON: result.stdout)
        let failed = clips.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1)
        let error = Oracle.text(failed.first?["error"])
        #expect(error.contains(files[1].lastPathComponent), "\(error)")
        #expect(error.contains("Permission denied"), "\(error)")
        #expect(clips.filter { $0["status"] as? String == "stored" }.count == 2)
    }
}

/// A flag one thread sets and another polls.
final class StopFlag: @unchecked Sendable {
    // Sendable proof: `value` is read and written only under `lock`.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
