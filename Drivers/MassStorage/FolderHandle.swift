#if canImport(Glibc)
import Glibc
#endif

/// An open folder of a volume, held for as long as files in it may be read or deleted: every file is
/// opened, checked and deleted relative to it (`openat`, `fstatat`, `unlinkat`), so swapping a folder
/// on the volume for a symbolic link after the walk cannot send a read or a delete anywhere else.
public final class FolderHandle: @unchecked Sendable {
    // Sendable proof: every property is immutable (`parent` is a constant reference to another immutable
    // handle). The descriptor is only ever passed as the folder argument of `*at` calls, which do not use
    // its file offset; the folder is listed through a separate descriptor (`openat(fd, ".")`), so no two
    // threads share any mutable state through it.
    public let fd: Int32
    /// Relative to the volume's root, escaped (`EscapedName`); empty for the root.
    public let path: String
    /// The folder it was opened in (nil for the root), its name there, and what `fstat` said of it.
    let parent: FolderHandle?
    let name: [UInt8]
    let device: UInt64
    let inode: UInt64

    init(fd: Int32, path: String, parent: FolderHandle?, name: [UInt8], device: UInt64, inode: UInt64) {
        self.fd = fd
        self.path = path
        self.parent = parent
        self.name = name
        self.device = device
        self.inode = inode
    }

    deinit { _ = close(fd) }

    /// Nil when this folder is still where the walk found it: each folder on its path from the root, looked
    /// up by name in its parent without following a link, is the same folder (device and inode). Otherwise
    /// what is different, in words: a folder moved away or swapped for a link since.
    public func displacement() -> String? {
        guard let parent else { return nil }
        if let above = parent.displacement() { return above }
        var status = stat()
        guard name.withCString({ fstatat(parent.fd, $0, &status, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            return "the folder \(path) is not there any more (\(String(cString: strerror(errno))))"
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            return "the folder \(path) was replaced by \(VolumeFile.describe(mode: status.st_mode))"
        }
        guard UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode else {
            return "the folder \(path) was replaced by another folder"
        }
        return nil
    }
}
