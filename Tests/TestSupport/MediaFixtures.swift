import Foundation

/// Media for the probe's tests: each container and codec a recorder or camera writes, and each way a
/// recording arrives broken. Made by ffmpeg from its test sources (2 s, 160x120) or by cutting and
/// patching those files, cached under `<package root>/.build/fixtures/` like `ClipFactory`'s.
public enum MediaFixtures {
    /// Bumped whenever a recipe changes, so stale cached files are not reused.
    static let recipe = 1

    /// The creation_time written into `rotated()`.
    public static let rotatedCreationTime = "2026-11-03T01:30:15Z"
    /// The make, model and GPS location written into `mov()`.
    public static let movMake = "Acme", movModel = "BWC-7", movLocation = "+31.2304+121.4737/"

    private static let videoSource = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=2"]
    private static let audioSource = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2"]
    private static let bothStreams = videoSource + audioSource + ["-map", "0:v", "-map", "1:a"]
    private static let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1"]
    private static let aac = ["-c:a", "aac", "-b:a", "64k"]

    /// H.264 + AAC in MP4, its index (`moov`) at the end as a plain ffmpeg run writes it, or first
    /// (`-movflags +faststart`).
    public static func h264AAC(indexAtEnd: Bool = true) throws -> URL {
        let layout = indexAtEnd ? [] : ["-movflags", "+faststart"]
        return try encoded("h264-aac-\(indexAtEnd ? "end" : "first")", "mp4", bothStreams + h264 + aac + layout + ["-f", "mp4"])
    }

    /// HEVC (libx265) + AAC in MP4.
    public static func hevc() throws -> URL {
        try encoded("hevc-aac", "mp4", bothStreams + [
            "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-x265-params", "log-level=error:pools=1:frame-threads=1", "-tag:v", "hvc1",
        ] + aac + ["-f", "mp4"])
    }

    /// Motion JPEG + 16-bit PCM in AVI, as older and cheaper recorders write.
    public static func mjpegAVI() throws -> URL {
        try encoded("mjpeg-pcm", "avi", bothStreams + ["-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", "yuvj420p", "-c:a", "pcm_s16le", "-f", "avi"])
    }

    /// H.264 + AAC in QuickTime MOV, with make, model and location tags.
    public static func mov() throws -> URL {
        try encoded("h264-aac-tags", "mov", bothStreams + h264 + aac + [
            "-metadata", "make=\(movMake)", "-metadata", "model=\(movModel)", "-metadata", "location=\(movLocation)", "-f", "mov",
        ], keepMetadata: true)
    }

    /// An audio-only recording: AAC in an MP4 audio file (m4a).
    public static func m4a() throws -> URL {
        try encoded("aac-audio", "m4a", audioSource + aac + ["-f", "ipod"])
    }

    /// A recording with a creation_time (`rotatedCreationTime`) and a display rotation (`rotate=90`,
    /// which ffmpeg 5.1 turns into a display matrix when it copies the stream).
    public static func rotated() throws -> URL {
        let plain = try h264AAC(indexAtEnd: false)
        return try cached("rotated-r\(recipe)", "mp4") { target in
            try ffmpeg(["-i", plain.path, "-map", "0", "-c", "copy", "-metadata", "creation_time=\(rotatedCreationTime)",
                        "-metadata:s:v:0", "rotate=90", "-f", "mp4"], output: target, keepMetadata: true)
        }
    }

    // MARK: broken files

    /// Where an MP4 is cut.
    public enum MP4Cut: String, Sendable, CaseIterable {
        /// An index-at-end file cut in the middle of its media data: no `moov`, as when a recorder's
        /// battery dies mid-recording.
        case noIndex = "no-index"
        /// An index-at-end file missing the last 100 bytes of its `moov`.
        case insideIndex = "inside-index"
        /// A faststart file cut in the middle: the index describes data that is not there.
        case mediaData = "media-data"
    }

    public static func truncated(_ cut: MP4Cut) throws -> URL {
        switch cut {
        case .noIndex: return try cutFile(h264AAC(indexAtEnd: true), "mp4", keep: { $0 / 2 }, label: cut.rawValue)
        case .insideIndex: return try cutFile(h264AAC(indexAtEnd: true), "mp4", keep: { $0 - 100 }, label: cut.rawValue)
        case .mediaData: return try cutFile(h264AAC(indexAtEnd: false), "mp4", keep: { $0 / 2 }, label: cut.rawValue)
        }
    }

    /// The AVI cut in half (its RIFF header says it is longer).
    public static func truncatedAVI() throws -> URL { try cutFile(mjpegAVI(), "avi", keep: { $0 / 2 }, label: "half") }

    /// The WAV from `ClipFactory.audio` cut in half.
    public static func truncatedWAV() throws -> URL { try cutFile(ClipFactory.audio(format: .wav), "wav", keep: { $0 / 2 }, label: "half") }

    /// The JPEG from `ClipFactory.photo` cut in half.
    public static func truncatedJPEG() throws -> URL { try cutFile(ClipFactory.photo(), "jpg", keep: { $0 / 2 }, label: "half") }

    /// A faststart MP4 whose `mdat` goes on 256 KiB past the last sample its index describes, as when
    /// a recorder wrote its index before it stopped recording.
    public static func unindexedTail() throws -> URL {
        let source = try h264AAC(indexAtEnd: false)
        return try cached("unindexed-tail-r\(recipe)", "mp4") { target in
            var bytes = try [UInt8](Data(contentsOf: source))
            guard let mdat = find("mdat", in: bytes), bytes.count - (mdat - 8) == Int(bigEndian32(bytes, mdat - 8)) else {
                throw TestSupportError("\(source.path): mdat is not the last box")
            }
            let extra = 256 * 1024
            bytes += seededBytes(count: extra, seed: 3)
            putBigEndian32(&bytes, mdat - 8, bigEndian32(bytes, mdat - 8) + UInt32(extra))
            try Data(bytes).write(to: target)
        }
    }

    /// The faststart MP4 with 400 bytes of its media data overwritten: it parses, but a frame does not
    /// decode cleanly.
    public static func damaged() throws -> URL {
        let source = try h264AAC(indexAtEnd: false)
        return try cached("damaged-r\(recipe)", "mp4") { target in
            var bytes = try [UInt8](Data(contentsOf: source))
            guard let mdat = find("mdat", in: bytes) else { throw TestSupportError("\(source.path): no mdat") }
            // A third of the way into the media data: inside a predicted frame's slice data.
            let at = mdat + (bytes.count - mdat) / 3
            bytes.replaceSubrange(at..<(at + 400), with: seededBytes(count: 400, seed: 7))
            try Data(bytes).write(to: target)
        }
    }

    /// The faststart MP4 with its movie header claiming ten times the real duration.
    public static func longContainerDuration() throws -> URL {
        let source = try h264AAC(indexAtEnd: false)
        return try cached("long-mvhd-r\(recipe)", "mp4") { target in
            var bytes = try [UInt8](Data(contentsOf: source))
            // mvhd version 0 payload: version+flags (4), creation (4), modification (4), timescale (4), duration (4).
            guard let mvhd = find("mvhd", in: bytes), bytes[mvhd] == 0 else { throw TestSupportError("\(source.path): no version-0 mvhd") }
            putBigEndian32(&bytes, mvhd + 16, bigEndian32(bytes, mvhd + 16) * 10)
            try Data(bytes).write(to: target)
        }
    }

    /// 64 KiB of pseudo-random bytes (always the same ones) named like a recording.
    public static func garbage() throws -> URL {
        try cached("garbage-r\(recipe)", "mp4") { target in try Data(seededBytes(count: 65_536, seed: 1)).write(to: target) }
    }

    /// An empty file named like a recording.
    public static func empty() throws -> URL {
        try cached("empty-r\(recipe)", "mp4") { target in try Data().write(to: target) }
    }

    // MARK: helpers

    /// `count` bytes from a fixed-seed generator (SplitMix64), the same on every run and machine.
    public static func seededBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// The offset just past the first occurrence of the four-character `type`: for a box, where its
    /// payload starts (its size field is 8 bytes before). Nil when absent.
    static func find(_ type: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(type.utf8)
        guard bytes.count >= 4 else { return nil }
        for i in 4...(bytes.count - 4) where bytes[i..<(i + 4)].elementsEqual(pattern) { return i + 4 }
        return nil
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func putBigEndian32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    private static func cutFile(_ source: URL, _ ext: String, keep: (Int) -> Int, label: String) throws -> URL {
        let base = source.deletingPathExtension().lastPathComponent
        return try cached("cut-\(label)-r\(recipe)-\(base)", ext) { target in
            let bytes = try Data(contentsOf: source)
            try bytes.prefix(keep(bytes.count)).write(to: target)
        }
    }

    private static func encoded(_ name: String, _ ext: String, _ args: [String], keepMetadata: Bool = false) throws -> URL {
        try cached("\(name)-r\(recipe)", ext) { target in try ffmpeg(args, output: target, keepMetadata: keepMetadata) }
    }

    private static func ffmpeg(_ args: [String], output: URL, keepMetadata: Bool) throws {
        // Bit-exact output without ffmpeg's version in it; tags only where the fixture is about tags.
        var flags = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
        if !keepMetadata { flags += ["-map_metadata", "-1"] }
        try runChecked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + args + flags + [output.path])
    }

    private static func cached(_ key: String, _ ext: String, make: (URL) throws -> Void) throws -> URL {
        try FixtureCache.file(key, ext, make: make)
    }
}
