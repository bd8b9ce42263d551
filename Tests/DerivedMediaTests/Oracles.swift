import Foundation
import Logging
import Media
import TestSupport

/// Outside judges of derived files: ffprobe, ffmpeg's framemd5, openssl, and a top-level box list read
/// here independently of the code under test.
enum Oracles {
    /// `openssl dgst -sha256` of the file.
    static func sha256(_ url: URL) throws -> String {
        let output = try runChecked("openssl", ["dgst", "-sha256", "-r", url.path]).stdout
        return String(output.prefix { !$0.isWhitespace })
    }

    /// ffmpeg's per-packet checksums of every stream, stream-copied: equal lists mean equal packets
    /// (times, sizes, bytes).
    static func framemd5(_ url: URL) throws -> [String] {
        try runChecked("ffmpeg", ["-v", "error", "-nostdin", "-i", url.path, "-map", "0", "-c", "copy", "-f", "framemd5", "-"])
            .stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// The types of the file's top-level boxes in order.
    static func topLevelBoxes(_ url: URL) throws -> [String] {
        let bytes = [UInt8](try Data(contentsOf: url))
        var types: [String] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let size32 = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            types.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
            var size = size32
            if size32 == 1 { size = bytes[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            if size32 == 0 || size < 8 { break }
            offset += size
        }
        return types
    }

    /// Whether `moov` comes before the first `mdat`.
    static func indexFirst(_ url: URL) throws -> Bool {
        let boxes = try topLevelBoxes(url)
        guard let moov = boxes.firstIndex(of: "moov"), let mdat = boxes.firstIndex(of: "mdat") else { return false }
        return moov < mdat
    }

    /// ffprobe's view of a file.
    struct Probe: Decodable {
        struct Stream: Decodable {
            var codec_type: String
            var codec_name: String?
            var width: Int?
            var height: Int?
            var sample_rate: String?
            var channels: Int?
            var duration: String?
            var nb_frames: String?
            var side_data_list: [SideData]?

            var rotation: Int? { side_data_list?.compactMap(\.rotation).first }
        }
        struct SideData: Decodable {
            var rotation: Int?
        }
        struct Format: Decodable {
            var duration: String?
        }
        var streams: [Stream]
        var format: Format?

        var duration: Double? { format?.duration.flatMap(Double.init) }
        var video: Stream? { streams.first { $0.codec_type == "video" } }
        var audio: Stream? { streams.first { $0.codec_type == "audio" } }
    }

    static func probe(_ url: URL) throws -> Probe {
        let output = try runChecked("ffprobe", ["-v", "error", "-show_format", "-show_streams", "-of", "json", url.path]).stdout
        return try JSONDecoder().decode(Probe.self, from: Data(output.utf8))
    }

    /// Presentation times in seconds of the packets of the first video stream, in presentation order.
    static func videoPacketTimes(_ url: URL) throws -> [Double] {
        let output = try runChecked("ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", url.path,
        ]).stdout
        return output.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.sorted()
    }

    /// How many packets of the first video stream are flagged as key frames.
    static func keyFrameCount(_ url: URL) throws -> Int {
        let output = try runChecked("ffprobe", [
            "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", url.path,
        ]).stdout
        return output.split(separator: "\n").filter { $0.hasPrefix("K") }.count
    }

    /// The names in `folder`, sorted: what a failed derivation must not have left behind.
    static func fileNames(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}

/// FFmpeg's log at errors only, so x264's statistics do not bury the test report. Called by each
/// suite's initializer; the first call routes it.
enum QuietMedia {
    static let once: Void = {
        var logger = Logger(label: "recgate.media.test")
        logger.logLevel = .error
        MediaLog.route(to: logger)
    }()
}
