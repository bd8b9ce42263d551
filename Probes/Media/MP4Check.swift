import Media
import MP4

/// The cheap integrity check of MP4 and MOV files: walk the top-level boxes, parse the index's sample
/// tables, and compare where the index says the samples are with the bytes that are there.
enum MP4Check: StructureCheck {
    /// Bytes of `mdat` beyond the last indexed sample that still count as padding. A recording whose
    /// index was written before the recording stopped leaves seconds of media (megabytes) unindexed;
    /// a writer that pads its media data leaves far less.
    static let unindexedTolerance: Int64 = 64 * 1024

    /// The largest `moov` read into memory (real ones are a few megabytes for hours of video).
    static let moovLimit: Int64 = 256 << 20

    /// No real file has more top-level boxes; hostile input must not keep the walk going.
    static let boxLimit = MP4IndexPlacement.boxLimit

    static func check(_ file: FileSource, size: Int64) throws(MediaError) -> StructureVerdict? {
        // The top-level boxes by their headers alone (the MP4 module's walk): 32 bytes read per box.
        let bytes = MP4FileBytes(file, size: size)
        let walk = try MediaError.readingMP4(file.path) { try BoxReader.topLevelBoxes(of: bytes, maxBoxes: boxLimit) }
        guard walk.beginsLikeMP4 else { return nil }
        let boxes = walk.boxes.map(MP4Box.init)
        var layout = MP4Layout(boxes: boxes, indexAtEnd: nil, fragmented: boxes.contains { $0.type == "moof" })
        var verdict = StructureVerdict(integrity: .ok)
        func fail(_ integrity: Integrity, _ note: String) {
            verdict.integrity = max(verdict.integrity, integrity)
            verdict.notes.append(note)
        }

        let mdats = boxes.filter { $0.type == "mdat" }
        if let firstMdat = mdats.first {
            layout.mediaDataEnd = min(mdats.map(\.end).max() ?? firstMdat.end, size)
        }
        if let cut = walk.cut.map(MP4Box.init) {
            fail(.truncated, "\(cut.type) box at \(cut.offset) declares \(cut.size) bytes, but the file ends \(cut.end - size) bytes short")
        }
        if let unreadable = walk.problemOffset {
            // Zeros from there to the end are space a recorder reserved and never used, not damage.
            if try MediaError.readingMP4(file.path, { try BoxReader.isZeroFilled(bytes, from: unreadable, to: size) }) {
                verdict.notes.append("\(size - unreadable) zero bytes after the last box (reserved space)")
            } else {
                fail(boxes.contains { $0.type == "moov" } ? .ok : .corrupt, "no valid box header at \(unreadable)")
            }
        }

        guard let moovHeader = walk.first("moov") else {
            fail(.truncated, "no moov box: the recording stopped before its index was written")
            verdict.mp4 = layout
            return verdict
        }
        let moov = MP4Box(moovHeader)
        if let firstMdat = mdats.first { layout.indexAtEnd = moov.offset > firstMdat.offset }
        guard moov.end <= size else {
            // Already reported as the cut box: the index itself is incomplete.
            verdict.mp4 = layout
            return verdict
        }
        guard moov.size - Int64(moov.headerSize) <= moovLimit else {
            verdict.notes.append("moov of \(moov.size) bytes not parsed")
            verdict.mp4 = layout
            return verdict
        }

        // Samples must lie in the media data: as much as the mdat boxes declare (a cut file's samples past its end
        // are a truncation, found below), so a table claiming more is damage, not a cut.
        let declaredMedia = mdats.isEmpty ? nil : mdats.reduce(Int64(0)) { total, box in
            let (sum, overflow) = total.addingReportingOverflow(max(0, box.size - Int64(box.headerSize)))
            return overflow ? .max : sum
        }
        let index = MP4SampleIndex(
            moov: try MediaError.readingMP4(file.path) { try BoxReader.load(moovHeader, from: bytes) }, mediaBytes: declaredMedia)
        layout.fragmented = layout.fragmented || index.fragmented
        layout.indexedDataEnd = index.dataEnd
        for problem in index.problems { fail(.corrupt, "index: \(problem)") }
        if index.overclaimed {
            verdict.unsafeForDemuxer = "the index claims more samples than the file holds; not opened with FFmpeg, "
                + "which would allocate memory for every claimed sample"
        }

        if !layout.fragmented, let indexed = index.dataEnd {
            if indexed > size {
                fail(.truncated, "the index describes samples up to byte \(indexed), but the file ends at \(size)")
            } else if let dataEnd = layout.mediaDataEnd, dataEnd - indexed > unindexedTolerance {
                fail(.truncated, "\(dataEnd - indexed) bytes of media data after the last indexed sample: the index ends before the data")
            }
        }
        if !layout.fragmented, index.tracks.allSatisfy({ $0.sampleCount == 0 }), !mdats.isEmpty {
            fail(.truncated, "the index describes no samples, though the file has media data")
        }
        verdict.mp4 = layout
        return verdict
    }
}
