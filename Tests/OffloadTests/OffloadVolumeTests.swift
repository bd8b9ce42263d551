import Foundation
import Testing
import TestSupport
import DeviceKit

/// Offload of real FAT32 recorder volumes (mkfs.fat, mounted through fusefat), one per naming scheme,
/// with openssl as the oracle for every digest.
@Suite(.serialized)
struct OffloadVolumeTests {
    let recgate = RecgateBinary.shared

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"), arguments: NamingScheme.allCases)
    func offloadsEveryRecordingVerifiedAndIdempotent(scheme: NamingScheme) throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        var builder = RecorderVolumeBuilder(
            scheme: scheme, start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15),
            count: 4)
        builder.kinds = [.video, .audio, .photo]
        let expected = try builder.build(into: image)
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let volume = mount.root
        let home = temp.path("home")
        // NVR exports carry no device serial: the keeper names the camera.
        let device = expected.first?.serial == nil ? ["--device", "NVR-CAM-7"] : []

        let first = try recgate.run(
            ["--home", home.path, "offload", "--volume", volume.path, "--digest", "sha256,sm3", "--json"] + device)
        #expect(first.status == 0, "offload failed: \(first.stderr)")
        let clips = try Oracle.clips(fromJSON: first.stdout)
        #expect(Set(clips.compactMap { $0["path"] as? String }) == Set(expected.map(\.path)))

        let sources = expected.map { volume.appendingPathComponent($0.path) }
        let sha256 = try Oracle.openssl("sha256", sources)
        let sm3 = try Oracle.openssl("sm3", sources)
        for clip in clips {
            let path = try #require(clip["path"] as? String)
            let source = volume.appendingPathComponent(path).path
            #expect(clip["status"] as? String == "stored", "\(path): \(clip)")
            #expect(clip["sha256"] as? String == sha256[source], "\(path)")
            #expect(clip["sm3"] as? String == sm3[source], "\(path)")
            #expect((clip["size"] as? Int).map(Int64.init) == expected.first { $0.path == path }?.size)
            // The stored copy: read-only, under its digest, same bytes as the device's.
            let stored = try #require(clip["store_path"] as? String)
            #expect(URL(fileURLWithPath: stored).lastPathComponent == sha256[source])
            let mode = try FileManager.default.attributesOfItem(atPath: stored)[.posixPermissions] as? Int
            #expect(mode == 0o444)
            #expect(try Oracle.openssl("sha256", [URL(fileURLWithPath: stored)])[stored] == sha256[source])
        }
        #expect(Oracle.stagingLeftovers(home: home).isEmpty)

        // A second run copies nothing: every recording is already stored, the store is unchanged.
        let objectsBefore = Oracle.files(below: home.appendingPathComponent("store/objects")).count
        let second = try recgate.run(["--home", home.path, "offload", "--volume", volume.path, "--json"] + device)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try Oracle.clips(fromJSON: second.stdout)
        #expect(again.count == expected.count)
        #expect(again.allSatisfy { $0["status"] as? String == "already_stored" })
        #expect(Oracle.files(below: home.appendingPathComponent("store/objects")).count == objectsBefore)

        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
    }

    @Test func sameBytesOnAnotherDeviceAreASightingNotACopy() throws {
        let temp = try TempDirectory()
        let home = temp.path("home")
        let first = temp.path("first"), second = temp.path("second")
        try Oracle.recorderFolder(first, serial: "A001234", count: 2, size: 64 * 1024, seed: 7)
        // The same bytes under another recorder's names (a card moved between recorders).
        try Oracle.recorderFolder(second, serial: "B000777", count: 2, size: 64 * 1024, seed: 7)
        #expect(try recgate.run(["--home", home.path, "offload", "--volume", first.path]).status == 0)
        let run = try recgate.run(["--home", home.path, "offload", "--volume", second.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let clips = try Oracle.clips(fromJSON: run.stdout)
        #expect(clips.count == 2)
        #expect(clips.allSatisfy { $0["status"] as? String == "already_stored" })
        #expect(Oracle.files(below: home.appendingPathComponent("store/objects")).count == 2)
    }

    @Test func deviceNamedByVolumeAndOptionMustAgree() throws {
        let temp = try TempDirectory()
        try Oracle.recorderFolder(temp.path("volume"), serial: "A001234", count: 1, size: 4096)
        let run = try recgate.run(
            ["--home", temp.path("home").path, "offload", "--volume", temp.path("volume").path, "--device", "Z999999"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("A001234") && run.stderr.contains("Z999999"), "\(run.stderr)")
        #expect(Oracle.files(below: temp.path("home/store/objects")).isEmpty)
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func releaseDeletesOnlyVerifiedRecordingsAndWithoutItTheDeviceIsUntouched() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        let expected = try RecorderVolumeBuilder(
            scheme: .dateTimeSerialSequence,
            start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 14, minute: 0, second: 0), count: 3
        ).build(into: image)
        let home = temp.path("home")
        let listing = try image.mdir()

        // Without --release, a writable mount: the volume is the same afterwards.
        let mount = try image.mount(readWrite: true, at: temp.path("rw"))
        let untouched = try recgate.run(["--home", home.path, "offload", "--volume", mount.root.path])
        try mount.unmount()
        #expect(untouched.status == 0, "\(untouched.stderr)")
        #expect(try image.mdir() == listing)

        // With --release: each recording is gone from the device, its stored copy verified.
        var writable: FuseMount? = try image.mount(readWrite: true, at: temp.path("rw2"))
        let volume = try #require(writable).root
        defer { try? writable?.unmount() }
        let sha = try Oracle.openssl("sha256", expected.map { volume.appendingPathComponent($0.path) })
        let run = try recgate.run(["--home", home.path, "offload", "--volume", volume.path, "--release", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        for clip in try Oracle.clips(fromJSON: run.stdout) {
            let path = try #require(clip["path"] as? String)
            #expect(clip["released"] as? Bool == true, "\(clip)")
            #expect(!FileManager.default.fileExists(atPath: volume.appendingPathComponent(path).path))
            #expect(clip["sha256"] as? String == sha[volume.appendingPathComponent(path).path])
        }
        try writable?.unmount()
        writable = nil
        // The FAT image itself no longer holds the recordings.
        let left = Set(try image.mdir().map(\.path))
        #expect(expected.allSatisfy { !left.contains("::/" + $0.path) && !left.contains($0.path) })
        #expect(try recgate.run(["--home", home.path, "verify"]).status == 0)
        let audit = try recgate.run(["--home", home.path, "audit", "verify", "--json"])
        #expect(audit.status == 0)
    }
}
