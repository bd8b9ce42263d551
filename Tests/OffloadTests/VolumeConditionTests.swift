import DeviceKit
import Foundation
import Testing
import TestSupport

/// What an offload of a mounted volume records of the device's storage: `stat -f` and `df -B1` of the same
/// mount are the oracles; the keeper's `devices --health` shows it without another command.
@Suite(.serialized)
struct VolumeConditionTests {
    let recgate = RecgateBinary.shared

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aVolumeOffloadRecordsTheVolumesStorage() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        let builder = RecorderVolumeBuilder(
            scheme: .dateTimeSerialSequence,
            start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15), count: 2)
        _ = try builder.build(into: image)
        let serial = builder.serial
        let mount = try image.mount(at: temp.path("volume"))
        defer { try? mount.unmount() }
        let home = temp.path("home")

        let run = try recgate.run(["--home", home.path, "offload", "--volume", mount.root.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let stat = try TestSupport.run("stat", ["-f", "-c", "%S %b %a", mount.root.path])
        let figures = stat.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int64($0) }
        try #require(figures.count == 3, "\(stat.stdout) \(stat.stderr)")
        let (total, free) = (figures[0] * figures[1], figures[0] * figures[2])
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
        #expect(rows.stdout.split(separator: "\n") == ["\(serial)|\(total)|\(free)|1|offload"], "\(rows.stderr)")

        let health = try recgate.run(["--home", home.path, "devices", "--health", "--json"])
        #expect(health.status == 0, "\(health.stderr)")
        let devices = try #require(try JSONSerialization.jsonObject(with: Data(health.stdout.utf8)) as? [[String: Any]])
        let probes = try #require(devices.first { $0["serial"] as? String == serial }?["probes"] as? [[String: Any]],
                                  "\(health.stdout)")
        let storage = try #require(probes.first { $0["probe"] as? String == "storage" })
        #expect(storage["status"] as? String != "unknown", "\(storage)")
        #expect((storage["reason"] as? String)?.contains("free of") == true, "\(storage)")
    }
}
