import DeviceKit
import Evidence
import Foundation
import Testing
import TestSupport

/// The officer a recorder names is recorded as its holder from its earliest new recording until the dock.
@Suite(.serialized)
struct CustodyAtDockTests {
    let recgate = RecgateBinary.shared
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test func theDeviceInfoFilesOfficerHeldTheDeviceUntilItWasDocked() throws {
        let temp = try TempDirectory()
        let start = LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 30, second: 15)
        let builder = RecorderVolumeBuilder(scheme: .perDayCameraType, officer: "310077", start: start, count: 3)
        // A plain folder laid out as the recorder's card: custody needs the names, not a FAT file system.
        let volume = temp.path("volume")
        let expected = try builder.build(intoFolder: volume)
        let home = temp.path("home")

        let before = Date()
        let run = try recgate.run(["--home", home.path, "offload", "--volume", volume.path])
        #expect(run.status == 0, "\(run.stderr)")
        let after = Date()

        let catalog = try Catalog(path: home.appendingPathComponent("catalog.sqlite"))
        let rows = try catalog.custody(from: 0, to: Int64(after.timeIntervalSince1970) + 1)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        let earliest = try #require(expected.map(\.nameStart).min()?.instant(in: shanghai))
        #expect(row.officer == "310077" && row.source == "dock")
        #expect(row.deviceSerial == expected.first?.serial)
        #expect(row.fromS == Int64(earliest.timeIntervalSince1970))
        let to = try #require(row.toS)
        #expect(to >= Int64(before.timeIntervalSince1970) && to <= Int64(after.timeIntervalSince1970) + 1)

        // Docked again with nothing new: no new period.
        #expect(try recgate.run(["--home", home.path, "offload", "--volume", volume.path]).status == 0)
        #expect(try catalog.custody(from: 0, to: Int64(Date().timeIntervalSince1970) + 1).count == 1)
    }

    @Test func aVolumeNamingNoOfficerRecordsNoCustody() throws {
        let temp = try TempDirectory()
        try Oracle.recorderFolder(temp.path("volume"), serial: "A001234", count: 2, size: 4096)
        let home = temp.path("home")
        #expect(try recgate.run(["--home", home.path, "offload", "--volume", temp.path("volume").path]).status == 0)
        let catalog = try Catalog(path: home.appendingPathComponent("catalog.sqlite"))
        #expect(try catalog.custody(from: 0, to: Int64.max / 2).isEmpty)
    }
}
