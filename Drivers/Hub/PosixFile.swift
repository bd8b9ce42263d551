#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads with plain system calls (sysfs attributes, the bays file), errors mapped by `FileError`.
enum PosixFile {
    static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = try FileError.check(open(path, O_RDONLY | O_CLOEXEC), "open", path)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try FileError.check(chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) },
                                        "read", path)
            if n == 0 { return bytes }
            bytes += chunk.prefix(n)
        }
    }
}
