import DeviceKit
import Digest
import Foundation
import MassStorageDriver
import Testing
import TestSupport
@testable import Offload

/// The volume source driven directly: read (copy or digest), then change the device, then release. Each
/// step is a call, so every race is made deterministic. Plain folders where the change needs what FAT
/// cannot do (inodes that differ, symbolic links, FIFOs); a fusefat `rw+` mount for an append.
@Suite struct VolumeSourceTests {
    struct Fixture {
        let volume: RecorderVolume
        let source: SessionSource
        let files: [URL]
        let scratch: TempDirectory

        init(root: URL, count: Int = 2) throws {
            scratch = try TempDirectory()
            files = try Oracle.recorderFolder(root, count: count, size: 96 * 1024, seed: 21)
            volume = try RecorderVolume(root: root)
            source = SessionSource(session: VolumeSession(volume: volume))
        }

        var recordings: [Recording] { (try? volume.recordings()) ?? [] }

        /// Copies the recording to a scratch file; returns the bytes copied and their SHA-256.
        @discardableResult
        func copy(_ recording: Recording) throws -> (Int64, String) {
            let target = scratch.path(UUID().uuidString).path
            let fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw TestSupportError("cannot create \(target)") }
            defer { close(fd) }
            let hasher = MultiDigest([.sha256])
            let bytes = try source.copy(recording, to: fd, destinationPath: target, hasher: hasher, progress: nil)
            return (bytes, hasher.finalize().sha256)
        }
    }

    static func reason(_ outcome: ReleaseOutcome) -> String? {
        if case .skipped(let reason) = outcome { return reason }
        return nil
    }

    @Test func aRecordingReadThenUnchangedIsReleasedAndNothingElse() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        let (bytes, sha) = try f.copy(f.recordings[0])
        #expect(bytes == 96 * 1024)
        #expect(sha == (try Oracle.openssl("sha256", [f.files[0]]))[f.files[0].path])
        #expect(try f.source.release(f.recordings[0]) == .released)
        #expect(!FileManager.default.fileExists(atPath: f.files[0].path))
        #expect(FileManager.default.fileExists(atPath: f.files[1].path))
    }

    @Test func aRecordingNotReadInThisRunIsNotReleased() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        let reason = try #require(Self.reason(try f.source.release(f.recordings[0])))
        #expect(reason.contains("not read"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: f.files[0].path))
    }

    @Test func digestHashesTheDeviceBytesAndPinsThemLikeCopy() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        let digests = try f.source.digest(f.recordings[1], algorithms: [.sha256, .sm3])
        #expect(digests.sha256 == (try Oracle.openssl("sha256", [f.files[1]]))[f.files[1].path])
        #expect(digests[.sm3] == (try Oracle.openssl("sm3", [f.files[1]]))[f.files[1].path])
        #expect(try f.source.release(f.recordings[1]) == .released)
        #expect(!FileManager.default.fileExists(atPath: f.files[1].path))
    }

    @Test func aFileAppendedToAfterItWasReadIsKept() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        try f.copy(f.recordings[0])
        let handle = try FileHandle(forWritingTo: f.files[0])
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("more".utf8))
        try handle.close()
        let reason = try #require(Self.reason(try f.source.release(f.recordings[0])))
        #expect(reason.contains("size changed"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: f.files[0].path))
    }

    @Test func aFileReplacedUnderTheSameNameSizeAndTimeIsKept() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        try f.copy(f.recordings[0])
        // Same bytes, same size, the same modification time to the nanosecond: only the inode differs.
        let original = f.files[0]
        let impostor = original.deletingLastPathComponent().appendingPathComponent("impostor.tmp")
        try FileManager.default.copyItem(at: original, to: impostor)
        var status = stat()
        #expect(stat(original.path, &status) == 0)
        var times = [status.st_atim, status.st_mtim]
        #expect(utimensat(AT_FDCWD, impostor.path, &times, 0) == 0)
        #expect(rename(impostor.path, original.path) == 0)
        var now = stat()
        #expect(stat(original.path, &now) == 0)
        #expect(now.st_mtim.tv_sec == status.st_mtim.tv_sec && now.st_mtim.tv_nsec == status.st_mtim.tv_nsec)
        #expect(now.st_size == status.st_size && now.st_ino != status.st_ino)

        let reason = try #require(Self.reason(try f.source.release(f.recordings[0])))
        #expect(reason.contains("replaced"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: original.path))
    }

    @Test func aFolderSwappedForALinkAfterTheReadLetsNothingOutsideBeDeleted() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        try f.copy(f.recordings[0])
        // The folder moves aside and a link to a folder outside the volume takes its name; outside, a file
        // of the same name (and the same bytes and time) waits.
        let outside = try TempDirectory()
        let twin = outside.path(f.files[0].lastPathComponent)
        try FileManager.default.copyItem(at: f.files[0], to: twin)
        let media = dir.path("DCIM/100MEDIA")
        #expect(rename(media.path, dir.path("DCIM/moved").path) == 0)
        try FileManager.default.createSymbolicLink(atPath: media.path, withDestinationPath: outside.url.path)

        let reason = try #require(Self.reason(try f.source.release(f.recordings[0])))
        #expect(reason.contains("DCIM/100MEDIA") && reason.contains("symbolic link"), "\(reason)")
        #expect(FileManager.default.fileExists(atPath: twin.path))
        #expect(FileManager.default.fileExists(atPath: dir.path("DCIM/moved/\(f.files[0].lastPathComponent)").path))
    }

    @Test func aFIFOSwappedInAfterTheListingIsNeverRead() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        // With no writer, a blocking open of a FIFO never returns: the copy must refuse it at once.
        #expect(unlink(f.files[0].path) == 0)
        #expect(mkfifo(f.files[0].path, 0o644) == 0)
        let error = try #require(throws: OffloadError.self) { try f.copy(f.recordings[0]) }
        #expect(error.code == .sourceChanged)
        #expect(error.message.contains("FIFO"), "\(error)")
        let reason = try #require(Self.reason(try f.source.release(f.recordings[0])))
        #expect(reason.contains("not read"), "\(reason)")
    }

    @Test func aFileChangedBetweenListingAndReadIsRefused() throws {
        let dir = try TempDirectory()
        let f = try Fixture(root: dir.url)
        let handle = try FileHandle(forWritingTo: f.files[1])
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 7, count: 10))
        try handle.close()
        let error = try #require(throws: OffloadError.self) { try f.copy(f.recordings[1]) }
        #expect(error.code == .sourceChanged)
        #expect(error.message.contains("since the volume was listed"), "\(error)")
    }

    @Test func readsStopAtTheSizeSeenAtOpenPlusOneProbeByte() throws {
        let dir = try TempDirectory()
        let file = dir.path("growing.bin")
        try Data(repeating: 0xAB, count: 10).write(to: file)
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        let error = try #require(throws: OffloadError.self) {
            try StreamingCopy(chunkSize: 4, bufferCount: 2).run(
                source: fd, sourcePath: file.path, destination: nil, destinationPath: nil,
                hasher: MultiDigest([.sha256]), limit: 6)
        }
        #expect(error.code == .sourceChanged && error.message.contains("grew beyond the 6 bytes"), "\(error)")
        // Exactly six bytes and the one probe byte were read, no more.
        #expect(lseek(fd, 0, SEEK_CUR) == 7)

        #expect(lseek(fd, 0, SEEK_SET) == 0)
        let whole = try StreamingCopy(chunkSize: 4, bufferCount: 2).run(
            source: fd, sourcePath: file.path, destination: nil, destinationPath: nil,
            hasher: MultiDigest([.sha256]), limit: 10)
        #expect(whole.bytes == 10)
    }

    @Test(.enabled(if: FATImage.fuseAvailable, "needs FUSE and fusefat"))
    func aFileAppendedToOnAFATVolumeAfterTheReadIsKept() throws {
        let temp = try TempDirectory()
        let image = try FATImage(at: temp.path("card.img"))
        let expected = try RecorderVolumeBuilder(
            scheme: .dateTimeSerialSequence,
            start: LocalTimestamp(year: 2026, month: 11, day: 3, hour: 14, minute: 0, second: 0), count: 2
        ).build(into: image)
        let mount = try image.mount(readWrite: true, at: temp.path("rw"))
        defer { try? mount.unmount() }
        do {
            let volume = try RecorderVolume(root: mount.root)
            let source = SessionSource(session: VolumeSession(volume: volume))
            let recordings = try volume.recordings()
            #expect(recordings.map(\.path) == expected.map(\.path))
            let scratch = temp.path("copy").path
            for recording in recordings {
                let fd = open(scratch, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
                defer { close(fd) }
                _ = try source.copy(recording, to: fd, destinationPath: scratch, hasher: MultiDigest([.sha256]), progress: nil)
            }
            let grown = mount.root.appendingPathComponent(recordings[0].path)
            let handle = try FileHandle(forWritingTo: grown)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("still recording".utf8))
            try handle.close()

            let reason = try #require(Self.reason(try source.release(recordings[0])))
            #expect(reason.contains("size changed"), "\(reason)")
            #expect(try source.release(recordings[1]) == .released)
        }
        try mount.unmount()
        let left = Set(try image.mdir().map(\.path))
        #expect(left.contains("::/" + expected[0].path) || left.contains(expected[0].path), "\(left)")
        #expect(!left.contains("::/" + expected[1].path) && !left.contains(expected[1].path), "\(left)")
    }
}
