import Foundation

/// Media for the derived-media tests that ClipFactory does not make: odd sizes, a display matrix, a
/// known key-frame interval, variable frame rate, a large benchmark-like clip. Made by ffmpeg from its
/// test sources and cached under `<package root>/.build/fixtures/`, keyed by the full command line, so
/// a second run reuses the files.
public enum DerivedClipFactory {
    /// An H.264 MP4 (ffmpeg's defaults: index at the end) of `seconds` at `width`×`height`.
    ///
    /// - Parameters:
    ///   - gop: a fixed key-frame interval in frames (`-g`, scene-cut key frames off), or nil for x264's.
    ///   - rotation: a display matrix rotating by this many degrees counterclockwise, as ffprobe reports
    ///     it (-90: shown turned a quarter clockwise, as a phone held upright), or nil. FFmpeg 5.1's
    ///     muxer no longer writes the `rotate` tag, so the matrix is written into the video track's
    ///     `tkhd` box afterwards.
    ///   - pixelFormat: `yuv420p`, or `yuv444p` for odd sizes (4:2:0 H.264 needs even sides).
    public static func clip(
        seconds: Double = 2, width: Int = 320, height: Int = 240, fps: Int = 25, audio: Bool = true,
        gop: Int? = nil, rotation: Int? = nil, pixelFormat: String = "yuv420p"
    ) throws -> URL {
        // testsrc2 rounds odd sizes down to even; the scale filter then gives the exact size asked for.
        var args = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=\(fps):duration=\(seconds)"]
        if width % 2 == 1 || height % 2 == 1 { args += ["-vf", "scale=\(width):\(height)"] }
        if audio {
            args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)"]
            args += ["-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "64k"]
        }
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixelFormat, "-threads", "1"]
        if let gop { args += ["-g", "\(gop)", "-keyint_min", "\(gop)", "-sc_threshold", "0"] }
        let plain = try make(args + ["-f", "mp4"], ext: "mp4")
        guard let rotation else { return plain }
        return try rotated(plain, degrees: rotation)
    }

    /// A copy of the MP4 `source` whose first track (ffmpeg writes video first) has a display matrix
    /// rotating by `degrees` counterclockwise.
    static func rotated(_ source: URL, degrees: Int) throws -> URL {
        let target = source.deletingPathExtension().appendingPathExtension("rot\(degrees).mp4")
        if FileManager.default.fileExists(atPath: target.path) { return target }
        var bytes = [UInt8](try Data(contentsOf: source))
        guard let at = find(Array("tkhd".utf8), in: bytes), bytes[at + 4] == 0 else {
            throw TestSupportError("\(source.path): no version-0 tkhd box")
        }
        // tkhd v0 after its type: version+flags 4, times and ids 20, reserved 8, layer, group, volume,
        // reserved 2 each: the 3x3 matrix (16.16, 16.16, 2.30 columns) is 40 bytes on.
        let radians = -Double(degrees) * Double.pi / 180
        let fixed = { (value: Double) in Int32((value * 65536).rounded()) }
        let matrix: [Int32] = [fixed(cos(radians)), fixed(sin(radians)), 0, fixed(-sin(radians)), fixed(cos(radians)), 0, 0, 0, 1 << 30]
        var offset = at + 4 + 40
        for value in matrix {
            for shift in stride(from: 24, through: 0, by: -8) {
                bytes[offset] = UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> UInt32(shift))
                offset += 1
            }
        }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".partial-\(UUID().uuidString).mp4")
        try Data(bytes).write(to: partial)
        guard rename(partial.path, target.path) == 0 else {
            throw TestSupportError("cannot move \(partial.path) to \(target.path) (errno \(errno))")
        }
        return target
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }

    /// An H.264 MP4 at variable frame rate: `fast` frames 40 ms apart, then `slow` frames 120 ms apart,
    /// then `fast` again, with audio.
    public static func variableFrameRate(fast: Int = 10, slow: Int = 8) throws -> URL {
        let total = 2 * fast + slow
        let slowEnd = 0.04 * Double(fast) + 0.12 * Double(slow)
        // setpts gives each frame its own time; -fps_mode passthrough keeps those times in the file.
        let expression = "if(lt(N,\(fast)),N*0.04,if(lt(N,\(fast + slow)),\(0.04 * Double(fast))+(N-\(fast))*0.12,\(slowEnd)+(N-\(fast + slow))*0.04))/TB"
        let seconds = slowEnd + 0.04 * Double(fast)
        let args = [
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
            "-map", "0:v", "-map", "1:a", "-frames:v", "\(total)", "-vf", "setpts='\(expression)'",
            "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-threads", "1", "-c:a", "aac", "-b:a", "64k", "-video_track_timescale", "1000", "-f", "mp4",
        ]
        return try make(args, ext: "mp4")
    }

    /// H.264 with AMR-NB sound in 3GP, as older recorders write it. FFmpeg here has AMR decoders but no
    /// encoder, so the sound is written by hand: the AMR storage format ("#!AMR\n", then frames of a
    /// mode byte and the coded bits) with 12.2 kbit/s frames (mode 7: 31 bytes of bits, 20 ms each) of
    /// seeded bits, which the decoder turns into noise. ffmpeg copies them into the 3GP beside the picture.
    public static func amrNarrowband(seconds: Int = 1) throws -> URL {
        let folder = try PackageRoot.fixtures()
        let amr = folder.appendingPathComponent("amr-nb-\(seconds)s.amr")
        if !FileManager.default.fileExists(atPath: amr.path) {
            var generator = SplitMix(seed: 0xA3B)
            var bytes = Array("#!AMR\n".utf8)
            for _ in 0..<(seconds * 50) {
                bytes.append(0x3C)  // frame type 7 (12.2 kbit/s), quality bit set
                bytes += (0..<31).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            }
            try Data(bytes).write(to: amr, options: .atomic)
        }
        return try make(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=\(seconds)", "-i", amr.path,
                         "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "copy", "-f", "3gp"],
                        ext: "3gp")
    }

    /// `count` bytes that are no media at all.
    public static func garbage(count: Int = 64 * 1024) throws -> URL {
        let folder = try PackageRoot.fixtures()
        let target = folder.appendingPathComponent("garbage-\(count).bin")
        if FileManager.default.fileExists(atPath: target.path) { return target }
        var generator = SplitMix(seed: UInt64(count))
        let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        try Data(bytes).write(to: target, options: .atomic)
        return target
    }

    /// Runs ffmpeg with `args` (inputs and encoding options, no output) into a cached file.
    public static func make(_ args: [String], ext: String) throws -> URL {
        let key = "derived-\(String(fnv1a(args.joined(separator: "\u{1f}")), radix: 16))"
        return try FixtureCache.ffmpeg(key, ext, args, dropMetadata: false)
    }

    static func fnv1a(_ text: String) -> UInt64 { FixtureCache.fnv1a(text) }

    /// A small deterministic generator, so the garbage is the same bytes every run.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}
