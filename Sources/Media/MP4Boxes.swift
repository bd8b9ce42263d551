import MP4

/// A `FileSource` read by the MP4 module (box headers, the movie box): its reads stay this layer's, so a
/// failed read is still the `MediaError` `FileSource` threw.
package struct MP4FileBytes: ByteSource {
    package let file: FileSource
    package let size: Int64
    package var path: String { file.path }

    /// `size` is the file's size when the caller has it from its own stat.
    package init(_ file: FileSource, size: Int64? = nil) {
        self.file = file
        self.size = size ?? file.size ?? 0
    }

    package func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try file.bytes(at: offset, count: count)
    }
}

extension MediaError {
    /// The one place an error out of the MP4 module becomes a `MediaError`: runs `body`, passing on a
    /// `MediaError` (a read of a `MP4FileBytes`) unchanged; an `MP4Error` keeps its errno when it has one
    /// and is otherwise invalid data, described as MP4 describes it.
    package static func readingMP4<T>(_ path: String, _ body: () throws -> T) throws(MediaError) -> T {
        do {
            return try body()
        } catch let error as MediaError {
            throw error
        } catch let MP4Error.io(file, operation, errno) {
            throw MediaError(.system(errno), call: operation, path: file)
        } catch {
            throw MediaError(.invalidData, call: "mp4", path: path, message: "\(error)")
        }
    }
}
