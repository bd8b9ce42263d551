import Foundation
import Testing
import DeviceKit
import MassStorageDriver
import TestSupport

/// Each shipped profile against a FAT32 card built by mkfs.fat and mtools and mounted through fusefat: the
/// right profile wins, and every fact the builder put in comes back out.
@Suite struct SchemeVolumeTests {
    /// Starts chosen to cross month and year ends, where fusefat's month quirk is at its worst.
    static func builder(_ scheme: NamingScheme) -> RecorderVolumeBuilder {
        switch scheme {
        case .dateTimeSerialSequence:
            var b = RecorderVolumeBuilder(scheme: scheme, serial: "A001234", start: ts(2026, 11, 3, 9, 30, 15), count: 5)
            b.kinds = [.video, .video, .audio, .photo]
            b.locked = [1, 3]
            return b
        case .officerDateTime:
            var b = RecorderVolumeBuilder(scheme: scheme, serial: "B007700", officer: "310045",
                                          start: ts(2026, 1, 31, 23, 45, 1), count: 4)
            b.kinds = [.video, .audio, .photo]
            return b
        case .perDayCameraType:
            var b = RecorderVolumeBuilder(scheme: scheme, serial: "C123456", start: ts(2026, 12, 31, 23, 50, 3), count: 3)
            b.locked = [2]
            return b
        case .nvrExport:
            var b = RecorderVolumeBuilder(scheme: scheme, start: ts(2026, 11, 3, 9, 30, 0), count: 3)
            b.spacing = 900
            return b
        }
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"), arguments: NamingScheme.allCases)
    func fatCardThroughFusefat(_ scheme: NamingScheme) throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        let builder = Self.builder(scheme)
        let expected = try builder.build(into: image)
        let mount = try image.mount(at: dir.path("mnt"))
        defer { try? mount.unmount() }
        let root = mount.root

        let volume = try RecorderVolume(root: root)
        #expect(volume.profile.name == scheme.profileName)
        #expect(volume.score > 0.5)
        for (name, score) in volume.scores where name != scheme.profileName {
            #expect(score < volume.score, "\(name) scored \(score), \(scheme.profileName) \(volume.score)")
        }
        #expect(volume.mount?.fileSystemType == "fuse.fusefat")
        #expect(volume.fileSystemTime.fusefatQuirk)

        let serial: String? = switch scheme {
        case .dateTimeSerialSequence, .officerDateTime, .perDayCameraType: builder.serial
        case .nvrExport: nil
        }
        #expect(volume.identity.serial == serial)
        #expect(volume.identity.profile == scheme.profileName)
        if scheme == .officerDateTime || scheme == .perDayCameraType {
            #expect(volume.identity.model == "DSJ-TEST")
            #expect(volume.identity.officer == builder.officer)
        }

        let entries = try volume.entries()
        // System Volume Information, .Trashes, ._ and hidden files are not recordings.
        #expect(entries.map(\.recording.path) == expected.map(\.path))
        let oracle = try image.mdir()
        for (entry, want) in zip(entries, expected) {
            let r = entry.recording
            #expect(r.kind == want.kind, "\(r.path)")
            #expect(r.size == want.size, "\(r.path)")
            #expect(r.locked == want.locked, "\(r.path)")
            #expect(r.deviceSerial == want.serial, "\(r.path)")
            #expect(r.officer == want.officer, "\(r.path)")
            #expect(r.sequence == want.sequence, "\(r.path)")
            #expect(entry.camera == want.camera && entry.address == want.address && entry.channel == want.channel)

            let start = try #require(r.nameStart, "\(r.path) has no name start")
            #expect(start.source == .fileName)
            #expect(start.raw == want.nameStartRaw)
            #expect(start.local == want.nameStart, "\(r.path)")
            #expect(start.instant == want.nameStart.instant(in: shanghai))
            #expect(entry.nameEnd?.local == want.nameEnd)

            // The FAT time, fusefat's month undone: equal to what was set, to mtools' own reading to
            // the second (mcopy -m), and to mdir's listing to the minute.
            #expect(r.modified.source == .fileSystem)
            #expect(r.modified.local == want.fatTime, "\(r.path): \(r.modified.raw) vs \(want.fatTime)")
            #expect(r.modified.raw == want.fatTime.description)
            #expect(r.modified.zone == "Asia/Shanghai")
            #expect(r.modified.instant == want.fatTime.instant(in: shanghai))
            #expect(try image.fatTime(of: r.path) == r.modified.local)
            let listed = try #require(oracle.first { $0.path == r.path }, "mdir does not list \(r.path)")
            #expect(listed.modified == r.modified.local?.toMinute, "\(r.path)")
            #expect(listed.size == r.size)

            let bytes = try Data(contentsOf: volume.url(of: r))
            #expect(bytes == (try Data(contentsOf: want.source)))
        }
    }
}
