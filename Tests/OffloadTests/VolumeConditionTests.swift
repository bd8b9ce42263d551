import DeviceKit
import Foundation
import Testing
import TestSupport

/// What an offload of a mounted volume records of the device's storage: `stat -f` and `df -B1` of the same
/// mount are the oracles; the keeper's `devices --health` shows it without another command.
@Suite(.serialized)
struct VolumeConditionTests {
    let recgate = RecgateBinary.shared

    /// `stat -f` of a mount: total and available bytes.
    static func statFS(_ path: String) throws -> (total: Int64, available: Int64) {
        let stat = try TestSupport.run("stat", ["-f", "-c", "%S %b %a", path])
        let figures = stat.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int64($0) }
        guard stat.status == 0, figures.count == 3 else { throw TestSupportError("stat -f \(path): \(stat.stdout) \(stat.stderr)") }
        return (figures[0] * figures[1], figures[0] * figures[2])
    }

    func health(_ home: URL, serial: String) throws -> [String: Any] {
        let health = try recgate.run(["--home", home.path, "devices", "--health", "--json"])
        #expect(health.status == 0, "\(health.stderr)")
        let devices = try #require(try JSONSerialization.jsonObject(with: Data(health.stdout.utf8)) as? [[String: Any]])
        let probes = try #require(devices.first { $0["serial"] as? String == serial }?["probes"] as? [[String: Any]],
                                  "\(health.stdout)")
        return try #require(probes.first { $0["probe"] as? String == "storage" })
    }

    /// A volume mounted by a file system that tells its size (a tmpfs standing in for the kernel's vfat).
    @Test(.enabled(if: TmpfsVolume.isPermitted, "needs root to mount a tmpfs"))
    func aVolumeOffloadRecordsTheVolumesStorage() throws {
        let temp = try TempDirectory()
        let mount = try TmpfsVolume(size: "8m", at: temp.path("volume"))
        defer { try? mount.unmount() }
        _ = try Oracle.recorderFolder(mount.root, serial: "A007001", count: 2, size: 256 * 1024)
        let home = temp.path("home")

        let run = try recgate.run(["--home", home.path, "offload", "--volume", mount.root.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let (total, free) = try Self.statFS(mount.root.path)
        #expect(total == 8 << 20 && free <= total - 512 * 1024)
        // df's 1-byte blocks say the same of the mount.
        let df = try TestSupport.run("df", ["-B1", "--output=size,avail", mount.root.path])
        #expect(df.stdout.split(separator: "\n").last?.split(whereSeparator: \.isWhitespace).compactMap { Int64($0) }
            == [total, free], "\(df.stdout)")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let device = try #require(report["device"] as? [String: Any])
        let condition = try #require(device["condition"] as? [String: Any], "\(device)")
        #expect((condition["storage_total"] as? Int).map(Int64.init) == total)
        #expect((condition["storage_free"] as? Int).map(Int64.init) == free)
        #expect(condition["battery_percent"] == nil && device["condition_error"] == nil)

        let rows = try TestSupport.run("sqlite3", [
            "-readonly", home.appendingPathComponent("catalog.sqlite").path,
            "SELECT device_serial, storage_total, storage_free, battery_percent IS NULL, source FROM device_condition",
        ])
        #expect(rows.stdout.split(separator: "\n") == ["A007001|\(total)|\(free)|1|offload"], "\(rows.stderr)")

        // The keeper's view shows it without another command.
        let storage = try health(home, serial: "A007001")
        #expect(storage["status"] as? String == "ok", "\(storage)")
        #expect((storage["reason"] as? String)?.contains("free of 8 MB") == true, "\(storage)")
    }

    /// fusefat tells no size (`stat -f` shows 0 blocks): the offload records no storage, and the keeper's
    /// view says it was never reported rather than a card of 0 bytes.
    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aFusefatVolumeOffloadRecordsNoStorage() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        let builder = RecorderVolumeBuilder(
            scheme: .dateTimeSerialSequence,
            start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15), count: 2)
        _ = try builder.build(into: image)
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let home = temp.path("home")
        #expect(try Self.statFS(mount.root.path).total == 0)

        let run = try recgate.run(["--home", home.path, "offload", "--volume", mount.root.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let device = try #require(report["device"] as? [String: Any])
        #expect(device["condition"] == nil && device["condition_error"] == nil, "\(device)")
        let rows = try TestSupport.run("sqlite3", [
            "-readonly", home.appendingPathComponent("catalog.sqlite").path, "SELECT count(*) FROM device_condition",
        ])
        #expect(rows.stdout == "0\n", "\(rows.stderr)")
        let storage = try health(home, serial: builder.serial)
        #expect(storage["status"] as? String == "unknown", "\(storage)")
    }
}
