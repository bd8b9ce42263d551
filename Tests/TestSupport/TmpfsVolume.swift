import Foundation

/// A small tmpfs mounted on a folder: a file system whose `statvfs` tells its real size, standing in for a
/// recorder's volume mounted by the kernel (fusefat answers `statfs` with 0 blocks). Mounting needs root
/// (CAP_SYS_ADMIN): ``isPermitted`` says whether it works here.
public final class TmpfsVolume: Sendable {
    public let root: URL

    /// Mounts a tmpfs of `size` (mount(8) syntax, e.g. `4m`) on `root`, which is created.
    public init(size: String, at root: URL) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let out = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", root.path])
        guard out.status == 0 else { throw TestSupportError("mount tmpfs on \(root.path): \(out.stderr)") }
        self.root = root
    }

    public func unmount() throws {
        let out = try run("/bin/umount", [root.path])
        guard out.status == 0 else { throw TestSupportError("umount \(root.path): \(out.stderr)") }
    }

    /// Whether this process may mount a tmpfs: tried once, on a scratch folder, and undone.
    public static let isPermitted: Bool = {
        guard getuid() == 0, let scratch = try? TempDirectory(prefix: "recgate-tmpfs"),
              let probe = try? TmpfsVolume(size: "64k", at: scratch.path("probe"))
        else { return false }
        return (try? probe.unmount()) != nil
    }()
}
