/// A rebuilt track: the reference track it copies its description from, and a sample table made from the
/// samples found in the truncated file. Chunk offsets are still offsets in the truncated file; the writer
/// moves them to where the media data lands in the new one.
struct RecoveredTrack {
    let reference: MP4Track
    let kind: MediaDataScanner.Kind
    var table = SampleTable()
    var editList: [EditListEntry] = []
    var bytes: Int64 = 0

    var mediaDuration: UInt64 { table.totalDuration }

    /// Builds the tracks for `samples` (in file order). A chunk is a run of consecutive samples of one track,
    /// which is what they were in the recorder's file.
    static func build(samples: [MediaDataScanner.Found], drifts: [Int64], reference: RecoveryReference) -> [RecoveredTrack] {
        let audioStart = audioStartOffset(drifts: drifts, reference: reference)
        var tracks: [RecoveredTrack] = []
        for (kind, track) in [(MediaDataScanner.Kind.video, reference.video), (.audio, reference.audio)] {
            guard let track else { continue }
            let own = samples.enumerated().filter { $0.element.kind == kind }
            guard !own.isEmpty else { continue }
            var recovered = RecoveredTrack(reference: track, kind: kind)
            // Chunks: a new one wherever the previous sample in the file belonged to another track.
            var chunkCounts: [Int] = []
            for (index, sample) in own {
                if index == 0 || samples[index - 1].kind != kind {
                    recovered.table.chunkOffsets.append(UInt64(sample.offset))
                    chunkCounts.append(0)
                }
                chunkCounts[chunkCounts.count - 1] += 1
            }
            recovered.table.sampleToChunk = compress(chunkCounts)
            recovered.table.sampleSizes = .table(own.map { UInt32($0.element.size) })
            recovered.bytes = own.reduce(0) { $0 + $1.element.size }
            let delta = track.sampleTable.typicalDelta ?? 1
            recovered.table.timeToSample = [.init(count: UInt32(own.count), delta: delta)]
            var mediaTime = track.editList.first { $0.mediaTime >= 0 }?.mediaTime ?? 0
            // Audio's media time skips the encoder delay: those samples are not shown. Video's skips the
            // reordering delay: composition times run from it to it + the media duration, all shown.
            var shownFromMediaTime = kind == .audio
            if kind == .video {
                let sync = own.enumerated().filter { $0.element.element.isSync }.map { UInt32($0.offset + 1) }
                recovered.table.syncSamples = sync.count == own.count ? nil : sync
                if let reordered = compositionOffsets(own.map { $0.element.picture }, delta: delta, reference: reference) {
                    recovered.table.compositionOffsets = reordered.table
                    mediaTime = reordered.shift
                    shownFromMediaTime = false
                } else if !track.sampleTable.compositionOffsets.isEmpty {
                    // The reference reorders but this stream's order cannot be rebuilt: show decode order from 0.
                    mediaTime = 0
                }
            }
            let late = kind == .audio ? audioStart : -audioStart
            recovered.editList = editList(
                reference: track.editList, startsLate: samples.contains { $0.kind != kind } ? max(0, late) : 0, mediaTime: mediaTime,
                shownDuration: shownFromMediaTime ? UInt64(max(0, Int64(recovered.mediaDuration) - mediaTime)) : recovered.mediaDuration,
                mediaTimescale: track.mediaTimescale, movieTimescale: reference.file.movieHeader.timescale)
            tracks.append(recovered)
        }
        return tracks
    }

    /// How much later than the video the audio starts, in the movie timescale (negative: earlier). The
    /// reference's own offset (its leading empty edits), moved by how far this file's drifts sit from the
    /// reference's: a recorder that buffers video before the audio starts (pre-record) writes its first audio
    /// seconds into the file, and the drift says how many. Shifts under a frame and a half are jitter.
    static func audioStartOffset(drifts: [Int64], reference: RecoveryReference) -> Int64 {
        func lead(_ track: MP4Track?) -> Int64 {
            Int64(track?.editList.prefix { $0.mediaTime == -1 }.reduce(0) { $0 + $1.segmentDuration } ?? 0)
        }
        let own = lead(reference.audio) - lead(reference.video)
        guard let model = reference.interleave, let audio = reference.audio, let video = reference.video, !drifts.isEmpty
        else { return own }
        let center = (model.low + model.high) / 2
        let shifts = drifts.map { center - $0 }.sorted()
        let shift = shifts[shifts.count / 2]
        guard abs(shift) * 2 > model.audioFrame * 3 else { return own }
        let unit = UInt64(audio.mediaTimescale) * UInt64(video.mediaTimescale)
        let movie = reference.file.movieHeader.timescale
        // unit < 2^64 and the shift is a drift difference (< 2^64), so the seconds fit; the result is clamped.
        let seconds = UInt64(abs(shift)) / unit, rest = UInt64(abs(shift)) % unit
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: UInt64(movie))
        guard !overflow, whole < 1 << 40 else { return own }
        let fraction = unit.dividingFullWidth(rest.multipliedFullWidth(by: UInt64(movie))).quotient  // < movie
        let magnitude = Int64(whole + fraction)
        return own + (shift < 0 ? -magnitude : magnitude)
    }

    /// The track's presentation length in the movie timescale: its edits, or its media if it has none.
    func presentationDuration(movieTimescale: UInt32) -> UInt64 {
        editList.isEmpty
            ? rescale(mediaDuration, from: reference.mediaTimescale, to: movieTimescale)
            : editList.reduce(0) { $0 + $1.segmentDuration }
    }

    /// Run-length stsc entries from samples per chunk.
    private static func compress(_ counts: [Int]) -> [SampleTable.SampleToChunk] {
        var entries: [SampleTable.SampleToChunk] = []
        for (index, count) in counts.enumerated() where entries.last?.samplesPerChunk != UInt32(count) {
            entries.append(.init(firstChunk: UInt32(index + 1), samplesPerChunk: UInt32(count), sampleDescriptionIndex: 1))
        }
        return entries
    }

    /// An edit list like the reference's fitted to the recovered media: an empty edit when the track starts
    /// `startsLate` (movie timescale) after the other, then one edit from `mediaTime`, the encoder delay of
    /// audio or the reordering delay of video.
    private static func editList(
        reference: [EditListEntry], startsLate: Int64, mediaTime: Int64, shownDuration shown: UInt64,
        mediaTimescale: UInt32, movieTimescale: UInt32
    ) -> [EditListEntry] {
        guard !reference.isEmpty || mediaTime != 0 || startsLate > 0 else { return [] }
        var entries: [EditListEntry] = []
        if startsLate > 0 { entries.append(EditListEntry(segmentDuration: UInt64(startsLate), mediaTime: -1)) }
        entries.append(EditListEntry(segmentDuration: rescale(shown, from: mediaTimescale, to: movieTimescale), mediaTime: mediaTime))
        return entries
    }

    /// Composition offsets from the pictures' order counts (H.264 8.2.1.1, picture order count type 0), when
    /// the reference's video is reordered (B-frames) and its SPS uses type 0: within each run from one IDR to
    /// the next, samples are presented in order-count order on the decode-time grid. Returns the ctts runs and
    /// the shift added to make every offset non-negative (the edit list starts presentation there).
    private static func compositionOffsets(
        _ pictures: [AVCSampleScanner.Picture?], delta: UInt32, reference: RecoveryReference
    ) -> (table: [SampleTable.CompositionOffset], shift: Int64)? {
        guard let orderCounts = pictureOrderCounts(pictures, reference: reference) else { return nil }
        var offsets = [Int64](repeating: 0, count: pictures.count)
        var periodStart = 0
        while periodStart < pictures.count {
            var periodEnd = periodStart + 1
            while periodEnd < pictures.count && pictures[periodEnd]?.isIDR != true { periodEnd += 1 }
            let order = (periodStart..<periodEnd).sorted { (orderCounts[$0], $0) < (orderCounts[$1], $1) }
            for (rank, index) in order.enumerated() {
                offsets[index] = Int64(periodStart + rank - index) * Int64(delta)
            }
            periodStart = periodEnd
        }
        let shift = max(0, -(offsets.min() ?? 0))
        var table: [SampleTable.CompositionOffset] = []
        for offset in offsets.map({ Int32(clamping: $0 + shift) }) {
            if table.last?.offset == offset { table[table.count - 1].count += 1 } else { table.append(.init(count: 1, offset: offset)) }
        }
        return (table, shift)
    }
}

extension RecoveredTrack {
    /// Picture order counts (H.264 8.2.1.1, type 0) of the samples in decode order, when the reference's video
    /// is reordered and its SPS uses type 0; nil otherwise (no reordering to rebuild, or a type this does not do).
    static func pictureOrderCounts(_ pictures: [AVCSampleScanner.Picture?], reference: RecoveryReference) -> [Int64]? {
        guard let video = reference.video, video.sampleTable.compositionOffsets.contains(where: { $0.offset != 0 }),
              let sps = reference.videoConfiguration?.parameterSets.sps.values.first, sps.picOrderCountType == 0
        else { return nil }
        let maxLsb = Int64(1) << sps.log2MaxPicOrderCountLsb
        var orderCounts: [Int64] = []
        var previousMsb: Int64 = 0, previousLsb: Int64 = 0
        for picture in pictures {
            guard let picture, let lsb32 = picture.picOrderCountLsb else { return nil }
            let lsb = Int64(lsb32)
            if picture.isIDR { previousMsb = 0; previousLsb = 0 }
            var msb = previousMsb
            if lsb < previousLsb && previousLsb - lsb >= maxLsb / 2 { msb += maxLsb }
            else if lsb > previousLsb && lsb - previousLsb > maxLsb / 2 { msb -= maxLsb }
            orderCounts.append(msb + lsb)
            if picture.isReference { previousMsb = msb; previousLsb = lsb }
        }
        return orderCounts
    }

    /// How many of the video samples (in decode order) to keep so the pictures shown are exactly the first
    /// ones of the recording. With B-frames a cut can fall after a P picture but before the B pictures shown
    /// ahead of it; that P picture would show after a hole, so it and everything after it are dropped.
    static func displayablePrefix(_ pictures: [AVCSampleScanner.Picture?], reference: RecoveryReference) -> Int {
        guard let orderCounts = pictureOrderCounts(pictures, reference: reference),
              let lastIDR = pictures.lastIndex(where: { $0?.isIDR == true })
        else { return pictures.count }
        // The order count step between consecutive pictures (2 for frames from most encoders), from all of them.
        var step = Int64.max
        var start = 0
        while start < pictures.count {
            var end = start + 1
            while end < pictures.count && pictures[end]?.isIDR != true { end += 1 }
            let sorted = orderCounts[start..<end].sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) where b > a { step = min(step, b - a) }
            start = end
        }
        guard step != Int64.max else { return pictures.count }
        var keep = pictures.count
        while keep > lastIDR {
            let sorted = orderCounts[lastIDR..<keep].sorted()
            guard let gap = zip(sorted, sorted.dropFirst()).first(where: { $1 - $0 > step }) else { break }
            // The first picture in decode order shown after the hole: keep what was decoded before it.
            guard let firstAhead = (lastIDR..<keep).first(where: { orderCounts[$0] > gap.0 }) else { break }
            keep = firstAhead
        }
        return keep
    }
}

/// `value` from one timescale to another, rounded to nearest, without overflowing for any 64-bit value.
func rescale(_ value: UInt64, from source: UInt32, to target: UInt32) -> UInt64 {
    guard source != target, source > 0 else { return value }
    let from = UInt64(source), to = UInt64(target)
    return value / from * to + (value % from * to + from / 2) / from
}
