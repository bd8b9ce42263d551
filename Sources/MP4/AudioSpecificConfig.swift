/// What an `esds` box says about an AAC stream: the MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1)
/// inside the ES descriptor (ISO/IEC 14496-1 7.2.6).
public struct AudioSpecificConfig: Sendable, Equatable {
    /// objectTypeIndication of the DecoderConfigDescriptor: 0x40 MPEG-4 audio, 0x66–0x68 MPEG-2 AAC.
    public let objectTypeIndication: UInt8
    /// Audio object type: 2 is AAC-LC. For HE-AAC (5, 29) this is the core type, normally 2.
    public let audioObjectType: Int
    public let samplingFrequencyIndex: Int
    public let samplingFrequency: Int
    /// 0 means the layout is in a program config element; 1 mono (one SCE), 2 stereo (one CPE), …
    public let channelConfiguration: Int
    /// PCM samples per frame: 1024, or 960 when frameLengthFlag is set.
    public let frameLength: Int
    /// True for HE-AAC (SBR or PS signalled explicitly).
    public let hasSpectralBandReplication: Bool

    public static let samplingFrequencies = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

    /// Whether the raw data blocks use the AAC-LC syntax `AACFrameScanner` checks.
    public var isLowComplexity: Bool {
        audioObjectType == 2 && (objectTypeIndication == 0x40 || objectTypeIndication == 0x67)
    }

    /// Parses the payload of an `esds` full box.
    init(esds payload: ArraySlice<UInt8>) throws {
        var reader = ByteReader(payload)
        _ = try reader.versionAndFlags()
        guard try reader.u8() == 0x03 else { throw BoxError("esds does not start with an ES descriptor") }
        _ = try Self.descriptorLength(&reader)
        _ = try reader.u16()  // ES_ID
        let flags = try reader.u8()
        if flags & 0x80 != 0 { try reader.skip(2) }  // dependsOn_ES_ID
        if flags & 0x40 != 0 { try reader.skip(Int(try reader.u8())) }  // URL
        if flags & 0x20 != 0 { try reader.skip(2) }  // OCR_ES_Id
        guard try reader.u8() == 0x04 else { throw BoxError("esds has no decoder config descriptor") }
        _ = try Self.descriptorLength(&reader)
        objectTypeIndication = try reader.u8()
        try reader.skip(12)  // streamType, bufferSizeDB, maxBitrate, avgBitrate
        guard try reader.u8() == 0x05 else { throw BoxError("esds has no decoder specific info (AudioSpecificConfig)") }
        let length = try Self.descriptorLength(&reader)
        var bits = BitReader(try reader.bytes(length))

        func objectType() throws -> Int {
            let type = Int(try bits.bits(5))
            return type == 31 ? 32 + Int(try bits.bits(6)) : type
        }
        func frequency() throws -> (index: Int, hertz: Int) {
            let index = Int(try bits.bits(4))
            if index == 15 { return (15, Int(try bits.bits(24))) }
            guard index < Self.samplingFrequencies.count else { throw BoxError("AudioSpecificConfig has a reserved sampling frequency index") }
            return (index, Self.samplingFrequencies[index])
        }

        var type = try objectType()
        var rate = try frequency()
        channelConfiguration = Int(try bits.bits(4))
        hasSpectralBandReplication = type == 5 || type == 29
        if hasSpectralBandReplication {
            // The extension rate is the output rate; the raw data blocks are coded at the core rate above.
            _ = try frequency()
            type = try objectType()
        }
        audioObjectType = type
        var frameLength = 1024
        if [1, 2, 3, 4, 6, 7].contains(type) {
            if try bits.flag() { frameLength = 960 }  // GASpecificConfig.frameLengthFlag
        }
        self.frameLength = frameLength
        if rate.index == 15 {
            // An explicit rate: the scale factor band tables follow the nearest standard rate (4.5.4).
            let nearest = Self.samplingFrequencies.enumerated().min { abs($0.element - rate.hertz) < abs($1.element - rate.hertz) }!
            rate = (nearest.offset, rate.hertz)
        }
        samplingFrequencyIndex = rate.index
        samplingFrequency = rate.hertz
    }

    /// The expandable length of an MPEG-4 descriptor: up to four bytes of seven bits each.
    private static func descriptorLength(_ reader: inout ByteReader) throws -> Int {
        var length = 0
        for _ in 0..<4 {
            let byte = try reader.u8()
            length = length << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 { break }
        }
        return length
    }
}
