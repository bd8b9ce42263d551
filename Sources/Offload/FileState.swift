#if canImport(Glibc)
import Glibc
#endif

/// Size and modification time of an open file, to notice a file that changes while it is read
/// (a recorder still writing it, or a card pulled and put back).
struct FileState: Equatable {
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    init(fd: Int32, path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw OffloadError.errno(errno, call: "fstat", path: path) }
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }

    func checkUnchanged(after: FileState, bytesRead: Int64, path: String) throws {
        guard after == self, bytesRead == size else {
            let detail = after.size != size || bytesRead > size
                ? "it grew from \(size) to \(max(after.size, bytesRead)) bytes while it was read (still recording?)"
                : bytesRead < size ? "only \(bytesRead) of \(size) bytes could be read"
                : "it was modified while it was read"
            throw OffloadError(.sourceChanged, call: "copy", path: path, message: "file changed: \(detail)")
        }
    }
}
