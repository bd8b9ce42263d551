import Foundation

/// A FAT image mounted with fusefat, unmounted by `unmount()` or, as a safety net, when released.
///
/// fusefat runs in the foreground (`-f`) as this process's child, so unmounting can wait for it to exit
/// and reap it: a daemonised fusefat is left to an init that, in some containers, never reaps it.
/// A `rw+` mount writes times with the month one too low (the mirror of the read quirk, see
/// MassStorageDriver's `FusefatQuirk`) and mangles 8.3 short names: write through mtools where that matters.
///
/// Not Sendable: it belongs to the test that mounted it.
public final class FuseMount {
    /// The mount point: the volume's root.
    public let root: URL
    public let image: URL
    public let readWrite: Bool
    private var mounted = true
    private let ownsFolder: Bool
    private let daemon: SpawnedProcess
    private let scratch: TempDirectory

    init(image: URL, readWrite: Bool, at mountPoint: URL?, source: String? = nil, options extra: [String] = []) throws {
        self.image = image
        self.readWrite = readWrite
        if let mountPoint {
            root = mountPoint.standardizedFileURL
            ownsFolder = !FileManager.default.fileExists(atPath: root.path)
        } else {
            let template = FileManager.default.temporaryDirectory.appendingPathComponent("recgate-mnt-XXXXXX").path
            var bytes = Array(template.utf8CString)
            guard let made = mkdtemp(&bytes) else { throw TestSupportError("mkdtemp failed (errno \(errno))") }
            root = URL(fileURLWithPath: String(cString: made), isDirectory: true)
            ownsFolder = true
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        scratch = try TempDirectory(prefix: "recgate-fuse")
        // TZ=UTC: fusefat turns FAT wall-clock times into st_mtime in its own zone.
        // A given source goes in as `fsname`; `subtype` keeps the type `fuse.fusefat`, which FUSE otherwise
        // drops to `fuse` when an fsname is set.
        let options = [readWrite ? "rw+" : "ro"] + (source.map { ["fsname=\($0)", "subtype=fusefat"] } ?? []) + extra
        daemon = try SpawnedProcess(
            "fusefat", ["-f", "-o", options.joined(separator: ","), image.path, root.path], environment: ["TZ": "UTC"],
            outputFolder: scratch.url)
        try waitUntilLive()
    }

    /// The mount is live when the mount table lists it and its root can be listed.
    private func waitUntilLive() throws {
        let deadline = Date().addingTimeInterval(10)
        let point = root.resolvingSymlinksInPath().path
        while Date() < deadline {
            if let status = daemon.poll() {
                mounted = false
                throw TestSupportError("fusefat exited with \(status) mounting \(image.path): \(daemon.stderr())")
            }
            let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
            let listed = table.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 4 && fields[4] == point && line.contains(" - fuse.fusefat ")
            }
            if listed, (try? FileManager.default.contentsOfDirectory(atPath: root.path)) != nil { return }
            usleep(20_000)
        }
        try? unmount()
        throw TestSupportError("fusefat did not mount \(image.path) at \(root.path) within 10 s")
    }

    /// The process id of the fusefat serving the mount: a test pulls the device out by killing it.
    public var daemonID: pid_t { daemon.pid }

    /// Unmounts (fusermount, else fusermount3), retrying for a few seconds while the mount is busy, and
    /// waits for fusefat to exit.
    public func unmount() throws {
        guard mounted else { return }
        guard which("fusermount") != nil || which("fusermount3") != nil else {
            throw TestSupportError("neither fusermount nor fusermount3 is installed (make deps installs fuse3)")
        }
        var lastError = ""
        attempts: for attempt in 0..<40 {
            for tool in ["fusermount", "fusermount3"] where which(tool) != nil {
                let output = try run(tool, ["-u", root.path])
                if output.status == 0 { break attempts }
                lastError = output.stderr
                // Busy (a file still open): wait and retry; anything else: try the other tool.
                if output.stderr.contains("busy") { break }
            }
            if daemon.poll() != nil { break }  // gone already (killed, crashed): nothing left to unmount
            if attempt == 39 { throw TestSupportError("cannot unmount \(root.path): \(lastError)") }
            usleep(100_000)
        }
        mounted = false
        try daemon.wait(seconds: 5)
        if ownsFolder { try? FileManager.default.removeItem(at: root) }
    }

    deinit {
        try? unmount()
    }
}
