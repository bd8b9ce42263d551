/// The one-byte NAL unit header of H.264 (ITU-T H.264 7.3.1) and the checks that tell a real one from
/// arbitrary bytes.
struct H264NALHeader: Equatable {
    enum Kind: UInt8 {
        case nonIDRSlice = 1
        case idrSlice = 5
        case sei = 6
        case sps = 7
        case pps = 8
        case accessUnitDelimiter = 9
        case endOfSequence = 10
        case endOfStream = 11
        case filler = 12
    }

    let refIdc: UInt8
    let kind: Kind

    var isSlice: Bool { kind == .nonIDRSlice || kind == .idrSlice }

    /// Nil unless the byte is a header an AVC recorder writes: forbidden_zero_bit 0, a type from the list
    /// above (partitions, SVC/MVC and reserved types are refused), and nal_ref_idc as 7.4.1 requires it
    /// (non-zero for IDR slices and parameter sets, zero for SEI, delimiters, end markers and filler).
    init?(_ byte: UInt8) {
        guard byte & 0x80 == 0, let kind = Kind(rawValue: byte & 0x1F) else { return nil }
        let refIdc = byte >> 5 & 3
        switch kind {
        case .idrSlice, .sps, .pps:
            guard refIdc != 0 else { return nil }
        case .sei, .accessUnitDelimiter, .endOfSequence, .endOfStream, .filler:
            guard refIdc == 0 else { return nil }
        case .nonIDRSlice:
            break
        }
        self.refIdc = refIdc
        self.kind = kind
    }
}

enum H264 {
    /// The RBSP of a NAL unit's payload: emulation-prevention bytes (the 03 in 00 00 03) removed (7.4.1).
    static func rbsp<Bytes: Collection>(_ payload: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var result: [UInt8] = []
        result.reserveCapacity(payload.count)
        var zeros = 0
        for byte in payload {
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            zeros = byte == 0 ? zeros + 1 : 0
            result.append(byte)
        }
        return result
    }

}

/// The fields of a sequence parameter set (7.3.2.1.1) that slice headers depend on.
struct H264SequenceParameterSet: Sendable, Equatable {
    let id: UInt32
    let profileIdc: UInt8
    let separateColourPlane: Bool
    let log2MaxFrameNum: Int
    let picOrderCountType: UInt32
    let log2MaxPicOrderCountLsb: Int
    let frameMbsOnly: Bool
    let widthInMbs: UInt32
    let heightInMapUnits: UInt32

    /// Macroblocks in a frame: first_mb_in_slice must be below it.
    var frameSizeInMbs: UInt32 { widthInMbs * heightInMapUnits * (frameMbsOnly ? 1 : 2) }

    /// Parses an SPS NAL unit (header byte included).
    init(nal: [UInt8]) throws {
        guard nal.count > 4, let header = H264NALHeader(nal[0]), header.kind == .sps else { throw OutOfBytes() }
        var bits = BitReader(H264.rbsp(nal.dropFirst()))
        profileIdc = UInt8(try bits.bits(8))
        try bits.skip(bits: 16)  // constraint flags, level_idc
        id = try bits.ue()
        guard id <= 31 else { throw OutOfBytes() }
        var separateColourPlane = false
        if [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].contains(profileIdc) {
            let chromaFormat = try bits.ue()
            guard chromaFormat <= 3 else { throw OutOfBytes() }
            if chromaFormat == 3 { separateColourPlane = try bits.flag() }
            guard try bits.ue() <= 6, try bits.ue() <= 6 else { throw OutOfBytes() }  // bit depths
            try bits.skip(bits: 1)  // qpprime_y_zero_transform_bypass_flag
            if try bits.flag() {  // seq_scaling_matrix_present_flag
                for list in 0..<(chromaFormat == 3 ? 12 : 8) {
                    if try bits.flag() { try Self.skipScalingList(&bits, size: list < 6 ? 16 : 64) }
                }
            }
        }
        self.separateColourPlane = separateColourPlane
        let log2MaxFrameNumMinus4 = try bits.ue()
        guard log2MaxFrameNumMinus4 <= 12 else { throw OutOfBytes() }
        log2MaxFrameNum = Int(log2MaxFrameNumMinus4) + 4
        picOrderCountType = try bits.ue()
        var log2MaxLsb = 0
        switch picOrderCountType {
        case 0:
            let minus4 = try bits.ue()
            guard minus4 <= 12 else { throw OutOfBytes() }
            log2MaxLsb = Int(minus4) + 4
        case 1:
            try bits.skip(bits: 1)
            _ = try bits.se()
            _ = try bits.se()
            let cycle = try bits.ue()
            guard cycle <= 255 else { throw OutOfBytes() }
            for _ in 0..<cycle { _ = try bits.se() }
        case 2:
            break
        default:
            throw OutOfBytes()
        }
        log2MaxPicOrderCountLsb = log2MaxLsb
        _ = try bits.ue()  // max_num_ref_frames
        try bits.skip(bits: 1)  // gaps_in_frame_num_value_allowed_flag
        widthInMbs = try bits.ue() + 1
        heightInMapUnits = try bits.ue() + 1
        frameMbsOnly = try bits.flag()
        guard widthInMbs <= 1024, heightInMapUnits <= 1024 else { throw OutOfBytes() }
    }

    private static func skipScalingList(_ bits: inout BitReader, size: Int) throws {
        var last: Int32 = 8, next: Int32 = 8
        for _ in 0..<size where next != 0 {
            let delta = try bits.se()
            next = (last + delta + 256) % 256
            if next != 0 { last = next }
        }
    }
}

/// The fields of a picture parameter set (7.3.2.2) that slice headers depend on.
struct H264PictureParameterSet: Sendable, Equatable {
    let id: UInt32
    let sequenceParameterSetID: UInt32

    init(nal: [UInt8]) throws {
        guard nal.count > 1, let header = H264NALHeader(nal[0]), header.kind == .pps else { throw OutOfBytes() }
        var bits = BitReader(H264.rbsp(nal.dropFirst()))
        id = try bits.ue()
        sequenceParameterSetID = try bits.ue()
        guard id <= 255, sequenceParameterSetID <= 31 else { throw OutOfBytes() }
    }
}

/// The start of a slice header (7.3.3), up to the picture order count: enough to know where a picture
/// starts, whether it is a field, and its order for presentation.
struct H264SliceHeader: Equatable {
    let firstMbInSlice: UInt32
    let sliceType: UInt32
    let ppsID: UInt32
    let frameNum: UInt32
    let fieldPic: Bool
    let bottomField: Bool
    let idrPicID: UInt32?
    /// pic_order_cnt_lsb, when the SPS uses picture order count type 0.
    let picOrderCountLsb: UInt32?

    /// Parses the slice header at the start of a slice NAL unit's payload, against the parameter sets a
    /// recorder's stream uses. Throws when the bits cannot be such a header.
    init(payload: [UInt8], header: H264NALHeader, parameterSets: H264ParameterSets) throws {
        var bits = BitReader(H264.rbsp(payload))
        firstMbInSlice = try bits.ue()
        sliceType = try bits.ue()
        guard sliceType <= 9 else { throw OutOfBytes() }
        // An IDR picture holds only I (2, 7) or SI (4, 9) slices (7.4.3).
        if header.kind == .idrSlice, ![2, 4, 7, 9].contains(sliceType) { throw OutOfBytes() }
        ppsID = try bits.ue()
        guard let pps = parameterSets.pps[ppsID], let sps = parameterSets.sps[pps.sequenceParameterSetID] else {
            throw OutOfBytes()
        }
        guard firstMbInSlice < sps.frameSizeInMbs else { throw OutOfBytes() }
        if sps.separateColourPlane { try bits.skip(bits: 2) }
        frameNum = try bits.bits(sps.log2MaxFrameNum)
        // An IDR picture has frame_num 0 (7.4.3).
        if header.kind == .idrSlice, frameNum != 0 { throw OutOfBytes() }
        var fieldPic = false, bottomField = false
        if !sps.frameMbsOnly {
            fieldPic = try bits.flag()
            if fieldPic { bottomField = try bits.flag() }
        }
        self.fieldPic = fieldPic
        self.bottomField = bottomField
        idrPicID = header.kind == .idrSlice ? try bits.ue() : nil
        picOrderCountLsb = sps.picOrderCountType == 0 ? try bits.bits(sps.log2MaxPicOrderCountLsb) : nil
    }
}

/// The parameter sets of a stream, by id: from the avcC box, and any repeated in band.
struct H264ParameterSets: Sendable, Equatable {
    var sps: [UInt32: H264SequenceParameterSet] = [:]
    var pps: [UInt32: H264PictureParameterSet] = [:]
}
