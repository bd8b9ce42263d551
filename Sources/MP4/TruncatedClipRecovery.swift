import Foundation

/// What scanning a truncated file found, before anything is written.
public struct RecoveryScan: Sendable {
    public let path: String
    public let fileSize: Int64
    /// The media data box (its size may be 0 or reach past the end of the file).
    public let mediaData: BoxHeader
    /// The media data bytes present: from the end of the mdat header to the end of the box or the file.
    public let data: Range<Int64>
    /// Samples kept, in file order.
    public var videoSamples: Int { samples.filter { $0.kind == .video }.count }
    public var audioSamples: Int { samples.filter { $0.kind == .audio }.count }
    /// Where the kept samples end.
    public let stopOffset: Int64
    public let stopReason: RecoveryReport.StopReason
    public let stopDetail: String
    let samples: [MediaDataScanner.Found]
    let drifts: [Int64]
}

/// Rebuilds a playable MP4 from a recording whose index (moov) was never written, with a healthy clip from
/// the same recorder as the reference for codec configuration, timing and layout (the approach of untrunc).
///
/// ```swift
/// let recovery = try TruncatedClipRecovery(reference: healthyClip)
/// let report = try recovery.recover(truncatedClip, to: output)
/// ```
public struct TruncatedClipRecovery: Sendable {
    public let reference: RecoveryReference

    /// Reads and checks the reference: it needs an H.264 and/or AAC-LC track whose own samples the scanners
    /// find; other codecs are refused with `MP4Error.unsupportedCodec`.
    public init(reference url: URL) throws {
        reference = try RecoveryReference(url)
    }

    public init(reference: RecoveryReference) {
        self.reference = reference
    }

    /// Finds the samples in the truncated file's media data, up to the first bytes that are not one.
    public func scan(_ truncated: URL) throws -> RecoveryScan {
        let file = try ReadOnlyFile(truncated)
        let walk = try BoxReader.topLevelBoxes(of: file)
        guard let mdat = walk.first("mdat") else {
            let found = walk.boxes.isEmpty ? "no box at all" : "boxes " + walk.boxes.map { "'\($0.type)'" }.joined(separator: ", ")
            throw MP4Error.noMediaData(path: file.path, detail: found + (walk.problem.map { "; \($0)" } ?? ""))
        }
        let dataStart = mdat.payloadOffset
        let dataEnd = min(mdat.end, file.size)
        guard dataStart < dataEnd else {
            throw MP4Error.nothingRecovered(path: file.path, detail: "its media data box is empty")
        }
        // Only a size the recorder wrote, and that fits in the file, makes the box's end a sample boundary.
        let endIsReal = !mdat.extendsToEnd && mdat.end <= file.size
        let window = ScanWindow(file: file, end: dataEnd)
        var scanner = MediaDataScanner(reference: reference)
        var result = try scanner.scan(window, from: dataStart, endIsReal: endIsReal)
        trimToDisplayablePrefix(&result)
        guard !result.samples.isEmpty else {
            throw MP4Error.nothingRecovered(path: file.path, detail: result.stopDetail)
        }
        return RecoveryScan(
            path: file.path, fileSize: file.size, mediaData: mdat, data: dataStart..<dataEnd,
            stopOffset: result.stopOffset, stopReason: result.stopReason, stopDetail: result.stopDetail,
            samples: result.samples, drifts: result.drifts)
    }

    /// Drops the trailing video samples that would be shown after pictures the cut removed (B-frames), and
    /// everything stored after the first of them, so the recovery is the recording's beginning with no holes.
    private func trimToDisplayablePrefix(_ result: inout MediaDataScanner.Result) {
        let video = result.samples.filter { $0.kind == .video }
        let keep = RecoveredTrack.displayablePrefix(video.map(\.picture), reference: reference)
        guard keep < video.count else { return }
        let cut = video[keep].offset
        result.samples.removeAll { $0.offset >= cut }
        result.stopDetail = "\(video.count - keep) video samples decoded ahead of pictures the cut removed are dropped "
            + "with what follows them (from offset \(cut)); then " + result.stopDetail
        result.stopOffset = cut
    }

    /// Scans `truncated` and writes the rebuilt MP4 to `output`, which must not exist yet.
    public func recover(_ truncated: URL, to output: URL) throws -> RecoveryReport {
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw MP4Error.refusedOutput(path: output.path, detail: "it already exists")
        }
        let scan = try scan(truncated)
        let tracks = RecoveredTrack.build(samples: scan.samples, drifts: scan.drifts, reference: reference)
        let source = try ReadOnlyFile(truncated)
        let used = scan.data.lowerBound..<scan.stopOffset
        let writer = RecoveredMovieWriter(reference: reference, tracks: tracks, source: source, data: used)
        let outputSize = try writer.write(to: output)

        let movieTimescale = reference.file.movieHeader.timescale
        let longest = tracks.map { $0.presentationDuration(movieTimescale: movieTimescale) }.max() ?? 0
        return RecoveryReport(
            truncated: scan.path, reference: reference.path, output: output.path, fileSize: scan.fileSize,
            mediaDataOffset: scan.data.lowerBound, mediaDataBytes: scan.data.upperBound - scan.data.lowerBound,
            bytesUsed: used.upperBound - used.lowerBound, stopOffset: scan.stopOffset, stopReason: scan.stopReason,
            stopDetail: scan.stopDetail,
            tracks: tracks.map { track in
                let entry = track.reference.sampleEntries[0]
                return RecoveryReport.Track(
                    trackID: track.reference.trackID, kind: track.kind == .video ? "video" : "audio",
                    format: entry.format.description, codec: entry.codecName, samples: track.table.sampleCount,
                    syncSamples: track.table.syncSamples?.count ?? track.table.sampleCount,
                    duration: Double(track.mediaDuration) / Double(track.reference.mediaTimescale), bytes: track.bytes)
            },
            duration: movieTimescale == 0 ? 0 : Double(longest) / Double(movieTimescale), outputSize: outputSize)
    }
}
