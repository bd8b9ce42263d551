import Foundation

/// A small tmpfs mounted on a temporary folder, to fill a file system for real.
/// Mounting needs root (CAP_SYS_ADMIN); ``isPermitted`` says whether it works here.
struct TmpfsMount: Sendable {
    let directory: TemporaryDirectory
    var url: URL { self.directory.url }

    /// Mounts a tmpfs of `size` (mount(8) syntax, e.g. `1m`) on a new temporary folder.
    init(size: String) throws {
        let directory = try TemporaryDirectory("tmpfs")
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", directory.path]) else {
            directory.remove()
            throw CocoaError(.fileWriteNoPermission)
        }
        self.directory = directory
    }

    func unmount() {
        _ = Self.run("/bin/umount", [self.directory.path])
        self.directory.remove()
    }

    /// Whether this process may mount a tmpfs: tried once, on a scratch folder, and undone.
    static let isPermitted: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        guard let probe = try? TmpfsMount(size: "64k") else { return false }
        probe.unmount()
        return true
    }()

    private static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
