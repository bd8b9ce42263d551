import CFFmpeg

/// The source's sound copied into a proxy as it is, when it is AAC a browser plays: no decoding, no
/// encoding, no generation loss.
///
/// It reads the source through an input of its own that returns only the sound, so the proxy's
/// decode stage never sees a sound packet and the two threads share nothing. The job asks it for the
/// sound up to each picture's time as the pictures are encoded, which keeps the muxer's interleaving
/// queue short.
///
/// Ownership: made and used only on the job's (encoding) thread.
final class ProxyAudioCopy {
    private var input: InputContext
    private let inputStream: Int
    let outputStream: Int
    private let inputTimeBase: Rational
    private var outputTimeBase = Rational(1, 1)
    /// The input's start in the stream's ticks, subtracted as from the pictures.
    private let startOffset: Int64
    private var packet: Packet
    /// A packet read but not yet written: it lies after the time asked for so far.
    private var holding = false
    private var ended = false

    /// Whether `stream` of `input` can be copied: AAC LC or HE (v1, v2), mono or stereo, with the
    /// decoder configuration MP4 needs in its header (ADTS sound from a transport stream has none).
    static func canCopy(stream: Int, of input: borrowing InputContext) -> Bool {
        let parameters = input.parameters(of: stream).pointee
        let playableProfiles: Set<Int32> = [FF_PROFILE_AAC_LOW, FF_PROFILE_AAC_HE, FF_PROFILE_AAC_HE_V2]
        return parameters.codec_id == AV_CODEC_ID_AAC && playableProfiles.contains(parameters.profile)
            && (1...2).contains(parameters.ch_layout.nb_channels) && parameters.extradata_size > 0
    }

    /// Opens `source` again for its sound stream `stream` and adds the copy's stream to `muxer`.
    init(source: String, stream: Int, startMicroseconds: Int64, muxer: inout OutputContext) throws(MediaError) {
        var input = try InputContext(path: source)
        input.discardStreams(except: [stream])
        // The copy's parameters come from this input: probed as the job's input was (a container whose
        // header leaves something out), reading the sound only.
        try input.findStreamInfo()
        inputStream = stream
        inputTimeBase = input.stream(stream).timeBase
        startOffset = Rational.microseconds.rescale(startMicroseconds, to: inputTimeBase)
        outputStream = try muxer.addStream(copying: stream, of: input)
        muxer.copyDisposition(to: outputStream, from: stream, of: input)
        self.input = input
        packet = try Packet()
    }

    /// The muxer's time base for the copy, known once its header is written.
    func headerWritten(muxer: borrowing OutputContext) {
        outputTimeBase = muxer.timeBase(of: outputStream)
    }

    /// Writes the sound up to `seconds` from the proxy's start (all of it for nil).
    func copy(through seconds: Double?, into muxer: inout OutputContext) throws(MediaError) {
        while !ended {
            if !holding {
                guard try input.read(into: &packet) else {
                    ended = true
                    return
                }
                guard packet.streamIndex == inputStream else { continue }
                holding = true
            }
            let start = packet.pts.map { $0 - startOffset }
            if let seconds, let start, let at = inputTimeBase.seconds(start), at > seconds { return }
            packet.shiftTimestamps(by: -startOffset)
            packet.rescaleTimestamps(from: inputTimeBase, to: outputTimeBase)
            packet.streamIndex = outputStream
            try muxer.write(&packet)
            holding = false
        }
    }
}
