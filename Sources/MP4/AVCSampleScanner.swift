/// Finds H.264 samples (access units) in AVCC framing: each NAL unit preceded by its big-endian length,
/// as `avcC`'s lengthSizeMinusOne says (ISO/IEC 14496-15 5.3.2).
///
/// A sample starts where a NAL unit with a valid header starts (`H264NALHeader`) and runs over the NAL
/// units of one access unit (H.264 7.4.1.2.3). It ends before a delimiter, SPS, PPS or SEI that follows a
/// slice, before a slice with first_mb_in_slice 0 that is not the second field of the same frame, or
/// before bytes that are not a NAL unit (audio, or the end of the data). Every slice header is parsed
/// against the reference's parameter sets (slice type, PPS id, first_mb_in_slice below the frame size,
/// frame_num 0 for IDR); SEI messages must exactly fill their NAL unit. Together these make arbitrary bytes
/// pass for a sample about as often as a 4-byte length, a header byte and a dozen header bits all agree.
struct AVCSampleScanner {
    /// What the slice headers of a sample say about its picture: enough to rebuild presentation order.
    struct Picture: Equatable {
        var isIDR: Bool
        /// nal_ref_idc is not 0: the picture is used for reference (its order count anchors the next).
        var isReference: Bool
        var frameNum: UInt32
        var picOrderCountLsb: UInt32?
        var fieldPic: Bool
        var bottomField: Bool
    }

    struct Sample: Equatable {
        var offset: Int64
        var size: Int64
        /// Contains an IDR slice: a sync sample.
        var isSync: Bool
        var picture: Picture
        var end: Int64 { offset + size }
    }

    enum Outcome: Equatable {
        case sample(Sample)
        /// A sample starts here (its first NAL unit checks out as far as it goes) but runs past the end of the data.
        case partial
        /// Too few bytes are left to tell (less than a length prefix and a NAL header).
        case cutOff
        /// The bytes here are not the start of an H.264 sample; `reason` says which check failed.
        case none(reason: String)
    }

    let nalLengthSize: Int
    private(set) var parameterSets: H264ParameterSets
    /// NAL units longer than this are taken for garbage (a few times the reference's largest sample).
    let maxNALSize: Int64
    /// Sequence parameter sets by id, for picture order count details.
    var sequenceParameterSets: [UInt32: H264SequenceParameterSet] { parameterSets.sps }

    init(configuration: AVCDecoderConfiguration, maxNALSize: Int64) {
        nalLengthSize = configuration.nalLengthSize
        parameterSets = configuration.parameterSets
        self.maxNALSize = maxNALSize
    }

    /// The SPS a picture's slices refer to (through their PPS).
    func sps(forPPS id: UInt32) -> H264SequenceParameterSet? {
        parameterSets.pps[id].flatMap { parameterSets.sps[$0.sequenceParameterSetID] }
    }

    /// Reads the sample that starts at `offset`. Reads nothing at or past `window.end`.
    mutating func sample(at offset: Int64, in window: ScanWindow) throws -> Outcome {
        let dataEnd = window.end
        var position = offset
        var firstSlice: H264SliceHeader?
        var firstSliceHeader: H264NALHeader?
        var lastSlice: H264SliceHeader?
        var fieldsSeen = 0
        var isSync = false

        func finish() -> Outcome {
            guard let firstSlice, let firstSliceHeader else { return .none(reason: "no slice before the end of the sample") }
            let picture = Picture(
                isIDR: firstSliceHeader.kind == .idrSlice, isReference: firstSliceHeader.refIdc != 0, frameNum: firstSlice.frameNum,
                picOrderCountLsb: firstSlice.picOrderCountLsb, fieldPic: firstSlice.fieldPic,
                bottomField: firstSlice.bottomField)
            return .sample(Sample(offset: offset, size: position - offset, isSync: isSync, picture: picture))
        }

        while true {
            let isFirst = position == offset
            // Fewer bytes left than a length prefix and a header: whatever comes next is cut off.
            guard position + Int64(nalLengthSize) + 1 <= dataEnd else {
                if isFirst { return .cutOff }
                return firstSlice == nil ? .partial : finish()
            }
            guard let length = try window.unsigned(at: position, size: nalLengthSize).map(Int64.init),
                  let headerByte = try window.byte(at: position + Int64(nalLengthSize))
            else { return firstSlice == nil ? .partial : finish() }
            let payloadOffset = position + Int64(nalLengthSize) + 1
            let nalEnd = position + Int64(nalLengthSize) + length
            guard length >= 1, length <= maxNALSize, let header = H264NALHeader(headerByte) else {
                if isFirst { return .none(reason: "no NAL unit header (length \(length), header byte \(headerByte))") }
                return firstSlice == nil ? .none(reason: "a NAL unit without a slice") : finish()
            }
            let cutOff = nalEnd > dataEnd

            if header.isSlice {
                guard length >= 2 else { return isFirst || firstSlice == nil ? .none(reason: "empty slice") : finish() }
                let head = Array(try window.bytes(at: payloadOffset, count: Int(min(length - 1, 96))))
                guard let slice = try? H264SliceHeader(payload: head, header: header, parameterSets: parameterSets) else {
                    if firstSlice == nil { return .none(reason: "a slice header that does not parse") }
                    return finish()
                }
                if let first = firstSlice, let last = lastSlice {
                    let sameFrameSecondField = first.fieldPic && slice.fieldPic && fieldsSeen == 1
                        && slice.bottomField != first.bottomField && slice.frameNum == first.frameNum
                    if slice.firstMbInSlice == 0 {
                        guard sameFrameSecondField else { return finish() }  // the next picture
                        fieldsSeen = 2
                    } else {
                        // Another slice of this picture shares its PPS, frame_num and field.
                        guard slice.ppsID == last.ppsID, slice.frameNum == last.frameNum,
                              slice.bottomField == last.bottomField
                        else { return finish() }
                    }
                } else {
                    // A sample's first slice starts its picture (arbitrary slice order is not supported).
                    guard slice.firstMbInSlice == 0 else { return .none(reason: "the first slice does not start at macroblock 0") }
                    firstSlice = slice
                    firstSliceHeader = header
                    fieldsSeen = 1
                }
                lastSlice = slice
                if header.kind == .idrSlice { isSync = true }
                if cutOff { return .partial }
            } else {
                switch header.kind {
                case .accessUnitDelimiter, .sps, .pps, .sei:
                    // These come before the first slice of an access unit: after one, they start the next.
                    if firstSlice != nil { return finish() }
                    if header.kind == .accessUnitDelimiter && !isFirst { return .none(reason: "a delimiter inside an access unit") }
                    guard Self.plausibleLength(length, of: header.kind) else {
                        return .none(reason: "a \(header.kind) NAL unit of \(length) bytes")
                    }
                    if cutOff { return .partial }
                    guard try validateNonSlice(header, at: payloadOffset, length: length, in: window) else {
                        return isFirst ? .none(reason: "a \(header.kind) NAL unit that does not parse") : .none(reason: "a damaged NAL unit")
                    }
                case .endOfSequence, .endOfStream, .filler:
                    // These close an access unit: only after its slices.
                    guard firstSlice != nil else { return .none(reason: "\(header.kind) before any slice") }
                    guard Self.plausibleLength(length, of: header.kind) else { return finish() }
                    if cutOff { return .partial }
                case .nonIDRSlice, .idrSlice:
                    break
                }
            }
            position = nalEnd
        }
    }

    /// Lengths the non-slice NAL units can have: checked before one that runs past the end of the data is
    /// taken for the start of a cut-off sample, when its payload cannot be checked.
    static func plausibleLength(_ length: Int64, of kind: H264NALHeader.Kind) -> Bool {
        switch kind {
        case .accessUnitDelimiter: length == 2
        case .endOfSequence, .endOfStream: length == 1
        case .sps, .pps: length <= 4096
        case .sei: length <= 1 << 20
        case .filler, .nonIDRSlice, .idrSlice: true
        }
    }

    /// Checks the payload of a delimiter, parameter set or SEI NAL unit, and keeps in-band parameter sets.
    private mutating func validateNonSlice(_ header: H264NALHeader, at payloadOffset: Int64, length: Int64, in window: ScanWindow) throws -> Bool {
        switch header.kind {
        case .accessUnitDelimiter:
            // primary_pic_type (3 bits), then the stop bit and zeros: one payload byte.
            guard length == 2, let byte = try window.byte(at: payloadOffset) else { return false }
            return byte & 0x1F == 0x10
        case .sps:
            guard length <= 4096 else { return false }
            let nal = Array(try window.bytes(at: payloadOffset - 1, count: Int(length)))
            guard let sps = try? H264SequenceParameterSet(nal: nal) else { return false }
            parameterSets.sps[sps.id] = sps
            return true
        case .pps:
            guard length <= 4096 else { return false }
            let nal = Array(try window.bytes(at: payloadOffset - 1, count: Int(length)))
            guard let pps = try? H264PictureParameterSet(nal: nal) else { return false }
            parameterSets.pps[pps.id] = pps
            return true
        case .sei:
            // Huge SEI (user data) is accepted unread rather than buffered.
            guard length <= 1 << 16 else { return true }
            return Self.seiIsWellFormed(H264.rbsp(try window.bytes(at: payloadOffset, count: Int(length - 1))))
        default:
            return true
        }
    }

    /// Whether SEI messages (7.3.2.3: type and size coded as runs of 0xFF plus a last byte) exactly fill the
    /// RBSP up to its trailing stop bit.
    static func seiIsWellFormed(_ rbsp: [UInt8]) -> Bool {
        var index = 0
        var messages = 0
        func codedValue() -> Int? {
            var total = 0
            while index < rbsp.count {
                let byte = rbsp[index]
                index += 1
                total += Int(byte)
                if byte != 0xFF { return total }
            }
            return nil
        }
        while true {
            if messages > 0, index == rbsp.count - 1, rbsp[index] == 0x80 { return true }
            guard index < rbsp.count, codedValue() != nil, let size = codedValue() else { return false }
            index += size
            guard index < rbsp.count else { return false }
            messages += 1
        }
    }
}
