import Foundation
import Testing
import DeviceKit
@testable import MassStorageDriver
import TestSupport

@Suite struct GenericFallbackTests {
    @Test func oddNamesInAPlainFolderFallBackToGeneric() throws {
        let dir = try TempDirectory()
        let t = ts(2026, 11, 3, 10, 15, 2)
        try makePlainVolume(dir.url, [
            "VID_0001.avi": t, "录像 2026-11-03.mp4": t, "clip.MOV": t, "notes.txt": t, "firmware.bin": t,
            "sub/deeper/IMG_1.jpeg": t, "voice.amr": t, "noextension": t,
            ".hidden.mp4": t, "._VID_0001.avi": t, "System Volume Information/x.mp4": t, ".Trashes/501/y.mp4": t,
            "$RECYCLE.BIN/z.mp4": t,
        ])
        let volume = try RecorderVolume(root: dir.url)
        #expect(volume.profile.name == "generic")
        #expect(volume.score > 0 && volume.score < 0.1)
        #expect(volume.scores.filter { $0.key != "generic" }.values.allSatisfy { $0 == 0 })
        #expect(volume.identity == DeviceIdentity(profile: "generic"))
        let recordings = try volume.recordings()
        #expect(recordings.map(\.path) == ["VID_0001.avi", "clip.MOV", "sub/deeper/IMG_1.jpeg", "voice.amr", "录像 2026-11-03.mp4"])
        #expect(recordings.map(\.kind) == [.video, .video, .photo, .audio, .video])
        #expect(recordings.allSatisfy { $0.nameStart == nil && $0.deviceSerial == nil && !$0.locked })
        #expect(recordings.allSatisfy { $0.modified.local == t })
        // Everything else is accounted for: housekeeping, and files whose name and content show no recording.
        let skipped = Dictionary(uniqueKeysWithValues: volume.skipped.map { ($0.path, $0.reason) })
        #expect(skipped == [
            "notes.txt": .notARecording, "firmware.bin": .notARecording, "noextension": .notARecording,
            ".hidden.mp4": .system, "._VID_0001.avi": .system, "System Volume Information/x.mp4": .system,
            ".Trashes/501/y.mp4": .system, "$RECYCLE.BIN/z.mp4": .system,
        ])
    }

    @Test func anEmptyVolumeIsRecognisedByItsMarkers() throws {
        let dir = try TempDirectory()
        try FileManager.default.createDirectory(at: dir.path("DCIM/100MEDIA"), withIntermediateDirectories: true)
        let volume = try RecorderVolume(root: dir.url)
        #expect(volume.profile.name == "dcim-datetime-serial-sequence")
        #expect(try volume.recordings().isEmpty)
    }
}

@Suite struct SerialConflictTests {
    @Test func twoSerialsInTheNamesAreRefusedNamingBoth() throws {
        let dir = try TempDirectory()
        let t = ts(2026, 11, 3, 10, 15, 2)
        try makePlainVolume(dir.url, [
            "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": t,
            "DCIM/100MEDIA/20261103_094015_A001234_0002.MP4": t,
            "DCIM/100MEDIA/20261103_095015_A009999_0001.MP4": t,
        ])
        let error = try #require(throws: MassStorageError.self) { try RecorderVolume(root: dir.url) }
        #expect(error.code == .conflictingSerials)
        #expect(error.description.contains("A001234") && error.description.contains("A009999"))
        #expect(error.description.contains("20261103_095015_A009999_0001.MP4"))
    }

    /// A profile of our own (profiles are data): serial in the names and in a device-info file.
    static let profile = VolumeProfile(
        name: "test-serial-and-info", description: "names with a serial, and SN= in INFO.TXT",
        names: [.init(pattern: #"^(?<serial>[A-Z]\d{6})_(?<start>\d{14})\.MP4$"#, startFormat: "yyyyMMddHHmmss")],
        deviceInfo: .init(paths: ["INFO.TXT"], serial: #"SN=(?<serial>\w+)"#))

    @Test func aNameSerialThatIsNotTheDeviceInfoSerialIsRefused() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["A001234_20261103093015.MP4": ts(2026, 11, 3, 9, 40)])
        try Data("SN=A001234\n".utf8).write(to: dir.path("INFO.TXT"))
        let agreeing = try RecorderVolume(root: dir.url, profiles: [Self.profile])
        #expect(agreeing.identity.serial == "A001234")

        try Data("SN=Z777777\n".utf8).write(to: dir.path("INFO.TXT"))
        let error = try #require(throws: MassStorageError.self) { try RecorderVolume(root: dir.url, profiles: [Self.profile]) }
        #expect(error.code == .conflictingSerials)
        #expect(error.description.contains("Z777777") && error.description.contains("A001234"))
        #expect(error.description.contains("INFO.TXT"))
    }
}

@Suite struct UnreadableVolumeTests {
    @Test func aMissingRootIsNamed() throws {
        let dir = try TempDirectory()
        let missing = dir.path("no-card-here")
        let error = try #require(throws: MassStorageError.self) { try RecorderVolume(root: missing) }
        #expect(error.code == .unreadable)
        #expect(error.path == missing.path)
        #expect(error.description.contains("no-card-here"))
    }

    @Test func aFileAsRootIsNotAFolder() throws {
        let dir = try TempDirectory()
        try Data().write(to: dir.path("card.img"))
        let error = try #require(throws: MassStorageError.self) { try RecorderVolume(root: dir.path("card.img")) }
        #expect(error.code == .notAFolder)
    }

    @Test func aDanglingLinkInsideIsReportedAndTheRestListed() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 40)])
        try FileManager.default.createSymbolicLink(atPath: dir.path("DCIM/100MEDIA/gone.MP4").path, withDestinationPath: "/nonexistent/x")
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"])
        let skipped = try #require(volume.skipped.first { $0.path == "DCIM/100MEDIA/gone.MP4" })
        #expect(skipped.reason == .symlink)
        #expect(skipped.detail.contains("a symbolic link to /nonexistent/x"), "\(skipped)")
    }

    @Test func aLinkToAFolderIsReportedNotFollowed() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 40)])
        try FileManager.default.createSymbolicLink(atPath: dir.path("DCIM/loop").path, withDestinationPath: dir.url.path)
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"])
        let skipped = try #require(volume.skipped.first { $0.path == "DCIM/loop" })
        #expect(skipped.reason == .symlink)
        #expect(skipped.detail.contains("a symbolic link to \(dir.url.path)"), "\(skipped)")
    }

    /// Root lists any folder whatever its mode, so the volume is read by `recgate` run as an unprivileged
    /// user (as root: `nobody`, via setpriv): the offload stops on the folder and names it.
    @Test func aFolderWithoutPermissionIsNamed() throws {
        let dir = try TempDirectory()
        let volume = dir.path("volume")
        try FileManager.default.createDirectory(at: volume.appendingPathComponent("DCIM/100MEDIA"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: volume.appendingPathComponent("DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"))
        let home = dir.path("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Unprivileged.admit(volume)
        try Unprivileged.admit(home, writable: true)
        chmod(volume.appendingPathComponent("DCIM/100MEDIA").path, 0)
        defer { chmod(volume.appendingPathComponent("DCIM/100MEDIA").path, 0o755) }
        let result = try Unprivileged.run(try PackageRoot.recgate(), ["--home", home.path, "offload", "--volume", volume.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("DCIM/100MEDIA"), "\(result.stderr)")
        #expect(result.stderr.contains("cannot list the folder") && result.stderr.lowercased().contains("permission"),
                "\(result.stderr)")
    }
}

@Suite struct NameTimeTests {
    @Test func impossibleNameTimesKeepTheirRawTextAndNoReading() throws {
        let dir = try TempDirectory()
        let t = ts(2026, 11, 3, 10, 15, 2)
        try makePlainVolume(dir.url, [
            "DCIM/100MEDIA/20261341_093015_A001234_0001.MP4": t,  // month 13, day 41
            "DCIM/100MEDIA/20261103_253015_A001234_0002.MP4": t,  // hour 25
            "DCIM/100MEDIA/20260230_093015_A001234_0003.MP4": t,  // 30 February
            "DCIM/100MEDIA/20000101_000000_A001234_0004.MP4": t,  // a flat battery's reset: still a time
        ])
        let volume = try RecorderVolume(root: dir.url)
        #expect(volume.profile.name == "dcim-datetime-serial-sequence")
        let starts = try volume.recordings().map { try #require($0.nameStart) }
        #expect(starts.map(\.raw) == ["20000101_000000", "20260230_093015", "20261103_253015", "20261341_093015"])
        #expect(starts[0].local == ts(2000, 1, 1))
        #expect(starts[0].instant == ts(2000, 1, 1).instant(in: shanghai))
        for reading in starts.dropFirst() {
            #expect(reading.local == nil, "\(reading.raw)")
            #expect(reading.instant == nil)
            #expect(reading.source == .fileName)
        }
        #expect(try volume.recordings().map(\.sequence) == [4, 3, 2, 1])
    }

    @Test func nvrExportsEndingAfterMidnightEndTheNextDay() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["20261103-235000-000500_cam-hall.local-CH12.mp4": ts(2026, 11, 4, 0, 5, 0)])
        let entry = try #require(try RecorderVolume(root: dir.url).entries().first)
        #expect(entry.recording.nameStart?.local == ts(2026, 11, 3, 23, 50, 0))
        #expect(entry.nameEnd?.local == ts(2026, 11, 4, 0, 5, 0))
        #expect(entry.nameEnd?.raw == "20261103-235000-000500")
        #expect(entry.address == "cam-hall.local" && entry.channel == "12")
    }

    /// An empty file is listed as what it is; an empty one without extension in the root is named as the
    /// FAT volume label fusefat shows as a file.
    @Test func emptyFilesAreListedAsEmpty() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 40)])
        try Data().write(to: dir.path("RECORDER"))
        try Data().write(to: dir.path("DCIM/NOTE.TXT"))
        let volume = try RecorderVolume(root: dir.url)
        #expect(try volume.recordings().map(\.path) == ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4"])
        let label = try #require(volume.skipped.first { $0.path == "RECORDER" })
        #expect(label.reason == .notARecording && label.detail.contains("FAT volume label"), "\(label)")
        let note = try #require(volume.skipped.first { $0.path == "DCIM/NOTE.TXT" })
        #expect(note.reason == .notARecording && note.detail == "an empty file (0 bytes)", "\(note)")
    }
}
