import Media

/// The deep check: every audio and video stream of an input decoded, packet by packet as the probe
/// reads them, counting frames and errors. Errors are packets a decoder refuses, failed decode calls,
/// and frames a decoder marks damaged (concealed errors, missing references).
struct DeepDecoder: ~Copyable {
    private var decoders: [Int: CodecContext] = [:]
    private(set) var counts: [Int: DecodeCount] = [:]
    /// Streams left undecoded, and why.
    private(set) var notes: [String] = []
    private var frame: Frame

    init(_ input: borrowing InputContext) throws(MediaError) {
        frame = try Frame()
        for stream in input.streams where stream.type == .video || stream.type == .audio {
            do {
                decoders[stream.index] = try CodecContext(decoderFor: stream.index, of: input)
                counts[stream.index] = DecodeCount()
            } catch {
                notes.append("stream \(stream.index) (\(stream.codecName)) not decoded: \(error.message)")
            }
        }
    }

    /// Feeds one packet to its stream's decoder and takes the frames it releases.
    mutating func decode(_ packet: borrowing Packet) {
        let index = packet.streamIndex
        guard let decoder = decoders[index], var count = counts[index] else { return }
        defer { counts[index] = count }
        // A full decoder must give frames before it takes the packet; a few rounds always suffice, the
        // bound only guards against a decoder that never does.
        for _ in 0..<64 {
            let sent: CodecContext.SendResult
            do {
                sent = try decoder.send(packet)
            } catch {
                count.errors += 1
                return
            }
            drain(decoder, &count)
            if sent == .accepted { return }
        }
        count.errors += 1
    }

    /// Drains every decoder at the end of the input.
    mutating func finish() {
        for (index, decoder) in decoders.sorted(by: { $0.key < $1.key }) {
            guard var count = counts[index] else { continue }
            do {
                try decoder.sendEnd()
            } catch {
                count.errors += 1
            }
            drain(decoder, &count)
            counts[index] = count
        }
    }

    /// Takes every frame the decoder has ready.
    private mutating func drain(_ decoder: CodecContext, _ count: inout DecodeCount) {
        while true {
            do {
                switch try decoder.receive(into: &frame) {
                case .produced:
                    count.frames += 1
                    if frame.isDamaged { count.errors += 1 }
                case .needsInput, .ended:
                    return
                }
            } catch {
                count.errors += 1
                return
            }
        }
    }
}
