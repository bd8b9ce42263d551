#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing the testbed's sysfs attribute files (plain files in the testbed's folder).
enum SysfsText {
    /// The file's contents, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes += chunk.prefix(n)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A boolean attribute as the kernel parses it (kstrtobool: 1/y/t/on true, 0/n/f/off false).
    static func readBool(_ path: String) -> Bool? {
        guard let text = read(path)?.lowercased() else { return nil }
        if text.hasPrefix("1") || text.hasPrefix("y") || text.hasPrefix("t") || text.hasPrefix("on") { return true }
        if text.hasPrefix("0") || text.hasPrefix("n") || text.hasPrefix("f") || text.hasPrefix("of") { return false }
        return nil
    }

    /// Replaces the file's contents (the testbed's own writes; failures would be a broken testbed).
    static func write(_ path: String, _ text: String) {
        guard let file = fopen(path, "w") else { return }
        _ = text.utf8CString.withUnsafeBufferPointer { fputs($0.baseAddress, file) }
        fclose(file)
    }
}
