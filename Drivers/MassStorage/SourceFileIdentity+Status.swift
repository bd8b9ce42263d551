import DeviceKit
#if canImport(Glibc)
import Glibc
#endif

extension SourceFileIdentity {
    /// What `fstat` (or `fstatat`) says of a file.
    init(_ status: stat) {
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                  modifiedSeconds: Int(status.st_mtim.tv_sec), modifiedNanoseconds: Int(status.st_mtim.tv_nsec))
    }

    init(fd: Int32, path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DeviceSessionError.system(errno, call: "fstat", path: path) }
        self.init(info)
    }

    /// Throws when the file read is not what it was when opened (a recorder still writing it, a card pulled
    /// and put back), or when other than its size was read.
    func checkUnchanged(after: SourceFileIdentity, bytesRead: Int64, path: String) throws {
        guard after == self, bytesRead == size else {
            let detail = after.size != size || bytesRead > size
                ? "it grew from \(size) to \(max(after.size, bytesRead)) bytes while it was read (still recording?)"
                : bytesRead < size ? "only \(bytesRead) of \(size) bytes could be read"
                : "it was modified while it was read"
            throw DeviceSessionError(.sourceChanged, call: "copy", path: path, message: "file changed: \(detail)")
        }
    }

    /// How `now` differs from this identity, in words; nil when it is the same file, unchanged.
    func difference(to now: SourceFileIdentity) -> String? {
        if now.device != device || now.inode != inode { return "another file has its name now (it was replaced)" }
        if now.size != size { return "its size changed from \(size) to \(now.size) bytes" }
        if now.modifiedSeconds != modifiedSeconds || now.modifiedNanoseconds != modifiedNanoseconds {
            return "its modification time changed"
        }
        return nil
    }
}
