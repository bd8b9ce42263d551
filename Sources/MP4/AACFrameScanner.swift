import Foundation

/// Finds AAC-LC frames (raw_data_block, ISO/IEC 14496-3 4.4.2.1) in `mdat`, where they have no ADTS header
/// and nothing says how long they are.
///
/// The length of a raw data block is only known after Huffman-decoding its scale factors and spectral data,
/// which needs the standard's codebooks. This scanner does without them. It finds candidate frame boundaries
/// with checks that need no tables, then picks among them:
/// - start: the syntax up to the end of `section_data()` of the first channel element — element id and
///   instance tag as in the reference's frames, global_gain, `ics_info()` (reserved bit 0, max_sfb within the
///   band count of the sampling rate, no predictor data in LC), and section data whose codebooks are legal
///   (not the reserved 12, no intensity in a single channel) and whose section lengths add up to exactly
///   max_sfb in every window group. What it read also gives the least size such a frame can have (a scale
///   factor and a spectral codeword for each coded band, the tool flags, ID_END).
/// - end: every raw data block ends with ID_END (binary 111) and zero bits to the byte boundary, so the byte
///   before a frame start must end that way.
/// A position where both hold is a candidate. Between two known points (the audio run between two video
/// samples) the frames are the cheapest path through the candidates, each frame charged: the negative
/// log-likelihood of its size under the reference's sizes (`FrameSizeModel`), minus how plausibly its start
/// follows the one before (`FrameStartModel`: global_gain and max_sfb change little between frames of one
/// encoder, window sequences chain). `MediaDataScanner` adds what timing says about the number of frames.
///
/// Measured on ffmpeg-made clips: of the order of one position in 10⁴–10⁵ of AAC data passes both checks
/// without being a boundary; the costs and the timing put every frame right in the tests and in the 100-odd
/// cut clips tried while writing this (tones, noise, silence, mono and stereo, 16–48 kHz, 24–160 kb/s).
///
/// Limits: AAC-LC only (no Main/LTP predictor data, no ER, HE-AAC's SBR data is skipped as fill); a run that
/// no video sample ends (audio-only files, the tail before the cut) is split as far as frame starts confirm
/// it, without the timing check, so an odd boundary is likelier there; a frame ending exactly where the file
/// was cut cannot be confirmed and is dropped; a tiny frame (an encoder's final flush) after a normal one is
/// taken for part of it.
struct AACFrameScanner {
    let config: AudioSpecificConfig
    /// id_syn_ele << 4 | element_instance_tag of the first channel element, as seen in the reference.
    let expectedFirstElements: Set<UInt8>
    let sizes: FrameSizeModel
    let starts: FrameStartModel

    /// Raw data blocks start with at most this many bytes of syntax the start check reads.
    static let headBytes = 256
    /// The smallest raw data block: one element header, empty ics_info, three zero flags and ID_END.
    static let minimumFrameSize: Int64 = 4

    /// Scale factor bands of a long and of a short window, by sampling frequency index (4.5.4, tables
    /// 4.129–4.147): max_sfb may not exceed them.
    private var bandCounts: (long: UInt32, short: UInt32) {
        switch config.samplingFrequencyIndex {
        case 0, 1: (41, 12)
        case 2: (47, 12)
        case 3, 4: (49, 14)
        case 5: (51, 14)
        case 6, 7: (47, 15)
        case 8, 9, 10: (43, 15)
        default: (40, 15)
        }
    }

    /// The size statistics of the reference's frames, and the cost of a frame of a given size.
    struct FrameSizeModel {
        let mean: Double
        let deviation: Double
        /// No frame is larger: 6144 bits per channel is the decoder's input buffer (ISO/IEC 14496-3 4.5.3.1).
        let maximum: Int64
        /// Up to here an odd size is as likely as any other; beyond it, ever less (a quarter above the
        /// reference's largest frame: two frames merged into one land there).
        private let oddLimit: Double
        private let uniformCost: Double
        /// The credit per frame boundary, see `init`.
        let boundaryCredit: Double

        init(sizes: SampleSizes, channels: Int) {
            // Summed in sample order without a copy (the reference's count is bounded by its media data).
            let values = sizes.lazy.map(Double.init)
            let mean = values.isEmpty ? 200 : values.reduce(0, +) / Double(values.count)
            let variance = values.isEmpty ? 0 : values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            self.mean = mean
            // A floor on the spread, so a reference of near-constant sizes does not make every other size absurd.
            deviation = max(variance.squareRoot(), mean * 0.15, 2)
            let largest = Double(sizes.max() ?? 0)
            maximum = max(Int64(768 * (channels > 0 ? channels : 8)), Int64(largest))
            oddLimit = min(max(largest * 1.25, mean + 4 * deviation, 64), Double(maximum))
            uniformCost = -log(0.2 / oddLimit)
            let typicalCost = -log(0.8 / (deviation * (2 * Double.pi).squareRoot()))
            // A stray candidate inside a typical frame splits it into a typical and an odd-sized piece (cost
            // typical + uniform − 2·credit against typical − credit): splitting loses while credit < uniform.
            // Two true odd-sized frames (silence) then merge, unless timing or their starts say otherwise (see
            // `MediaDataScanner`, `FrameStartModel`): a false split is the likelier mistake, so the credit sits
            // below uniform.
            boundaryCredit = (uniformCost + min(typicalCost, uniformCost)) / 2
        }

        func cost(_ size: Int64) -> Double {
            let value = Double(size)
            let z = (value - mean) / deviation
            let normal = 0.8 * exp(-z * z / 2) / (deviation * (2 * Double.pi).squareRoot())
            var odd = 0.2 / oddLimit
            if value > oddLimit { odd *= exp(-(value - oddLimit) / (0.1 * oddLimit)) }
            return -log(max(normal + odd, 1e-300)) - boundaryCredit
        }
    }

    /// How well one frame start follows another, as log-likelihood ratios of the reference's consecutive frames
    /// against arbitrary bytes. Consecutive frames of an encoder keep max_sfb (it follows the coded bandwidth)
    /// and move global_gain a little, while bytes that merely pass the syntax check have arbitrary values.
    /// Only changes are learnt, not values, since content changes values (noise codes more bands than a tone).
    /// Window sequences must also chain as the standard's windows overlap (long → long or start, start →
    /// short, short → short or stop, stop → long or start). Each term has a floor: doubted, not ruled out.
    struct FrameStartModel {
        private var sfbStepCounts = [Int](repeating: 0, count: FrameStartModel.sfbBuckets.count)
        private var sfbStepTotal = 0
        private var gainStepCounts = [Int](repeating: 0, count: FrameStartModel.gainBuckets.count)
        private var gainStepTotal = 0
        /// How often the reference's frames start with each element key (`FrameStart.element`).
        private var elementCounts: [UInt8: Int] = [:]
        static let floor = -4.0
        static let brokenWindowChain = -3.0
        /// Upper bounds of the |Δ max_sfb| and |Δ global_gain| buckets.
        private static let sfbBuckets = [0, 2, 8, 63]
        private static let gainBuckets = [0, 1, 2, 4, 8, 16, 32, 255]

        init(_ starts: [FrameStart] = []) {
            for start in starts { elementCounts[start.element, default: 0] += 1 }
            for (a, b) in zip(starts, starts.dropFirst()) {
                gainStepCounts[Self.bucket(a.globalGain, b.globalGain, Self.gainBuckets)] += 1
                gainStepTotal += 1
                if a.shortWindows == b.shortWindows {
                    sfbStepCounts[Self.bucket(a.maxSfb, b.maxSfb, Self.sfbBuckets)] += 1
                    sfbStepTotal += 1
                }
            }
        }

        private static func bucket(_ a: UInt32, _ b: UInt32, _ bounds: [Int]) -> Int {
            let step = abs(Int(a) - Int(b))
            return bounds.firstIndex { step <= $0 } ?? bounds.count - 1
        }

        /// The chance two arbitrary values below `range` differ by an amount in bucket `index`.
        private static func uniformChance(_ index: Int, _ bounds: [Int], range: Int) -> Double {
            let low = index == 0 ? 0 : bounds[index - 1] + 1
            let high = min(bounds[index], range - 1)
            guard low <= high else { return 1e-9 }
            var pairs = 0
            for step in low...high { pairs += step == 0 ? range : 2 * (range - step) }
            return Double(pairs) / Double(range * range)
        }

        private static func ratio(_ counts: [Int], _ total: Int, _ index: Int, _ bounds: [Int], range: Int) -> Double {
            let chance = Double(counts[index] + 1) / Double(total + counts.count)
            return max(log(chance / uniformChance(index, bounds, range: range)), floor)
        }

        /// How usual a frame's leading elements are, against the reference's commonest: an encoder may put a
        /// fill element before the first frame's audio (ffmpeg names itself there) but not before the others.
        func evidence(_ start: FrameStart) -> Double {
            guard let common = elementCounts.values.max() else { return 0 }
            return max(log((Double(elementCounts[start.element] ?? 0) + 0.5) / (Double(common) + 0.5)), Self.floor)
        }

        /// The evidence that `next` directly follows `start`.
        func evidence(_ start: FrameStart, followedBy next: FrameStart) -> Double {
            var total = 0.0
            if gainStepTotal > 0 {
                let index = Self.bucket(start.globalGain, next.globalGain, Self.gainBuckets)
                total += Self.ratio(gainStepCounts, gainStepTotal, index, Self.gainBuckets, range: 256)
            }
            if sfbStepTotal > 0, start.shortWindows == next.shortWindows {
                let index = Self.bucket(start.maxSfb, next.maxSfb, Self.sfbBuckets)
                total += Self.ratio(sfbStepCounts, sfbStepTotal, index, Self.sfbBuckets, range: start.shortWindows ? 16 : 64)
            }
            let allowed: [UInt32] = switch start.windowSequence {
            case 0, 3: [0, 1]  // ONLY_LONG, LONG_STOP → ONLY_LONG, LONG_START
            case 1: [2]  // LONG_START → EIGHT_SHORT
            default: [2, 3]  // EIGHT_SHORT → EIGHT_SHORT, LONG_STOP
            }
            if !allowed.contains(next.windowSequence) { total += Self.brokenWindowChain }
            return total
        }
    }

    // MARK: - Checks at one position

    /// What the start check read: the first channel element, and how short a frame with that start can be.
    struct FrameStart: Equatable {
        /// id_syn_ele << 4 | element_instance_tag, plus 0x80 when a fill element and 0x40 when a data stream
        /// element comes first.
        var element: UInt8
        /// global_gain of the first channel and max_sfb of its window: an encoder keeps both steady
        /// (max_sfb follows its bandwidth), while bytes that only happen to parse have arbitrary ones.
        var globalGain: UInt32
        var maxSfb: UInt32
        /// window_sequence: 0 ONLY_LONG, 1 LONG_START, 2 EIGHT_SHORT, 3 LONG_STOP.
        var windowSequence: UInt32
        var shortWindows: Bool { windowSequence == 2 }
        /// The bits read, plus one bit per scale factor and per spectral codeword the section data promises,
        /// the three tool flags and ID_END, in whole bytes. A boundary closer than this is not a frame's end.
        var minimumSize: Int64
    }

    /// The start of a raw data block at `offset`, or nil when the syntax does not check out there.
    func frameStart(at offset: Int64, in window: ScanWindow) throws -> FrameStart? {
        let head = try window.bytes(at: offset, count: Self.headBytes)
        guard let first = head.first, first >> 5 != 7 else { return nil }  // cheap: not ID_END
        var bits = BitReader(head)
        var promised = 0
        var fields = StartFields()
        guard let element = try? parseStart(&bits, promisedBits: &promised, fields: &fields) else { return nil }
        return FrameStart(
            element: element | (fields.leadingFill ? 0x80 : 0) | (fields.leadingData ? 0x40 : 0), globalGain: fields.globalGain, maxSfb: fields.maxSfb,
            windowSequence: fields.windowSequence,
            minimumSize: Int64((bits.bitPosition + promised + 3 + 7) / 8))
    }

    /// The start of a raw data block at `offset` whose first element is one the reference's frames start with.
    func expectedFrameStart(at offset: Int64, in window: ScanWindow) throws -> FrameStart? {
        guard let start = try frameStart(at: offset, in: window), expectedFirstElements.contains(start.element) else { return nil }
        return start
    }

    func startsFrame(at offset: Int64, in window: ScanWindow) throws -> Bool {
        try expectedFrameStart(at: offset, in: window) != nil
    }

    /// Whether the bytes just before `offset` end a raw data block: ID_END (111) then 0–7 zero bits.
    func endsFrame(before offset: Int64, in window: ScanWindow) throws -> Bool {
        guard offset >= 2 else { return false }
        let tail = try window.bytes(at: offset - 2, count: 2)
        guard tail.count == 2 else { return false }
        let previous = tail[tail.startIndex], last = tail[tail.startIndex + 1]
        guard last != 0 else { return false }
        let zeros = last.trailingZeroBitCount
        switch zeros {
        case 0...5: return (last >> zeros) & 7 == 7
        case 6: return last >> 6 == 3 && previous & 1 == 1
        default: return previous & 3 == 3  // last == 0x80
        }
    }

    /// Parses the leading elements up to the end of the first channel element's section data; adds to
    /// `promisedBits` the least the rest of the frame must still hold.
    private func parseStart(_ bits: inout BitReader, promisedBits: inout Int, fields: inout StartFields) throws -> UInt8? {
        for _ in 0..<4 {
            let id = try bits.bits(3)
            switch id {
            case 0, 3:  // SCE, LFE
                let tag = try bits.bits(4)
                guard let promised = try channelStream(&bits, shared: nil, intensityAllowed: false, fields: &fields) else { return nil }
                promisedBits += promised
                return UInt8(id << 4 | tag)
            case 1:  // CPE
                let tag = try bits.bits(4)
                var shared: ICSInfo?
                if try bits.flag() {  // common_window
                    guard let info = try icsInfo(&bits) else { return nil }
                    let msMask = try bits.bits(2)
                    guard msMask != 3 else { return nil }  // reserved
                    if msMask == 1 { try bits.skip(bits: Int(info.maxSfb) * info.groups) }
                    shared = info
                }
                guard let promised = try channelStream(&bits, shared: shared, intensityAllowed: false, fields: &fields) else { return nil }
                // The second channel: at least its global_gain and tool flags.
                promisedBits += promised + 8 + 3
                return UInt8(id << 4 | tag)
            case 4:  // DSE: skip its bytes
                fields.leadingData = true
                try bits.skip(bits: 4)
                let aligned = try bits.flag()
                var count = Int(try bits.bits(8))
                if count == 255 { count += Int(try bits.bits(8)) }
                if aligned { bits.alignToByte() }
                try bits.skip(bits: count * 8)
            case 6:  // FIL: skip its bytes
                fields.leadingFill = true
                var count = Int(try bits.bits(4))
                if count == 15 { count += Int(try bits.bits(8)) - 1 }
                try bits.skip(bits: count * 8)
            default:  // CCE and PCE do not lead a recorder's frames; END would make an empty frame
                return nil
            }
        }
        return nil
    }

    /// Fields of the first channel read on the way.
    struct StartFields {
        var globalGain: UInt32 = 0
        var maxSfb: UInt32 = 0
        var windowSequence: UInt32 = 0
        var leadingFill = false
        var leadingData = false
    }

    private struct ICSInfo {
        var windowSequence: UInt32
        var short: Bool
        var maxSfb: UInt32
        var groups: Int
    }

    private func icsInfo(_ bits: inout BitReader) throws -> ICSInfo? {
        guard try bits.bit() == 0 else { return nil }  // ics_reserved_bit
        let windowSequence = try bits.bits(2)
        try bits.skip(bits: 1)  // window_shape
        if windowSequence == 2 {  // EIGHT_SHORT_SEQUENCE
            let maxSfb = try bits.bits(4)
            guard maxSfb <= bandCounts.short else { return nil }
            let grouping = try bits.bits(7)
            return ICSInfo(windowSequence: 2, short: true, maxSfb: maxSfb, groups: 1 + (7 - grouping.nonzeroBitCount))
        }
        let maxSfb = try bits.bits(6)
        guard maxSfb <= bandCounts.long else { return nil }
        guard try bits.bit() == 0 else { return nil }  // predictor_data_present: never in LC
        return ICSInfo(windowSequence: windowSequence, short: false, maxSfb: maxSfb, groups: 1)
    }

    /// individual_channel_stream() up to the end of section_data(). Returns the bits the rest of the channel
    /// must still hold at least (a scale factor and a spectral codeword per coded band, three tool flags), or
    /// nil when the syntax is wrong.
    private func channelStream(
        _ bits: inout BitReader, shared: ICSInfo?, intensityAllowed: Bool, fields: inout StartFields
    ) throws -> Int? {
        fields.globalGain = try bits.bits(8)
        guard let info = try shared ?? icsInfo(&bits) else { return nil }
        fields.maxSfb = info.maxSfb
        fields.windowSequence = info.windowSequence
        let lengthBits = info.short ? 3 : 5
        let escape = UInt32(1 << lengthBits) - 1
        var promised = 3  // pulse_data_present, tns_data_present, gain_control_data_present
        for _ in 0..<info.groups {
            var band: UInt32 = 0
            while band < info.maxSfb {
                let codebook = try bits.bits(4)
                guard codebook != 12, intensityAllowed || codebook < 14 else { return nil }
                var length: UInt32 = 0
                while true {
                    let increment = try bits.bits(lengthBits)
                    length += increment
                    if increment != escape { break }
                    guard length <= info.maxSfb else { return nil }
                }
                guard length > 0 else { return nil }
                band += length
                guard band <= info.maxSfb else { return nil }
                if codebook != 0 { promised += Int(length) * (codebook <= 11 ? 2 : 1) }
            }
        }
        return promised
    }

    // MARK: - Splitting a run of frames

    /// A way to split a run into frames.
    struct Segmentation: Equatable {
        var starts: [Int64]
        /// Where the last frame ends.
        var end: Int64
        /// The summed frame costs (lower is likelier).
        var cost: Double
        var count: Int { starts.count }
    }

    /// Runs with more candidates than this are split without the per-count search (its cost grows with the
    /// square of the candidates); only audio-only files have runs that long.
    static let maxCandidatesForCounts = 400

    /// The best way to split the run `start..<end` (a video sample starts at `end`) for each frame count
    /// that is possible at all, so the caller can weigh counts by timing.
    func segmentations(from start: Int64, to end: Int64, in window: ScanWindow) throws -> [Int: Segmentation] {
        guard let (positions, found) = try candidates(from: start, stop: end, closeAtStop: true, in: window),
              positions.last == end
        else { return [:] }
        let n = positions.count
        if n > Self.maxCandidatesForCounts {
            guard let best = bestPath(positions, found, target: { cost in cost[n - 1].isFinite ? n - 1 : nil }) else {
                return [:]
            }
            return [best.count: best]
        }
        // cost[j * n + c]: the cheapest path from the start to candidate j in exactly c frames.
        var cost = [Double](repeating: .infinity, count: n * n)
        var previous = [Int](repeating: -1, count: n * n)
        cost[0] = 0
        for j in 1..<n {
            var i = j - 1
            while i >= 0 {
                let size = positions[j] - positions[i]
                if size > sizes.maximum { break }
                if let frameCost = frameCost(from: i, to: j, positions, found) {
                    let frame = frameCost
                    for c in 0..<j where cost[i * n + c].isFinite {
                        let total = cost[i * n + c] + frame
                        if total < cost[j * n + c + 1] {
                            cost[j * n + c + 1] = total
                            previous[j * n + c + 1] = i
                        }
                    }
                }
                i -= 1
            }
        }
        var result: [Int: Segmentation] = [:]
        for count in 1..<n where cost[(n - 1) * n + count].isFinite {
            var starts: [Int64] = []
            var node = n - 1, remaining = count
            while remaining > 0 {
                node = previous[node * n + remaining]
                remaining -= 1
                starts.append(positions[node])
            }
            result[count] = Segmentation(starts: starts.reversed(), end: end, cost: cost[(n - 1) * n + count])
        }
        return result
    }

    /// The frames of a run with no video sample after it (the end of the file, or audio-only media data):
    /// the cheapest path to the furthest candidate any path reaches, since a frame is only confirmed by a frame
    /// start after it. `endIsBoundary` lets `limit` itself close the last frame (the real end of `mdat`).
    func segment(from start: Int64, limit: Int64, endIsBoundary: Bool, in window: ScanWindow) throws -> Segmentation? {
        guard let (positions, found) = try candidates(from: start, stop: limit, closeAtStop: endIsBoundary, in: window) else {
            return nil
        }
        return bestPath(positions, found) { cost in (1..<cost.count).last { cost[$0].isFinite } }
    }

    /// Frame boundary candidates in `start..<stop`: `start` (which must start a frame), every position where a
    /// frame ends and one starts, and `stop` when `closeAtStop` and a frame ends there (no frame starts there:
    /// its entry is nil).
    private func candidates(from start: Int64, stop: Int64, closeAtStop: Bool, in window: ScanWindow) throws -> ([Int64], [FrameStart?])? {
        guard let first = try expectedFrameStart(at: start, in: window) else { return nil }
        var positions: [Int64] = [start]
        var found: [FrameStart?] = [first]
        var position = start + Self.minimumFrameSize
        while position < stop {
            if try endsFrame(before: position, in: window), let next = try expectedFrameStart(at: position, in: window) {
                positions.append(position)
                found.append(next)
            }
            position += 1
        }
        if closeAtStop, try endsFrame(before: stop, in: window) {
            positions.append(stop)
            found.append(nil)
        }
        return positions.count >= 2 ? (positions, found) : nil
    }

    /// The cost of the frame from candidate `i` to candidate `j`: its size, its start's evidence and how well
    /// the next start follows it; nil when it is shorter than its start allows or longer than any frame.
    private func frameCost(from i: Int, to j: Int, _ positions: [Int64], _ found: [FrameStart?]) -> Double? {
        guard let start = found[i] else { return nil }
        let size = positions[j] - positions[i]
        guard size >= start.minimumSize, size <= sizes.maximum else { return nil }
        var cost = sizes.cost(size) - starts.evidence(start)
        if let next = found[j] { cost -= starts.evidence(start, followedBy: next) }
        return cost
    }

    /// The cheapest path from the first candidate to the one `target` picks from the path costs.
    private func bestPath(_ positions: [Int64], _ found: [FrameStart?], target: ([Double]) -> Int?) -> Segmentation? {
        var cost = [Double](repeating: .infinity, count: positions.count)
        var previous = [Int](repeating: -1, count: positions.count)
        cost[0] = 0
        for j in 1..<positions.count {
            var i = j - 1
            while i >= 0 {
                let size = positions[j] - positions[i]
                if size > sizes.maximum { break }
                if cost[i].isFinite, let frame = frameCost(from: i, to: j, positions, found) {
                    let total = cost[i] + frame
                    if total < cost[j] {
                        cost[j] = total
                        previous[j] = i
                    }
                }
                i -= 1
            }
        }
        guard let last = target(cost) else { return nil }
        var starts: [Int64] = []
        var node = previous[last]
        while node >= 0 {
            starts.append(positions[node])
            node = previous[node]
        }
        return Segmentation(starts: starts.reversed(), end: positions[last], cost: cost[last])
    }
}
