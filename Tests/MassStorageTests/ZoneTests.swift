import Foundation
import Testing
import DeviceKit
import MassStorageDriver
import TestSupport

@Suite struct ZoneTests {
    static let fat = ts(2026, 11, 3, 10, 15, 2)
    static let instant = ISO8601DateFormatter().date(from: "2026-11-03T02:15:02Z")!

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aFATTimeReadInShanghaiIsEightHoursBeforeUTC() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        try image.write(Data("x".utf8), to: "DCIM/100MEDIA/20261103_101000_A001234_0001.MP4", modified: Self.fat)
        let mount = try image.mount(at: dir.path("mnt"))
        defer { try? mount.unmount() }
        let modified = try #require(try RecorderVolume(root: mount.root).recordings().first?.modified)
        #expect(modified.raw == "2026-11-03T10:15:02")
        #expect(modified.local == Self.fat)
        #expect(modified.instant == Self.instant)
        #expect(modified.zone == "Asia/Shanghai")
    }

    @Test func theBureauZoneAndTheVolumeClockZoneAreSeparate() throws {
        let dir = try TempDirectory()
        // A mount that presents FAT times in Shanghai time (vfat tz=Asia/Shanghai): st_mtime is the instant
        // the wall clock names in Shanghai.
        let file = dir.path("DCIM/100MEDIA/20261103_101000_A001234_0001.MP4")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: Self.instant], ofItemAtPath: file.path)

        let right = try RecorderVolume(root: dir.url, volumeClockZone: shanghai).recordings()[0]
        #expect(right.modified.local == Self.fat)
        #expect(right.modified.instant == Self.instant)
        // Read as if the mount used UTC, the wall clock would be 02:15:02 and the instant 8 h early.
        let wrong = try RecorderVolume(root: dir.url).recordings()[0]
        #expect(wrong.modified.local == ts(2026, 11, 3, 2, 15, 2))
        // A bureau in another zone reads the same wall clock as another instant.
        let utcBureau = try RecorderVolume(root: dir.url, zone: utc, volumeClockZone: shanghai).recordings()[0]
        #expect(utcBureau.modified.instant == ISO8601DateFormatter().date(from: "2026-11-03T10:15:02Z"))
        #expect(utcBureau.nameStart?.instant == ISO8601DateFormatter().date(from: "2026-11-03T10:10:00Z"))
        #expect(right.nameStart?.instant == ISO8601DateFormatter().date(from: "2026-11-03T02:10:00Z"))
    }
}
