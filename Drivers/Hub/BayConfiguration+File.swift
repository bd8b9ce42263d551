#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension BayConfiguration {
    /// Reads a bays file; nil when there is none.
    public static func load(from path: String) throws -> BayConfiguration? {
        guard access(path, F_OK) == 0 else { return nil }
        return try JSONDecoder().decode(BayConfiguration.self, from: Data(try PosixFile.read(path)))
    }

    /// The file's JSON: bays in number order, keys sorted, so that a rewrite changes only what changed.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var sorted = self
        sorted.bays.sort { $0.number < $1.number }
        return try encoder.encode(sorted) + Data("\n".utf8)
    }

    /// Replaces the file at `path` atomically: the new contents go to a temporary file in the same folder,
    /// are flushed, and are renamed over the old file, so a reader (or a crash) sees the old file or the new
    /// one, never a part.
    public func write(to path: String) throws {
        let bytes = try encoded()
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let temporary = "\(path).\(getpid()).tmp"
        let fd = try FileError.check(open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644), "create", temporary)
        var isOpen = true
        do {
            var offset = 0
            while offset < bytes.count {
                offset += try FileError.check(bytes.withUnsafeBytes {
                    Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset)
                }, "write", temporary)
            }
            try FileError.check(fsync(fd), "fsync", temporary)
            isOpen = false  // close releases the descriptor even when it reports an error
            try FileError.check(close(fd), "close", temporary)
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        do {
            try FileError.check(rename(temporary, path), "rename to \(path)", temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        // The rename is durable once the folder is.
        let dir = try FileError.check(open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open", folder)
        defer { close(dir) }
        try FileError.check(fsync(dir), "fsync", folder)
    }
}
