import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a rebuilt MP4: `ftyp` and `moov` first (so it plays while downloading), then an `mdat` holding the
/// recovered byte range of the truncated file, copied unchanged.
struct RecoveredMovieWriter {
    let reference: RecoveryReference
    let tracks: [RecoveredTrack]
    let source: ReadOnlyFile
    /// The bytes of the truncated file that become the new media data.
    let data: Range<Int64>

    var movieTimescale: UInt32 { reference.file.movieHeader.timescale }

    /// Writes to `url` through a temporary file beside it, renamed into place once complete and synced, so a
    /// crash never leaves a half-written file under the requested name. Returns the size written.
    func write(to url: URL) throws -> Int64 {
        let fileType = reference.file.fileType.map { Array($0.bytes) } ?? Self.defaultFileType()
        let dataSize = data.upperBound - data.lowerBound
        let mdatHeaderSize: Int64 = dataSize + 8 > Int64(UInt32.max) ? 16 : 8
        // The movie box's size does not depend on the offsets written in it, only on their width.
        var large = false
        var movie = movieBox(dataStart: 0, largeOffsets: false)
        if Int64(fileType.count + movie.count) + mdatHeaderSize + dataSize > Int64(UInt32.max) {
            large = true
            movie = movieBox(dataStart: 0, largeOffsets: true)
        }
        let dataStart = Int64(fileType.count + movie.count) + mdatHeaderSize
        movie = movieBox(dataStart: dataStart, largeOffsets: large)

        var mdatHeader = BoxWriter()
        if mdatHeaderSize == 16 {
            mdatHeader.u32(1)
            mdatHeader.fourCC("mdat")
            mdatHeader.u64(UInt64(dataSize + 16))
        } else {
            mdatHeader.u32(UInt32(dataSize + 8))
            mdatHeader.fourCC("mdat")
        }

        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MP4Error.io(path: partial.path, operation: "create", errno: errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
            unlink(partial.path)  // after a successful rename this finds nothing
        }
        func put(_ bytes: [UInt8]) throws {
            var done = 0
            try bytes.withUnsafeBytes { raw in
                while done < raw.count {
                    let wrote = systemWrite(descriptor, raw.baseAddress! + done, raw.count - done)
                    if wrote < 0 {
                        if errno == EINTR { continue }
                        throw MP4Error.io(path: url.path, operation: "write", errno: errno)
                    }
                    done += wrote
                }
            }
        }
        try put(fileType)
        try put(movie)
        try put(mdatHeader.bytes)
        var offset = data.lowerBound
        while offset < data.upperBound {
            let chunk = try source.read(at: offset, count: Int(min(Int64(1 << 20), data.upperBound - offset)))
            guard !chunk.isEmpty else {
                throw MP4Error.io(path: source.path, operation: "read (file shrank)", errno: EIO)
            }
            try put(chunk)
            offset += Int64(chunk.count)
        }
        guard fsync(descriptor) == 0 else { throw MP4Error.io(path: url.path, operation: "fsync", errno: errno) }
        closed = true
        guard close(descriptor) == 0 else { throw MP4Error.io(path: url.path, operation: "close", errno: errno) }
        // link() fails if the name was taken meanwhile: never replace a file someone else put there. File
        // systems without hard links (FAT) get a rename after a last check instead.
        if link(partial.path, url.path) != 0 {
            let code = errno
            guard code == EPERM || code == ENOTSUP || code == EOPNOTSUPP, access(url.path, F_OK) != 0 else {
                throw MP4Error.io(path: url.path, operation: "create", errno: code)
            }
            guard rename(partial.path, url.path) == 0 else { throw MP4Error.io(path: url.path, operation: "rename into", errno: errno) }
        }
        return Int64(fileType.count + movie.count + mdatHeader.bytes.count) + dataSize
    }

    static func defaultFileType() -> [UInt8] {
        var writer = BoxWriter()
        writer.box("ftyp") { w in
            w.fourCC("isom")
            w.u32(0x200)
            for brand: FourCC in ["isom", "iso2", "avc1", "mp41"] { w.fourCC(brand) }
        }
        return writer.bytes
    }

    /// The movie box, with chunk offsets moved so the truncated file's `data.lowerBound` lands at `dataStart`.
    func movieBox(dataStart: Int64, largeOffsets: Bool) -> [UInt8] {
        let template = reference.file.movieHeader
        let durations = tracks.map { $0.presentationDuration(movieTimescale: movieTimescale) }
        let movieDuration = durations.max() ?? 0
        var writer = BoxWriter()
        writer.box("moov") { moov in
            let wide = movieDuration > UInt64(UInt32.max)
            // Creation times are unknown (they were in the lost index) and the reference's belong to another
            // recording, so they are left 0: unknown.
            moov.fullBox("mvhd", version: wide ? 1 : 0) { w in
                if wide { w.u64(0); w.u64(0); w.u32(movieTimescale); w.u64(movieDuration) } else {
                    w.u32(0); w.u32(0); w.u32(movieTimescale); w.u32(UInt32(movieDuration))
                }
                w.i32(template.rate)
                w.i16(template.volume)
                w.zeros(10)
                for value in template.matrix { w.i32(value) }
                w.zeros(24)
                w.u32((tracks.map(\.reference.trackID).max() ?? 0) + 1)
            }
            for (track, duration) in zip(tracks, durations) {
                trackBox(track, duration: duration, dataStart: dataStart, largeOffsets: largeOffsets, into: &moov)
            }
        }
        return writer.bytes
    }

    private func trackBox(_ track: RecoveredTrack, duration: UInt64, dataStart: Int64, largeOffsets: Bool, into writer: inout BoxWriter) {
        let header = track.reference.header
        writer.box("trak") { trak in
            let wide = duration > UInt64(UInt32.max)
            trak.fullBox("tkhd", version: wide ? 1 : 0, flags: header.flags) { w in
                if wide { w.u64(0); w.u64(0); w.u32(header.trackID); w.u32(0); w.u64(duration) } else {
                    w.u32(0); w.u32(0); w.u32(header.trackID); w.u32(0); w.u32(UInt32(duration))
                }
                w.zeros(8)
                w.i16(header.layer)
                w.i16(header.alternateGroup)
                w.i16(header.volume)
                w.zeros(2)
                for value in header.matrix { w.i32(value) }
                w.u32(header.width)
                w.u32(header.height)
            }
            if !track.editList.isEmpty {
                trak.box("edts") { edts in
                    let wideEdits = track.editList.contains { $0.segmentDuration > UInt64(UInt32.max) || $0.mediaTime > Int64(Int32.max) }
                    edts.fullBox("elst", version: wideEdits ? 1 : 0) { w in
                        w.u32(UInt32(track.editList.count))
                        for entry in track.editList {
                            if wideEdits { w.u64(entry.segmentDuration); w.i64(entry.mediaTime) } else {
                                w.u32(UInt32(entry.segmentDuration)); w.i32(Int32(entry.mediaTime))
                            }
                            w.i32(entry.mediaRate)
                        }
                    }
                }
            }
            trak.box("mdia") { mdia in
                let mediaDuration = track.mediaDuration
                let wideMedia = mediaDuration > UInt64(UInt32.max)
                mdia.fullBox("mdhd", version: wideMedia ? 1 : 0) { w in
                    if wideMedia { w.u64(0); w.u64(0); w.u32(track.reference.mediaTimescale); w.u64(mediaDuration) } else {
                        w.u32(0); w.u32(0); w.u32(track.reference.mediaTimescale); w.u32(UInt32(mediaDuration))
                    }
                    w.u16(track.reference.language)
                    w.u16(0)
                }
                mdia.append(track.reference.handlerBox.bytes)
                mdia.box("minf") { minf in
                    if let header = track.reference.mediaInformationHeader {
                        minf.append(header.bytes)
                    } else if track.kind == .video {
                        minf.fullBox("vmhd", version: 0, flags: 1) { $0.zeros(8) }
                    } else {
                        minf.fullBox("smhd", version: 0) { $0.zeros(4) }
                    }
                    // The media is in this file: one self-contained data reference, whatever the reference had.
                    minf.box("dinf") { dinf in
                        dinf.fullBox("dref", version: 0) { dref in
                            dref.u32(1)
                            dref.fullBox("url ", version: 0, flags: 1) { _ in }
                        }
                    }
                    minf.box("stbl") { stbl in
                        stbl.append(track.reference.sampleDescriptions.bytes)
                        var table = track.table
                        table.chunkOffsets = table.chunkOffsets.map { UInt64(Int64($0) - data.lowerBound + dataStart) }
                        table.write(into: &stbl, largeOffsets: largeOffsets)
                    }
                }
            }
        }
    }
}

/// write(2), named apart from the Swift methods called write.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
