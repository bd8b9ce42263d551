import Foundation
import Testing
import DeviceKit
@testable import MassStorageDriver
import TestSupport

/// The content sniffer on real files made by ffmpeg (each recipe says what it holds, ffprobe confirms the
/// container), and a few hand-made headers where ffmpeg has no muxer or encoder (AMR, HEIF).
@Suite struct MediaSnifferTests {
    static let video = ["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=5:duration=1"]
    static let tone = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=1"]
    static let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1"]

    /// (fixture key, extension, ffmpeg arguments, expected kind, ffprobe's format name)
    static let recipes: [(String, String, [String], RecordingKind, String)] = [
        ("m4a", "m4a", tone + ["-c:a", "aac", "-f", "ipod"], .audio, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("3gp-audio", "3gp", tone + ["-c:a", "aac", "-f", "3gp"], .audio, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("3gp-video", "3gp", video + tone + ["-map", "0:v", "-map", "1:a"] + h264 + ["-c:a", "aac", "-f", "3gp"], .video, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("mov-video", "mov", video + h264 + ["-f", "mov"], .video, "mov,mp4,m4a,3gp,3g2,mj2"),
        ("mkv-video", "mkv", video + tone + ["-map", "0:v", "-map", "1:a"] + h264 + ["-c:a", "aac", "-f", "matroska"], .video, "matroska,webm"),
        ("mka-audio", "mka", tone + ["-c:a", "flac", "-f", "matroska"], .audio, "matroska,webm"),
        ("ts-video", "ts", video + h264 + ["-f", "mpegts"], .video, "mpegts"),
        ("ts-audio", "ts", tone + ["-c:a", "aac", "-f", "mpegts"], .audio, "mpegts"),
        ("h264", "h264", video + h264 + ["-f", "h264"], .video, "h264"),
        ("hevc", "h265", video + ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=none:pools=1:frame-threads=1", "-f", "hevc"], .video, "hevc"),
        ("opus", "opus", tone + ["-c:a", "libopus", "-f", "opus"], .audio, "ogg"),
        ("ogg-vorbis", "ogg", tone + ["-c:a", "libvorbis", "-f", "ogg"], .audio, "ogg"),
        ("ogg-theora", "ogv", video + ["-c:v", "libtheora", "-f", "ogg"], .video, "ogg"),
        ("wav", "wav", tone + ["-c:a", "pcm_s16le", "-f", "wav"], .audio, "wav"),
        ("avi", "avi", video + ["-c:v", "mjpeg", "-f", "avi"], .video, "avi"),
        ("flv", "flv", video + h264 + ["-f", "flv"], .video, "flv"),
        ("asf", "wmv", video + ["-c:v", "wmv2", "-f", "asf"], .video, "asf"),
        ("mpeg-ps", "mpg", video + ["-c:v", "mpeg2video", "-f", "mpeg"], .video, "mpeg"),
        ("mp3", "mp3", tone + ["-c:a", "libmp3lame", "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3"], .audio, "mp3"),
        ("adts", "aac", tone + ["-c:a", "aac", "-f", "adts"], .audio, "aac"),
        ("flac", "flac", tone + ["-c:a", "flac", "-f", "flac"], .audio, "flac"),
        ("jpeg", "jpg", video + ["-frames:v", "1", "-c:v", "mjpeg", "-f", "image2"], .photo, "jpeg_pipe"),
        ("png", "png", video + ["-frames:v", "1", "-c:v", "png", "-f", "image2"], .photo, "png_pipe"),
        ("bmp", "bmp", video + ["-frames:v", "1", "-c:v", "bmp", "-f", "image2"], .photo, "bmp_pipe"),
    ]

    static func sniff(_ url: URL) throws -> RecordingKind? {
        let data = try Data(contentsOf: url)
        let bytes = [UInt8](data)
        return MediaSniffer.kind(head: Array(bytes.prefix(MediaSniffer.headLength)), fileSize: Int64(bytes.count)) { offset, count in
            let start = Int(offset)
            guard start <= bytes.count else { return nil }
            return Array(bytes[start..<min(bytes.count, start + count)])
        }
    }

    @Test(arguments: recipes.indices)
    func recordingsAreToldByTheirContent(index: Int) throws {
        let (key, ext, args, kind, format) = Self.recipes[index]
        let url = try FixtureCache.ffmpeg("sniff-r1-\(key)", ext, args)
        let probed = try runChecked("ffprobe", ["-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", url.path])
        #expect(probed.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "\"\n ")) == format, "\(key)")
        #expect(try Self.sniff(url) == kind, "\(key)")
    }

    @Test func handMadeHeadersOfFormatsFFmpegCannotWrite() throws {
        let dir = try TempDirectory()
        // AMR-NB storage format (RFC 4867 §5): the magic, then 12.2 kbit/s frames (header 0x3C, 31 bytes).
        var amr = Data("#!AMR\n".utf8)
        for _ in 0..<50 { amr.append(0x3C); amr.append(Data(repeating: 0x55, count: 31)) }
        try amr.write(to: dir.path("voice.amr"))
        let probed = try run("ffprobe", ["-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", dir.path("voice.amr").path])
        #expect(probed.stdout.contains("amr"), "ffprobe: \(probed.stdout) \(probed.stderr)")
        #expect(try Self.sniff(dir.path("voice.amr")) == .audio)

        // HEIF (ISO/IEC 23008-12): ftyp heic with mif1, then a meta box; no moov.
        var heic = box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8))
        heic += box("meta", [0, 0, 0, 0] + box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0] + Array("pict".utf8) + [UInt8](repeating: 0, count: 13)))
        try Data(heic).write(to: dir.path("IMG_0001.HEIC"))
        #expect(try Self.sniff(dir.path("IMG_0001.HEIC")) == .photo)
    }

    @Test func whatIsNoMediaIsNotARecording() throws {
        let dir = try TempDirectory()
        try Data("SN=A001234\r\nMODEL=DSJ\r\n".utf8).write(to: dir.path("note.txt"))
        try Data().write(to: dir.path("empty"))
        try Data(repeating: 0, count: 8192).write(to: dir.path("zeros.bin"))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let firmware = (0..<65536).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        try Data(firmware).write(to: dir.path("firmware.bin"))
        for name in ["note.txt", "empty", "zeros.bin", "firmware.bin"] {
            #expect(try Self.sniff(dir.path(name)) == nil, "\(name)")
        }
    }

    @Test func aVolumeOffloadsUnlistedFormatsByContentAndListsTheRest() throws {
        let dir = try TempDirectory()
        let t = ts(2026, 11, 3, 9, 40)
        // officer-datetime lists mp4/mov/avi, wav/aac/mp3/amr, jpg/jpeg only.
        try makePlainVolume(dir.url, ["RECORD/310045_20261103093015.mp4": t])
        let fm = FileManager.default
        for (key, name) in [("m4a", "310045_20261103094015.m4a"), ("ts-video", "310045_20261103095015.ts"),
                            ("mkv-video", "310045_20261103100015.mkv")] {
            let recipe = try #require(Self.recipes.first { $0.0 == key })
            try fm.copyItem(at: try FixtureCache.ffmpeg("sniff-r1-\(key)", recipe.1, recipe.2), to: dir.path("RECORD/\(name)"))
        }
        try Data("officer 310045 shift notes".utf8).write(to: dir.path("RECORD/notes.txt"))
        // A recording in a format recorders write whose header is damaged: still evidence, kept by its name.
        try Data(repeating: 0, count: 4096).write(to: dir.path("RECORD/310045_20261103101015.3gp"))
        let volume = try RecorderVolume(root: dir.url)
        #expect(volume.profile.name == "officer-datetime")
        let kinds = Dictionary(uniqueKeysWithValues: try volume.recordings().map { ($0.fileName, $0.kind) })
        #expect(kinds == ["310045_20261103093015.mp4": .video, "310045_20261103094015.m4a": .audio,
                          "310045_20261103095015.ts": .video, "310045_20261103100015.mkv": .video,
                          "310045_20261103101015.3gp": .video])
        #expect(try volume.recordings().allSatisfy { $0.officer == "310045" && $0.nameStart?.local != nil })
        #expect(volume.skipped.map(\.path) == ["RECORD/notes.txt"])
        #expect(volume.skipped.first?.reason == .notARecording)
    }

    private func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + body.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] + Array(type.utf8) + body
    }
}
