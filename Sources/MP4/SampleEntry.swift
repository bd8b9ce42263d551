/// One sample description of an `stsd` box (ISO/IEC 14496-12 8.5.2): the codec and its configuration.
/// The box is kept verbatim, so a rebuilt file describes its samples with exactly the reference's bytes.
public struct SampleEntry: Sendable {
    public enum Codec: Sendable, Equatable {
        /// H.264 in AVCC framing (`avc1`, `avc3`): length-prefixed NAL units.
        case h264(AVCDecoderConfiguration)
        /// AAC in raw data blocks (`mp4a` with an MPEG-4 or MPEG-2 AAC decoder config).
        case aac(AudioSpecificConfig)
        /// Anything else, named for messages.
        case unsupported(name: String)
    }

    public let format: FourCC
    public let box: Box
    public let codec: Codec
    /// Width and height of a visual sample entry.
    public let width: Int?
    public let height: Int?
    /// Channels and sample rate of an audio sample entry (as written there; AAC's config is authoritative).
    public let channelCount: Int?
    public let sampleRate: Int?

    /// A short codec name for reports and messages.
    public var codecName: String {
        switch codec {
        case .h264: "H.264"
        case .aac(let config): config.hasSpectralBandReplication ? "HE-AAC" : "AAC"
        case .unsupported(let name): name
        }
    }

    init(box: Box) throws {
        self.box = box
        format = box.type
        var reader = ByteReader(box.payload)
        try reader.skip(8)  // reserved, data_reference_index
        switch box.type {
        case "avc1", "avc2", "avc3", "avc4", "hvc1", "hev1", "mp4v", "jpeg", "mjpa", "mjpb", "av01", "vp08", "vp09", "encv":
            // VisualSampleEntry: 16 bytes pre-defined/reserved, then width and height; children after 78 bytes.
            try reader.skip(16)
            width = Int(try reader.u16())
            height = Int(try reader.u16())
            channelCount = nil
            sampleRate = nil
            switch box.type {
            case "avc1", "avc2", "avc3", "avc4":
                guard let avcC = try box.child("avcC", skipping: 78) else {
                    throw BoxError("sample entry '\(box.type)' has no avcC box")
                }
                codec = .h264(try AVCDecoderConfiguration(avcC: avcC.payload))
            default:
                codec = .unsupported(name: Self.name(of: box.type))
            }
        case "mp4a", "sowt", "twos", "lpcm", "ipcm", "fpcm", "raw ", "in24", "in32", "ulaw", "alaw", "samr", "sawb",
             "Opus", "ac-3", "ec-3", ".mp3", "enca":
            // AudioSampleEntry; QuickTime sound descriptions version 1 and 2 carry 16 or 36 more bytes.
            let version = try reader.u16()
            try reader.skip(6)
            channelCount = Int(try reader.u16())
            try reader.skip(6)
            sampleRate = Int(try reader.u32() >> 16)
            width = nil
            height = nil
            let childrenStart = 28 + (version == 1 ? 16 : version == 2 ? 36 : 0)
            if box.type == "mp4a" {
                var esds = try box.child("esds", skipping: childrenStart)
                if esds == nil, let wave = try box.child("wave", skipping: childrenStart) { esds = try wave.child("esds") }
                guard let esds else { throw BoxError("sample entry 'mp4a' has no esds box") }
                let config = try AudioSpecificConfig(esds: esds.payload)
                switch config.objectTypeIndication {
                case 0x40, 0x66, 0x67, 0x68: codec = .aac(config)
                case 0x69, 0x6B: codec = .unsupported(name: "MP3")
                default: codec = .unsupported(name: String(format: "MPEG-4 audio (object type 0x%02X)", config.objectTypeIndication))
                }
            } else {
                codec = .unsupported(name: Self.name(of: box.type))
            }
        default:
            width = nil
            height = nil
            channelCount = nil
            sampleRate = nil
            codec = .unsupported(name: Self.name(of: box.type))
        }
    }

    /// A name people know for the formats recorders use.
    static func name(of format: FourCC) -> String {
        switch format {
        case "avc1", "avc2", "avc3", "avc4": "H.264"
        case "hvc1", "hev1": "HEVC (H.265)"
        case "mp4v": "MPEG-4 Part 2 video"
        case "jpeg", "mjpa", "mjpb": "Motion JPEG"
        case "av01": "AV1"
        case "vp08": "VP8"
        case "vp09": "VP9"
        case "sowt", "twos", "lpcm", "ipcm", "fpcm", "raw ", "in24", "in32": "PCM"
        case "ulaw", "alaw": "G.711"
        case "samr": "AMR-NB"
        case "sawb": "AMR-WB"
        case "Opus": "Opus"
        case "ac-3": "AC-3"
        case "ec-3": "E-AC-3"
        case ".mp3": "MP3"
        case "encv", "enca": "encrypted media"
        default: "an unknown codec"
        }
    }
}

import Foundation
