import Foundation
import TestSupport

/// Recordings as a body recorder writes them, made by ffmpeg and cached under `.build/fixtures`: H.264 and
/// AAC in MP4 with the index (moov) at the end, as ffmpeg's mp4 muxer writes it without faststart, and the
/// same clip cut short as a flat battery leaves it.
enum Fixtures {
    /// Bumped whenever a recipe changes, so stale cached files are not reused.
    static let recipe = 1

    enum VideoCodec: String {
        case h264, hevc
    }

    /// A 160x120 15 fps clip of `seconds`, a key frame every 5 frames, with 48 kHz mono AAC at 64 kb/s unless
    /// `audio` is false. `label` varies picture and tone, as two recordings of one device differ. With
    /// `audioDelay`, audio starts that many seconds after the video, as after a recorder's video-only pre-record
    /// buffer.
    static func clip(label: String, seconds: Int = 5, video: VideoCodec = .h264, audio: Bool = true, audioDelay: Double = 0) throws -> URL {
        let hue = Int(ClipHash.fnv1a(label) % 360)
        let frequency = 220 + Int((ClipHash.fnv1a(label) / 360) % 1600)
        var args = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15:duration=\(seconds),hue=h=\(hue)"]
        if audio {
            if audioDelay > 0 { args += ["-itsoffset", "\(audioDelay)"] }
            args += ["-f", "lavfi", "-i", "sine=frequency=\(frequency):sample_rate=48000:duration=\(Double(seconds) - audioDelay)"]
            args += ["-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "64k", "-ac", "1"]
        }
        switch video {
        case .h264:
            // One x264 thread: its output depends on the thread count.
            args += ["-c:v", "libx264", "-preset", "ultrafast", "-threads", "1", "-g", "5"]
        case .hevc:
            args += ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "pools=1:frame-threads=1:log-level=error",
                     "-g", "5", "-tag:v", "hvc1"]
        }
        args += ["-pix_fmt", "yuv420p", "-f", "mp4"]
        let delay = audioDelay > 0 ? "-late\(Int(audioDelay * 1000))ms" : ""
        let key = "recovery-r\(recipe)-\(video.rawValue)-\(audio ? "av" : "v")\(delay)-\(seconds)s-\(String(ClipHash.fnv1a(label), radix: 16))"
        return try cached(key: key, args: args)
    }

    /// Where the media data of an MP4 starts (after the mdat header) and how many bytes it has, read with a
    /// few lines of independent code rather than the parser under test.
    static func mediaData(of url: URL) throws -> (offset: Int, size: Int) {
        let bytes = [UInt8](try Data(contentsOf: url))
        var offset = 0
        while offset + 8 <= bytes.count {
            let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "mdat" { return (offset + 8, size - 8) }
            guard size >= 8 else { break }
            offset += size
        }
        throw TestSupportError("no mdat in \(url.path)")
    }

    /// `clip` cut to `fraction` of its media data, as a flat battery leaves it: the index is gone. With
    /// `zeroSize` the mdat size field is 0 (a recorder that never patched it), else it still claims the
    /// full size, beyond the end of the file.
    static func truncated(_ clip: URL, fraction: Double, in folder: TempDirectory, zeroSize: Bool = false) throws -> (url: URL, length: Int) {
        let media = try mediaData(of: clip)
        let length = media.offset + Int(Double(media.size) * fraction)
        var bytes = [UInt8](try Data(contentsOf: clip).prefix(length))
        if zeroSize { bytes.replaceSubrange(media.offset - 8..<media.offset - 4, with: [0, 0, 0, 0]) }
        let url = folder.path("cut-\(Int(fraction * 100))\(zeroSize ? "-zero" : "")-\(clip.lastPathComponent)")
        try Data(bytes).write(to: url)
        return (url, length)
    }

    /// `count` bytes of seeded pseudo-random garbage.
    static func garbage(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    private static func cached(key: String, args: [String]) throws -> URL {
        try FixtureCache.ffmpeg(key, "mp4", args)
    }
}

/// FNV-1a: stable across runs, unlike `hashValue`.
enum ClipHash {
    static func fnv1a(_ text: String) -> UInt64 { FixtureCache.fnv1a(text) }
}
