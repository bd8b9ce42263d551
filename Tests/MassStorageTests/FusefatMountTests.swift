import Foundation
import Testing
import DeviceKit
import MassStorageDriver
import TestSupport

/// The month quirk on a real fusefat mount, against mtools' reading of the same FAT entries.
@Suite(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
struct FusefatMountTests {
    static let times: [String: LocalTimestamp] = [
        "MAR15.MP4": ts(2026, 3, 15, 10, 15, 2),
        "NOV03.MP4": ts(2026, 11, 3, 10, 15, 2),
        "DEC20.MP4": ts(2026, 12, 20, 23, 59, 58),
        "DEC31.MP4": ts(2026, 12, 31, 23, 59, 58),
        "JAN31.MP4": ts(2026, 1, 31, 8, 0, 0),
        "RESET.MP4": ts(2000, 1, 1, 0, 0, 0),
    ]

    @Test func fusefatShowsTheMonthOneTooHighAndTheDriverUndoesIt() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        for (name, time) in Self.times {
            try image.write(Data(name.utf8), to: "VIDEO/\(name)", modified: time)
        }
        let mount = try image.mount()
        defer { try? mount.unmount() }

        // The quirk itself, so this test says so when a fixed fusefat arrives.
        let raw = try FileManager.default.attributesOfItem(atPath: mount.root.appendingPathComponent("VIDEO/NOV03.MP4").path)
        let shown = LocalTimestamp(try #require(raw[.modificationDate] as? Date), in: utc)
        #expect(shown == ts(2026, 12, 3, 10, 15, 2), "fusefat no longer shows the month one too high")

        let volume = try RecorderVolume(root: mount.root)
        #expect(volume.profile.name == "generic")
        #expect(volume.fileSystemTime.fusefatQuirk)
        let oracle = try image.mdir()
        for entry in try volume.entries() {
            let name = entry.recording.fileName
            let modified = try #require(entry.recording.modified.local)
            let listed = try #require(oracle.first { $0.path == entry.recording.path })
            #expect(try image.fatTime(of: entry.recording.path) == Self.times[name])
            if name == "JAN31.MP4" {
                // Shown as 3 March, which 3 February shows as too; with no name to go by, the plain
                // reading is taken and the entry says it was a guess.
                #expect(entry.modifiedAmbiguous)
                #expect(modified == ts(2026, 2, 3, 8, 0, 0))
            } else {
                #expect(!entry.modifiedAmbiguous, "\(name)")
                #expect(modified == Self.times[name], "\(name)")
                #expect(listed.modified == modified.toMinute, "\(name)")
            }
        }
    }

    @Test func theNameStartSettlesAnAmbiguousDate() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        // 31 January and 3 February both show as 3 March.
        let jan = try image.write(Data("a".utf8), to: "DCIM/100MEDIA/20260131_075000_A001234_0001.MP4",
                                  modified: ts(2026, 1, 31, 8, 0, 0))
        let feb = try image.write(Data("b".utf8), to: "DCIM/100MEDIA/20260203_075000_A001234_0002.MP4",
                                  modified: ts(2026, 2, 3, 8, 0, 0))
        let mount = try image.mount()
        defer { try? mount.unmount() }
        let entries = try RecorderVolume(root: mount.root).entries()
        #expect(entries.map(\.recording.modified.local) == [jan, feb])
        #expect(entries.allSatisfy { $0.modifiedAmbiguous })
        #expect(try entries.map { try image.fatTime(of: $0.recording.path) } == [jan, feb])
    }

    @Test func aPlainFolderIsNotCorrected() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["NOV03.MP4": ts(2026, 11, 3, 10, 15, 2)])
        let volume = try RecorderVolume(root: dir.url)
        #expect(!volume.fileSystemTime.fusefatQuirk)
        #expect(try volume.recordings().first?.modified.local == ts(2026, 11, 3, 10, 15, 2))
    }
}

/// Quirk detection from the mount table alone, on machines without FUSE too.
@Suite struct FusefatDetectionTests {
    @Test func aFusefatMountTableEntryTurnsTheCorrectionOnForPathsBelowIt() throws {
        let dir = try TempDirectory()
        // What fusefat would show for a FAT time of 2026-11-03 10:15:02, and a stray file outside DCIM.
        try makePlainVolume(dir.url, [
            "DCIM/100MEDIA/20261103_101000_A001234_0001.MP4": ts(2026, 12, 3, 10, 15, 2),
            "stray.mp4": ts(2026, 12, 3, 10, 20, 0),
        ])
        let root = dir.url.resolvingSymlinksInPath()
        let table = [
            MountEntry(mountPoint: "/", fileSystemType: "ext4", source: "/dev/vda"),
            MountEntry(mountPoint: root.path, fileSystemType: "fuse.fusefat", source: "fusefat"),
        ]
        let volume = try RecorderVolume(root: root.appendingPathComponent("DCIM"), zone: shanghai, volumeClockZone: nil,
                                        profiles: nil, mountTable: table)
        #expect(volume.fileSystemTime.fusefatQuirk)
        #expect(try volume.recordings().map(\.modified.local) == [ts(2026, 11, 3, 10, 15, 2)])

        let whole = try RecorderVolume(root: root, zone: shanghai, volumeClockZone: nil, profiles: nil, mountTable: table)
        // Media outside the scheme's folders are listed too: nothing on a card is skipped.
        #expect(try whole.recordings().map(\.path) == ["DCIM/100MEDIA/20261103_101000_A001234_0001.MP4", "stray.mp4"])
        #expect(try whole.recordings().last?.modified.local == ts(2026, 11, 3, 10, 20, 0))

        let plain = try RecorderVolume(root: root, zone: shanghai, volumeClockZone: nil, profiles: nil,
                                       mountTable: [table[0]])
        #expect(!plain.fileSystemTime.fusefatQuirk)
    }
}
