import Foundation
import DeviceKit

/// Small real media made by ffmpeg from its test sources (lavfi testsrc2 and sine), bit-exact and cached
/// under `<package root>/.build/fixtures/`, keyed by every parameter, so a second run reuses the files.
///
/// `label` varies the content (hue of the picture, pitch of the tone), so clips with different labels
/// differ in their bytes and digests, as recordings do; the same label always gives the same bytes.
public enum ClipFactory {
    /// Bumped whenever the ffmpeg recipe changes, so stale cached files are not reused.
    static let recipe = 1

    public enum AudioFormat: String, Sendable, CaseIterable {
        /// PCM in WAV, as most recorders write audio-only recordings.
        case wav
        /// AAC in an ADTS stream.
        case aac
    }

    /// An H.264 (+ AAC unless `audio` is false) MP4 of `seconds` at `width`×`height`, `fps` frames a second.
    public static func clip(
        seconds: Double = 2, width: Int = 160, height: Int = 120, fps: Int = 10, audio: Bool = true, label: String = ""
    ) throws -> URL {
        let v = variation(label)
        let key = "clip-r\(recipe)-\(format(seconds))s-\(width)x\(height)-\(fps)fps-\(audio ? "av" : "v")-\(slug(label))"
        var args = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=\(fps):duration=\(format(seconds)),hue=h=\(v.hue)"]
        if audio {
            args += ["-f", "lavfi", "-i", "sine=frequency=\(v.frequency):sample_rate=48000:duration=\(format(seconds))"]
            args += ["-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "64k"]
        }
        // One x264 thread: its output depends on the thread count, which would tie the bytes to the machine.
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1", "-f", "mp4"]
        return try cached(key: key, ext: "mp4", args: args)
    }

    /// An audio-only recording: a tone of `seconds`.
    public static func audio(seconds: Double = 2, format audioFormat: AudioFormat = .wav, label: String = "") throws -> URL {
        let v = variation(label)
        let key = "audio-r\(recipe)-\(format(seconds))s-\(audioFormat.rawValue)-\(slug(label))"
        var args = ["-f", "lavfi", "-i", "sine=frequency=\(v.frequency):sample_rate=16000:duration=\(format(seconds))"]
        switch audioFormat {
        case .wav: args += ["-c:a", "pcm_s16le", "-f", "wav"]
        case .aac: args += ["-c:a", "aac", "-b:a", "32k", "-f", "adts"]
        }
        return try cached(key: key, ext: audioFormat.rawValue, args: args)
    }

    /// A JPEG photo: one test-pattern frame.
    public static func photo(width: Int = 160, height: Int = 120, label: String = "") throws -> URL {
        let v = variation(label)
        let key = "photo-r\(recipe)-\(width)x\(height)-\(slug(label))"
        let args = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=1,hue=h=\(v.hue)",
                    "-frames:v", "1", "-c:v", "mjpeg", "-f", "image2"]
        return try cached(key: key, ext: "jpg", args: args)
    }

    /// A recording of `kind` with the defaults above: what recorders write for each kind.
    public static func recording(_ kind: RecordingKind, seconds: Double = 2, label: String = "") throws -> URL {
        switch kind {
        case .video: try clip(seconds: seconds, label: label)
        case .audio: try audio(seconds: seconds, label: label)
        case .photo: try photo(label: label)
        }
    }

    private static func cached(key: String, ext: String, args: [String]) throws -> URL {
        try FixtureCache.ffmpeg(key, ext, args)
    }

    /// Hue and tone pitch from the label (FNV-1a, stable across runs, unlike `hashValue`).
    static func variation(_ label: String) -> (hue: Int, frequency: Int) {
        let h = fnv1a(label)
        return (Int(h % 360), 220 + Int((h / 360) % 1600))
    }

    static func fnv1a(_ text: String) -> UInt64 { FixtureCache.fnv1a(text) }

    /// A file-name-safe form of the label, with its hash so that labels differing only in unsafe
    /// characters still get their own files.
    static func slug(_ label: String) -> String {
        let safe = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" }.prefix(40))
        return "\(safe)-\(String(fnv1a(label), radix: 16))"
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
