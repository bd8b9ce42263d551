import Digest
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on one device for the length of its offload: `<home>/locks/<serial>.lock`.
///
/// Offloads of different devices run side by side in one home; two of the same device would read the
/// same recordings twice and close each other's session, so the second is refused at once. `flock` is
/// released by the kernel when the process dies, so a run killed with SIGKILL never leaves the device
/// locked; the next run of that device then knows that its sessions still marked running belong to a
/// dead process. The holder writes its pid into the file, so a refusal can say who holds the device.
public struct DeviceLock: ~Copyable {
    private let fd: Int32

    public init(_ home: GatewayHome, serial: String) throws {
        try home.prepare()
        try FileManager.default.createDirectory(at: home.locksURL, withIntermediateDirectories: true)
        let path = home.locksURL.appendingPathComponent(Self.fileName(serial: serial)).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OffloadError.errno(errno, call: "open", path: path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.holder(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw OffloadError(
                    .busy, call: "flock", path: path,
                    message: "device \(serial) is being offloaded by another process"
                        + (holder.map { " (pid \($0))" } ?? "") + "; wait for it to finish")
            }
            throw OffloadError.errno(code, call: "flock", path: path)
        }
        // Only the holder writes, so a reader sees the pid of the process holding the lock (or nothing
        // in the instant between the truncate and the write: the refusal then names no pid).
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
        self.fd = fd
    }

    /// A use that keeps the lock alive to the end of the caller's scope (`defer { lock.hold() }`).
    public func hold() {}

    deinit { close(fd) }

    /// The lock file's name: the serial with every byte outside `[A-Za-z0-9_-]` (and so `/`, `.` and
    /// anything a file system might fold) written `%xx`, so two serials never share a file and no
    /// serial names a path outside `locks/`.
    static func fileName(serial: String) -> String {
        var name = ""
        for byte in serial.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                name += "%" + hex([byte])
            }
        }
        return name + ".lock"
    }

    /// The pid the holder wrote, if it reads as one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
