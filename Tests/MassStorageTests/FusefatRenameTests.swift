import Foundation
import Testing
import DeviceKit
import TestSupport

/// Why a release does not rename the file aside before deleting it (see `VolumeSession.release`): on a
/// fusefat `rw+` mount a rename rewrites the entry's time. This test says so, so that it fails when a fixed
/// fusefat arrives and the aside rename can be reconsidered.
@Suite struct FusefatRenameTests {
    @Test(.enabled(if: FATImage.fuseAvailable, "needs FUSE and fusefat"))
    func aRenameOnAWritableFusefatMountRewritesTheFileTime() throws {
        let dir = try TempDirectory()
        let image = try FATImage(at: dir.path("card.img"))
        let written = try image.write(Data("clip".utf8), to: "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4",
                                      modified: ts(2026, 11, 3, 9, 40, 2))
        let mount = try image.mount(readWrite: true, at: dir.path("rw"))
        let folder = mount.root.appendingPathComponent("DCIM/100MEDIA")
        var before = stat(), after = stat()
        #expect(stat(folder.appendingPathComponent("20261103_093015_A001234_0001.MP4").path, &before) == 0)
        #expect(rename(folder.appendingPathComponent("20261103_093015_A001234_0001.MP4").path,
                       folder.appendingPathComponent(".aside").path) == 0)
        #expect(stat(folder.appendingPathComponent(".aside").path, &after) == 0)
        #expect(rename(folder.appendingPathComponent(".aside").path,
                       folder.appendingPathComponent("20261103_093015_A001234_0001.MP4").path) == 0)
        try mount.unmount()
        #expect(after.st_mtim.tv_sec != before.st_mtim.tv_sec, "fusefat no longer rewrites the time on rename")
        // On the card itself, the recording's time is no longer what the recorder wrote.
        #expect(try image.fatTime(of: "DCIM/100MEDIA/20261103_093015_A001234_0001.MP4") != written)
    }
}
