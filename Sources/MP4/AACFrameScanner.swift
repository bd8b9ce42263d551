import Foundation

/// Finds AAC-LC frames (raw_data_block, ISO/IEC 14496-3 4.4.2.1) in `mdat`, where they have no ADTS header
/// and nothing says how long they are.
///
/// The length of a raw data block is only known after Huffman-decoding its scale factors and spectral data,
/// which needs the standard's codebooks. This scanner does without them and uses two checks that need no
/// tables instead:
/// - the start: the syntax up to the end of `section_data()` of the first channel element — element id and
///   instance tag as in the reference's frames, global_gain, `ics_info()` (reserved bit 0, max_sfb within
///   the band count of the sampling rate, no predictor data for LC), and section data whose codebooks are
///   legal (not the reserved 12, no intensity in a single channel) and whose section lengths add up to
///   exactly max_sfb in every window group;
/// - the end: every raw data block ends with ID_END (binary 111) and zero bits up to the byte boundary, so
///   the byte before a frame start must end that way.
/// A position is a frame boundary candidate when both hold. Between two known points (a run of audio
/// between two video samples) the frames are the path through the candidates that a cost picks: each frame
/// is charged the negative log-likelihood of its size under the reference's sizes (a normal around their mean,
/// mixed with a uniform floor so odd sizes such as silence stay possible) and credited for the strong
/// evidence a candidate carries. The credit sits between the two ways of going wrong: it is too small to split
/// a typical frame in two at a stray candidate, and large enough to keep two small frames from merging.
///
/// Limits: AAC-LC only (no Main/LTP predictor data, no ER or USAC syntax); a run must be delimited by
/// something else (video samples, or the end of the media data) to be split with certainty; a frame
/// ending exactly where the file was cut cannot be confirmed and is dropped.
struct AACFrameScanner {
    let config: AudioSpecificConfig
    /// id_syn_ele << 4 | element_instance_tag of the first channel element, as seen in the reference.
    let expectedFirstElements: Set<UInt8>
    let sizes: FrameSizeModel

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
        let maximum: Int64
        /// Negative log-likelihood of a size under the mixture, and the credit per candidate boundary.
        private let uniformCost: Double
        let boundaryCredit: Double

        init(sizes: [UInt32], channels: Int) {
            let values = sizes.map(Double.init)
            let mean = values.isEmpty ? 200 : values.reduce(0, +) / Double(values.count)
            let variance = values.isEmpty ? 0 : values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            self.mean = mean
            // A floor on the spread, so a reference of near-constant sizes does not make every other size absurd.
            deviation = max(variance.squareRoot(), mean * 0.15, 2)
            // 6144 bits per channel is the decoder input buffer (4.5.3.1); allow the reference's largest twice.
            maximum = max(Int64(sizes.max() ?? 0) * 2, Int64(768 * max(channels, 1)), 64)
            uniformCost = -log(0.2 / Double(maximum))
            let typicalCost = -log(0.8 / (deviation * (2 * Double.pi).squareRoot()))
            // A stray candidate inside a typical frame splits it into a typical and an odd-sized piece (cost
            // typical + uniform − 2·credit against typical − credit): splitting loses while credit < uniform.
            // Two true odd-sized frames (silence) then merge, unless timing says otherwise (see
            // `MediaDataScanner`): a false split is the likelier mistake, so the credit sits below uniform.
            boundaryCredit = (uniformCost + min(typicalCost, uniformCost)) / 2
        }

        func cost(_ size: Int64) -> Double {
            let z = (Double(size) - mean) / deviation
            let normal = 0.8 * exp(-z * z / 2) / (deviation * (2 * Double.pi).squareRoot())
            let uniform = 0.2 / Double(maximum)
            return -log(normal + uniform) - boundaryCredit
        }
    }

    // MARK: - Checks at one position

    /// What the start check read: the first channel element, and how short a frame with that start can be.
    struct FrameStart: Equatable {
        /// id_syn_ele << 4 | element_instance_tag.
        var element: UInt8
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
        guard let element = try? parseStart(&bits, promisedBits: &promised) else { return nil }
        return FrameStart(element: element, minimumSize: Int64((bits.bitPosition + promised + 3 + 7) / 8))
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
    private func parseStart(_ bits: inout BitReader, promisedBits: inout Int) throws -> UInt8? {
        for _ in 0..<4 {
            let id = try bits.bits(3)
            switch id {
            case 0, 3:  // SCE, LFE
                let tag = try bits.bits(4)
                guard let promised = try channelStream(&bits, shared: nil, intensityAllowed: false) else { return nil }
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
                guard let promised = try channelStream(&bits, shared: shared, intensityAllowed: false) else { return nil }
                // The second channel: at least its global_gain and tool flags.
                promisedBits += promised + 8 + 3
                return UInt8(id << 4 | tag)
            case 4:  // DSE: skip its bytes
                try bits.skip(bits: 4)
                let aligned = try bits.flag()
                var count = Int(try bits.bits(8))
                if count == 255 { count += Int(try bits.bits(8)) }
                if aligned { bits.alignToByte() }
                try bits.skip(bits: count * 8)
            case 6:  // FIL: skip its bytes
                var count = Int(try bits.bits(4))
                if count == 15 { count += Int(try bits.bits(8)) - 1 }
                try bits.skip(bits: count * 8)
            default:  // CCE and PCE do not lead a recorder's frames; END would make an empty frame
                return nil
            }
        }
        return nil
    }

    private struct ICSInfo {
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
            return ICSInfo(short: true, maxSfb: maxSfb, groups: 1 + (7 - grouping.nonzeroBitCount))
        }
        let maxSfb = try bits.bits(6)
        guard maxSfb <= bandCounts.long else { return nil }
        guard try bits.bit() == 0 else { return nil }  // predictor_data_present: never in LC
        return ICSInfo(short: false, maxSfb: maxSfb, groups: 1)
    }

    /// individual_channel_stream() up to the end of section_data(). Returns the bits the rest of the channel
    /// must still hold at least (a scale factor and a spectral codeword per coded band, three tool flags), or
    /// nil when the syntax is wrong.
    private func channelStream(_ bits: inout BitReader, shared: ICSInfo?, intensityAllowed: Bool) throws -> Int? {
        try bits.skip(bits: 8)  // global_gain
        guard let info = try shared ?? icsInfo(&bits) else { return nil }
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
        guard let (positions, minimumSizes) = try candidates(from: start, stop: end, closeAtStop: true, in: window),
              positions.last == end
        else { return [:] }
        let n = positions.count
        if n > Self.maxCandidatesForCounts {
            guard let best = bestPath(positions, minimumSizes, target: { cost in cost[n - 1].isFinite ? n - 1 : nil }) else { return [:] }
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
                if size >= minimumSizes[i] {
                    let frame = sizes.cost(size)
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
        guard let (positions, minimumSizes) = try candidates(from: start, stop: limit, closeAtStop: endIsBoundary, in: window) else {
            return nil
        }
        return bestPath(positions, minimumSizes) { cost in (1..<cost.count).last { cost[$0].isFinite } }
    }

    /// Frame boundary candidates in `start..<stop`: `start` (which must start a frame), every position where a
    /// frame ends and one starts, and `stop` when `closeAtStop` and a frame ends there. Each comes with the
    /// least size a frame starting there can have.
    private func candidates(from start: Int64, stop: Int64, closeAtStop: Bool, in window: ScanWindow) throws -> ([Int64], [Int64])? {
        guard let first = try expectedFrameStart(at: start, in: window) else { return nil }
        var positions: [Int64] = [start]
        var minimumSizes: [Int64] = [first.minimumSize]
        var position = start + Self.minimumFrameSize
        while position < stop {
            if try endsFrame(before: position, in: window), let next = try expectedFrameStart(at: position, in: window) {
                positions.append(position)
                minimumSizes.append(next.minimumSize)
            }
            position += 1
        }
        if closeAtStop, try endsFrame(before: stop, in: window) {
            positions.append(stop)
            minimumSizes.append(0)
        }
        return positions.count >= 2 ? (positions, minimumSizes) : nil
    }

    /// The cheapest path from the first candidate to the one `target` picks from the path costs.
    private func bestPath(_ positions: [Int64], _ minimumSizes: [Int64], target: ([Double]) -> Int?) -> Segmentation? {
        var cost = [Double](repeating: .infinity, count: positions.count)
        var previous = [Int](repeating: -1, count: positions.count)
        cost[0] = 0
        for j in 1..<positions.count {
            var i = j - 1
            while i >= 0 {
                let size = positions[j] - positions[i]
                if size > sizes.maximum { break }
                if size >= minimumSizes[i], cost[i].isFinite {
                    let total = cost[i] + sizes.cost(size)
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
