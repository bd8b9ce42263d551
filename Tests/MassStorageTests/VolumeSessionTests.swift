import DeviceKit
import Foundation
import MassStorageDriver
import Testing
import TestSupport

/// The mass-storage driver's device session: what it declares it supports, what it refuses (with a clear
/// error, never silently), its serial rule, and the storage of a mounted volume against `stat -f`.
struct VolumeSessionTests {
    static let options = SessionOptions(zone: TimeZone(identifier: "Asia/Shanghai")!)


    /// A folder that is not a mount's root (a card copied to the gateway's disk): its file system is not the
    /// device's, so storage is not supported, and neither are clocks or the battery.
    @Test func aFolderSessionDeclaresWhatItSupportsAndRefusesTheRest() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 45)])
        let session = try MassStorageFamily().openSession(.volume(dir.url), options: Self.options)
        #expect(session.driverName == "mass-storage")
        #expect(session.supported.names == ["identify", "list_recordings", "read_recordings", "delete_recordings"])
        #expect(session.label == dir.url.standardizedFileURL.path)
        #expect(try session.recordings().recordings.map(\.fileName) == ["20261103_093015_A001234_0001.MP4"])

        let clock = try #require(sessionRefusal { _ = try session.readClock() })
        #expect(clock.code == .unsupported && clock.message.contains("mass-storage driver cannot read the clock"), "\(clock)")
        let set = try #require(sessionRefusal { _ = try session.setClock() })
        #expect(set.code == .unsupported && set.message.contains("cannot set the clock"), "\(set)")
        let condition = try #require(sessionRefusal { _ = try session.condition() })
        #expect(condition.code == .unsupported && condition.message.contains("not a mounted volume's root"), "\(condition)")
    }

    @Test func theVolumesSerialRuleTakesTheVolumesWordAndRefusesAnother() throws {
        let dir = try TempDirectory()
        try makePlainVolume(dir.url, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 45)])
        let session = try MassStorageFamily().openSession(.volume(dir.url), options: Self.options)
        #expect(session.identity.serial == "A001234")
        #expect(try session.serial(naming: nil) == "A001234")
        #expect(try session.serial(naming: "A001234") == "A001234")
        let conflict = try #require(sessionRefusal { _ = try session.serial(naming: "B999999") })
        #expect(conflict.code == .deviceConflict && conflict.message.contains("--device names B999999"), "\(conflict)")

        let nameless = try TempDirectory()
        try makePlainVolume(nameless.url, ["VIDEO/CLIP0001.MP4": ts(2026, 11, 3, 9, 45)])
        let other = try MassStorageFamily().openSession(.volume(nameless.url), options: Self.options)
        #expect(other.identity.serial == nil)
        #expect(try other.serial(naming: "NVR-CAM-7") == "NVR-CAM-7")
        let unnamed = try #require(sessionRefusal { _ = try other.serial(naming: nil) })
        #expect(unnamed.code == .invalidArgument && unnamed.message.contains("--device SERIAL"), "\(unnamed)")
    }

    @Test func theVolumeDriverOpensNoUSBDevice() throws {
        let refused = try #require(sessionRefusal {
            _ = try MassStorageFamily().openSession(.usb(portPath: "1-1.2"), options: Self.options)
        })
        #expect(refused.code == .unsupported && refused.message.contains("mounted volume"), "\(refused)")
    }

    /// `stat -f` of a mount as figures: fundamental block size, total blocks, blocks available.
    static func statFS(_ path: String) throws -> (total: Int64, available: Int64) {
        let stat = try run("stat", ["-f", "-c", "%S %b %a", path])
        let figures = stat.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int64($0) }
        guard stat.status == 0, figures.count == 3 else { throw TestSupportError("stat -f \(path): \(stat.stdout) \(stat.stderr)") }
        return (figures[0] * figures[1], figures[0] * figures[2])
    }

    /// A volume mounted by a file system that tells its size (a tmpfs standing in for a kernel vfat mount):
    /// storage is supported, and its figures are `stat -f`'s of the mount.
    @Test(.enabled(if: TmpfsVolume.isPermitted, "needs root to mount a tmpfs"))
    func aMountedVolumeReportsItsStorageAsStatFSaysIt() throws {
        let dir = try TempDirectory()
        let mount = try TmpfsVolume(size: "4m", at: dir.path("volume"))
        defer { try? mount.unmount() }
        try makePlainVolume(mount.root, ["DCIM/100MEDIA/20261103_093015_A001234_0001.MP4": ts(2026, 11, 3, 9, 45)],
                            contents: Data(repeating: 7, count: 300_000))
        let session = try MassStorageFamily().openSession(.volume(mount.root), options: Self.options)
        #expect(session.supported.contains(.storage))
        let condition = try session.condition()
        let oracle = try Self.statFS(mount.root.path)
        #expect(condition.storageTotal == oracle.total && condition.storageFree == oracle.available)
        #expect(oracle.total == 4 << 20 && oracle.available < oracle.total)
        #expect(condition.batteryPercent == nil)
    }

    /// fusefat answers `statfs` with 0 blocks (`stat -f` shows it): the size of such a volume is unknown, so
    /// storage is not supported there, rather than a card of 0 bytes.
    @Test(.enabled(if: FATImage.fuseAvailable, "needs /dev/fuse to mount the FAT image with fusefat"))
    func aFusefatVolumeTellsNoSizeSoItsStorageIsRefused() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        _ = try image.write(Data(repeating: 7, count: 300_000), to: "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4",
                            modified: ts(2026, 11, 3, 9, 45))
        let mount = try image.mount(at: dir.path("volume"))
        defer { try? mount.unmount() }
        #expect(try Self.statFS(mount.root.path).total == 0)
        let session = try MassStorageFamily().openSession(.volume(mount.root), options: Self.options)
        #expect(!session.supported.contains(.storage))
        let refused = try #require(sessionRefusal { _ = try session.condition() })
        #expect(refused.code == .unsupported && refused.message.contains("fusefat) does not tell its size"), "\(refused)")
    }
}
