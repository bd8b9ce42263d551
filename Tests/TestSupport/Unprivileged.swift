import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process as a user without root's privileges, so a test of what an ordinary user cannot do
/// (read a file of mode 000, list a folder without permission) runs in CI, which runs as root: root reads
/// any file whatever its mode, so such a test run in-process as root could only be skipped.
///
/// As root the child is started through util-linux's `setpriv` (essential on Debian 12) as `nobody:nogroup`
/// with no supplementary groups; the kernel clears the capabilities of a process whose user ids all leave
/// 0. As any other user the child runs as that user, who is already unprivileged.
public enum Unprivileged {
    public static let user = "nobody"
    public static let group = "nogroup"

    /// Whether children are started through `setpriv` (this process is root).
    public static var dropsPrivileges: Bool { geteuid() == 0 }

    /// The command line that runs `executable` with `args` as the unprivileged user.
    public static func commandLine(_ executable: String, _ args: [String]) -> (String, [String]) {
        guard dropsPrivileges else { return (executable, args) }
        return ("setpriv", ["--reuid=\(user)", "--regid=\(group)", "--clear-groups", "--", executable] + args)
    }

    /// Runs `executable` as the unprivileged user and waits for it.
    @discardableResult
    public static func run(_ executable: String, _ args: [String], environment: [String: String] = [:]) throws
        -> ProcessOutput
    {
        let (command, arguments) = commandLine(executable, args)
        return try TestSupport.run(command, arguments, environment: environment)
    }

    /// Lets the unprivileged user reach `folder` and every folder above it (search permission for all), and,
    /// with `writable`, create files in it. Test folders are made mode 0700 by mkdtemp; nothing else changes.
    public static func admit(_ folder: URL, writable: Bool = false) throws {
        guard dropsPrivileges else { return }
        var current = folder.standardizedFileURL
        var chain: [URL] = []
        while current.path != "/" {
            chain.append(current)
            current = current.deletingLastPathComponent()
        }
        for (index, url) in chain.enumerated() {
            var info = stat()
            guard stat(url.path, &info) == 0 else { throw TestSupportError("stat \(url.path) failed (errno \(errno))") }
            var mode = info.st_mode & 0o7777 | 0o001  // others may search it
            if index == 0 && writable { mode |= 0o777 }
            if mode != info.st_mode & 0o7777, chmod(url.path, mode) != 0 {
                throw TestSupportError("chmod \(url.path) failed (errno \(errno))")
            }
        }
    }
}
