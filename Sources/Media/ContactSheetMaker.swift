import CFFmpeg

/// A contact sheet of a recording: thumbnails of key frames, spread over its length, tiled into one
/// JPEG.
///
/// Only packets flagged as key frames are decoded, each on its own: the decoder is sent the one
/// packet, drained and flushed, so no other picture is ever decoded. Key frames are chosen by time:
/// the length is cut into as many equal slots as the grid has tiles, and the first key frame in each
/// slot is taken. A recording with fewer key frames gets a smaller grid.
///
/// The JPEG is encoded by FFmpeg's mjpeg encoder and written through a `HashingFileSink`: hashed as it
/// is written, never read back.
public enum ContactSheetMaker {
    @discardableResult
    public static func make(
        source: String, to destination: String, settings: ContactSheetSettings = ContactSheetSettings(),
        options: DerivedFileOptions = DerivedFileOptions()
    ) throws(MediaError) -> ContactSheet {
        var input = try InputContext(path: source)
        try input.findStreamInfo()
        guard let videoIndex = input.bestStream(.video) else {
            throw MediaError(.streamNotFound, call: "av_find_best_stream", path: source, message: "no video stream to make a contact sheet of")
        }
        let info = input.stream(videoIndex)
        // One thread: pictures are decoded one at a time with a flush between, which frame threading
        // cannot overlap.
        let decoder = try CodecContext(decoderFor: videoIndex, of: input, threads: 1)
        let turns = ProxyGeometry.quarterTurns(info.displayMatrixRotation)
        let slots = settings.columns * settings.rows
        let start = info.startTime ?? input.startTime ?? 0
        let length = info.duration ?? input.duration

        var packet = try Packet()
        var decoded = try Frame()
        var small = try Frame()
        var scaler: Scaler?
        var tile: (codedWidth: Int, codedHeight: Int)?
        var thumbnails: [Thumbnail] = []
        var times: [Double] = []
        var keyFramesRead = 0
        var packetsDecoded = 0
        var framesDecoded = 0
        var lastSlot = -1

        while thumbnails.count < slots, try input.read(into: &packet) {
            guard packet.streamIndex == videoIndex, packet.isKeyframe else { continue }
            keyFramesRead += 1
            let time = (packet.pts ?? packet.dts).flatMap(info.timeBase.seconds).map { $0 - start }
            let slot: Int
            if let time, let length, length > 0 {
                slot = min(max(Int(time / length * Double(slots)), 0), slots - 1)
            } else {
                slot = lastSlot + 1  // no times to go by: every key frame gets the next tile
            }
            guard slot > lastSlot else { continue }

            packetsDecoded += 1
            guard try decodeAlone(packet, with: decoder, into: &decoded) else { continue }
            framesDecoded += 1
            if tile == nil {
                tile = tileSize(width: decoded.width, height: decoded.height, sampleAspect: decoded.sampleAspectRatio,
                                quarterTurns: turns, longerSide: settings.tileSize)
            }
            let source = Scaler.Geometry(width: decoded.width, height: decoded.height, pixelFormat: decoded.pixelFormat)
            if scaler?.source != source {
                let target = Scaler.Geometry(width: tile!.codedWidth, height: tile!.codedHeight, pixelFormat: .yuv420p)
                scaler = try Scaler(from: source, to: target, quality: .bicubic, threads: 1, fullRange: true)
            }
            try scaler?.scale(decoded, into: &small)
            thumbnails.append(Thumbnail(copying: small).rotated(clockwise: turns))
            times.append(time ?? 0)
            lastSlot = slot
        }
        guard let first = thumbnails.first else {
            throw MediaError(.invalidData, call: "avcodec_receive_frame", path: source,
                             message: "no key frame could be decoded (\(keyFramesRead) key frames read)")
        }

        let columns = min(settings.columns, thumbnails.count)
        let rows = (thumbnails.count + columns - 1) / columns
        let gap = settings.gap
        let width = columns * first.width + (columns + 1) * gap
        let height = rows * first.height + (rows + 1) * gap
        var sheet = try Frame()
        sheet.width = width
        sheet.height = height
        sheet.pixelFormat = .yuv420p
        try sheet.allocateBuffers()
        paintBlack(&sheet)
        for (index, thumbnail) in thumbnails.enumerated() {
            let x = gap + (index % columns) * (first.width + gap)
            let y = gap + (index / columns) * (first.height + gap)
            thumbnail.draw(into: &sheet, x: x, y: y)
        }

        let output = try DerivedOutput(destination: destination, options: options)
        try encodeJPEG(&sheet, quality: settings.quality, output: output)
        let (digests, size) = try output.publishFromSink()
        let file = DerivedFile(
            path: destination, digests: digests, size: size, kind: .contactSheet, sourcePath: source,
            sourceSHA256: options.sourceSHA256,
            recipe: settings.recipe(columns: columns, rows: rows, tileWidth: first.width, tileHeight: first.height))
        return ContactSheet(
            file: file, width: width, height: height, columns: columns, rows: rows, tileWidth: first.width,
            tileHeight: first.height, tileTimes: times, keyFramesRead: keyFramesRead, packetsDecoded: packetsDecoded,
            framesDecoded: framesDecoded)
    }

    /// Decodes `packet` on its own: send it, signal the end, take the picture, flush the decoder for
    /// the next. False when the packet gives no picture (damaged).
    private static func decodeAlone(_ packet: borrowing Packet, with decoder: CodecContext, into frame: inout Frame) throws(MediaError) -> Bool {
        defer { decoder.flush() }
        do {
            _ = try decoder.send(packet)
        } catch where error.code == .invalidData {
            return false
        }
        try decoder.sendEnd()
        do {
            // One packet gives at most one picture; the flush in `defer` drops anything after it.
            return try decoder.receive(into: &frame) == .produced
        } catch where error.code == .invalidData {
            return false
        }
    }

    /// A thumbnail size (coded orientation, even sides) for pictures of `width`×`height`, whose
    /// displayed longer side is `longerSide`.
    private static func tileSize(
        width: Int, height: Int, sampleAspect: Rational, quarterTurns: Int, longerSide: Int
    ) -> (codedWidth: Int, codedHeight: Int) {
        let geometry = ProxyGeometry(
            width: width, height: height, sampleAspect: sampleAspect, rotation: Double(-quarterTurns * 90),
            boxWidth: longerSide, boxHeight: longerSide)
        // Fitting never enlarges; a thumbnail of a small recording may, to fill its tile.
        let scale = Double(longerSide) / Double(max(geometry.displayWidth, geometry.displayHeight))
        let w = ProxyGeometry.even(Double(geometry.codedWidth) * scale)
        let h = ProxyGeometry.even(Double(geometry.codedHeight) * scale)
        return (w, h)
    }

    /// Full-range black: luma 0, chroma at the middle.
    private static func paintBlack(_ frame: inout Frame) {
        let (width, height) = (frame.width, frame.height)
        for plane in 0..<3 {
            let (w, h) = Thumbnail.size(of: plane, width: width, height: height)
            frame.withUnsafeMutablePlane(plane) { data, lineSize in
                guard let data else { return }
                for row in 0..<h { (data + row * lineSize).initializeMemory(as: UInt8.self, repeating: plane == 0 ? 0 : 128, count: w) }
            }
        }
    }

    /// Encodes `sheet` as one JPEG and writes it through the output's hashing sink.
    private static func encodeJPEG(_ sheet: inout Frame, quality: Int, output: DerivedOutput) throws(MediaError) {
        let encoder = try CodecContext(encoder: "mjpeg")
        encoder.width = sheet.width
        encoder.height = sheet.height
        // yuv420p marked full range: what the deprecated yuvj420p meant, and what JPEG's YCbCr is.
        encoder.pixelFormat = .yuv420p
        encoder.timeBase = Rational(1, 1)
        // A fixed quantiser (ffmpeg's -q:v): AV_CODEC_FLAG_QSCALE with the scale in lambda units, on the
        // context and on the picture, which is where the encoder reads it.
        let lambda = Int32(quality) * Int32(FF_QP2LAMBDA)
        encoder.withUnsafeContext { context in
            context.pointee.flags |= Int32(bitPattern: UInt32(AV_CODEC_FLAG_QSCALE))
            context.pointee.global_quality = lambda
            context.pointee.color_range = AVCOL_RANGE_JPEG
        }
        try encoder.open()
        sheet.pointer.pointee.quality = lambda
        sheet.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        sheet.pts = 0

        let sink = try output.hashingSink()
        var muxer = try OutputContext(sink: sink, name: output.destination, format: "mjpeg")
        let stream = try muxer.addStream(encoder: encoder)
        do {
            try muxer.writeHeader()
            var packet = try Packet()
            _ = try encoder.send(sheet)
            try encoder.sendEnd()
            while try encoder.receive(into: &packet) == .produced {
                packet.streamIndex = stream
                try muxer.write(&packet)
            }
        } catch {
            throw muxer.explain(error)
        }
        // Its own failures come explained: closing flushes through the sink, which reports its own.
        try muxer.finish()
    }
}
