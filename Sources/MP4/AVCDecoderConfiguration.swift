/// The AVC decoder configuration record of an `avcC` box (ISO/IEC 14496-15 5.3.3): how long the NAL length
/// prefixes in the samples are, and the parameter sets the samples' slice headers refer to.
public struct AVCDecoderConfiguration: Sendable, Equatable {
    public let profile: UInt8
    public let level: UInt8
    /// Bytes of the big-endian length before each NAL unit in a sample: 1, 2 or 4.
    public let nalLengthSize: Int
    public let sequenceParameterSets: [[UInt8]]
    public let pictureParameterSets: [[UInt8]]
    let parameterSets: H264ParameterSets

    /// Picture size from the first SPS, in macroblocks (for reports and sanity checks).
    public var widthInMacroblocks: Int { Int(parameterSets.sps.values.first?.widthInMbs ?? 0) }

    init(avcC payload: ArraySlice<UInt8>) throws {
        var reader = ByteReader(payload)
        guard try reader.u8() == 1 else { throw BoxError("avcC has an unknown configuration version") }
        profile = try reader.u8()
        _ = try reader.u8()
        level = try reader.u8()
        let lengthSize = Int(try reader.u8() & 3) + 1
        guard lengthSize != 3 else { throw BoxError("avcC declares 3-byte NAL lengths, which 14496-15 does not allow") }
        nalLengthSize = lengthSize
        var sets = H264ParameterSets()
        var spsList: [[UInt8]] = []
        for _ in 0..<Int(try reader.u8() & 0x1F) {
            let nal = Array(try reader.bytes(Int(try reader.u16())))
            guard let sps = try? H264SequenceParameterSet(nal: nal) else { throw BoxError("avcC holds an SPS that does not parse") }
            sets.sps[sps.id] = sps
            spsList.append(nal)
        }
        var ppsList: [[UInt8]] = []
        for _ in 0..<Int(try reader.u8()) {
            let nal = Array(try reader.bytes(Int(try reader.u16())))
            guard let pps = try? H264PictureParameterSet(nal: nal) else { throw BoxError("avcC holds a PPS that does not parse") }
            sets.pps[pps.id] = pps
            ppsList.append(nal)
        }
        sequenceParameterSets = spsList
        pictureParameterSets = ppsList
        parameterSets = sets
    }
}
