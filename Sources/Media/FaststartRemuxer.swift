/// The faststart copy of a recording: every packet copied unchanged into a new MP4 (MOV for a
/// QuickTime source) whose index comes before the media data, so a browser can start playing before
/// it has fetched the whole file.
///
/// The original is only read. The copy is written by FFmpeg's MP4 muxer with `movflags=+faststart`,
/// which needs a real file (its second pass re-opens the output by name to move the index to the
/// front), so the copy goes to a temporary file beside the destination and is hashed once, front to
/// back, before it is published (see `DerivedOutput`).
public enum FaststartRemuxer {
    /// Whether the file at `path` would gain from a faststart copy: an MP4/MOV whose index lies after
    /// its media data. Reads only the top-level box headers.
    public static func isWanted(for path: String) throws(MediaError) -> Bool {
        try MP4IndexPlacement.of(path: path) == .afterData
    }

    /// Copies `source` to `destination` (which must not exist) as a faststart MP4.
    ///
    /// Video, audio and subtitle streams the container can carry are copied with their timestamps,
    /// tags, disposition and display matrix; streams it cannot carry (a camera's private data track)
    /// are left out and named in the recipe.
    @discardableResult
    public static func remux(
        source: String, to destination: String, options: DerivedFileOptions = DerivedFileOptions()
    ) throws(MediaError) -> DerivedFile {
        var input = try InputContext(path: source)
        try input.findStreamInfo()
        let output = try DerivedOutput(destination: destination, options: options)
        // A QuickTime file stays QuickTime: MOV carries codecs MP4 does not (PCM sound as many cameras
        // write it), which would otherwise be left out.
        let container = input.tags["major_brand"]?.hasPrefix("qt") == true ? "mov" : "mp4"
        var muxer = try OutputContext(path: output.temporaryPath, format: container)

        // Output stream for each input stream, or nil for one left out.
        var mapping = [Int?](repeating: nil, count: input.streamCount)
        var leftOut: [String] = []
        for info in input.streams {
            let copyable = [.video, .audio, .subtitle].contains(info.type) && !info.isAttachedPicture
            guard copyable, muxer.canCarry(stream: info.index, of: input) else {
                leftOut.append("\(info.index) (\(info.type.rawValue) \(info.codecName))")
                continue
            }
            let created = try muxer.addStream(copying: info.index, of: input)
            muxer.copyDisposition(to: created, from: info.index, of: input)
            mapping[info.index] = created
        }
        guard mapping.contains(where: { $0 != nil }) else {
            throw MediaError(.streamNotFound, call: "FaststartRemuxer.remux", path: source,
                             message: "no stream \(container.uppercased()) can carry")
        }
        try muxer.copyTags(of: input)
        try muxer.writeHeader(options: ["movflags": "+faststart"])

        let inputBases = input.streams.map(\.timeBase)
        let outputBases = (0..<muxer.streamCount).map { muxer.timeBase(of: $0) }
        var packet = try Packet()
        while try input.read(into: &packet) {
            let index = packet.streamIndex
            guard index >= 0, index < mapping.count, let target = mapping[index] else { continue }
            packet.rescaleTimestamps(from: inputBases[index], to: outputBases[target])
            packet.streamIndex = target
            try muxer.write(&packet)
        }
        try muxer.finish()

        let (digests, size) = try output.publishAfterHashing()
        var recipe = "faststart \(container) stream copy"
        if !leftOut.isEmpty { recipe += "; left out stream \(leftOut.joined(separator: ", "))" }
        return DerivedFile(
            path: destination, digests: digests, size: size, kind: .faststart, sourcePath: source,
            sourceSHA256: options.sourceSHA256, recipe: recipe)
    }
}
