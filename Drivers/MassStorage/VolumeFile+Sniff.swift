import DeviceKit
#if canImport(Glibc)
import Glibc
#endif

extension VolumeFile {
    /// The kind of recording the file's content shows (`MediaSniffer`), nil for no media. Opened like any
    /// read (regular file, the one listed, no link followed); reads stay within the size seen at open.
    func sniffedKind() throws(OpenProblem) -> RecordingKind? {
        let (fd, status) = try open()
        defer { _ = close(fd) }
        let size = Int64(status.st_size)
        var failure: Int32?
        func read(_ offset: Int64, _ count: Int) -> [UInt8]? {
            let wanted = Int(max(0, min(Int64(count), size - offset)))
            var bytes = [UInt8](repeating: 0, count: wanted)
            var done = 0
            while done < wanted {
                let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, wanted - done, off_t(offset) + off_t(done)) }
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno; return nil }
                break
            }
            return Array(bytes.prefix(done))
        }
        guard let head = read(0, MediaSniffer.headLength) else {
            throw .system(call: "pread", errno: failure ?? EIO)
        }
        return MediaSniffer.kind(head: head, fileSize: size, read: read)
    }
}
