import Foundation
import TestSupport

/// ffmpeg and ffprobe as the outside judges of what recovery wrote.
enum FFmpegOracle {
    /// One line of `-f framemd5`: presentation time, size and MD5 of a frame (video, decoded) or packet
    /// (audio, stream-copied).
    struct Frame: Equatable, CustomStringConvertible {
        var pts: Int
        var size: Int
        var hash: String
        var description: String { "pts \(pts) size \(size) \(hash)" }
    }

    /// `ffmpeg -v error -i FILE -map STREAM [-c copy] -f framemd5 -`.
    static func framemd5(_ url: URL, stream: String, copy: Bool = false) throws -> [Frame] {
        let output = try runChecked(
            "ffmpeg", ["-nostdin", "-v", "error", "-i", url.path, "-map", stream] + (copy ? ["-c", "copy"] : []) + ["-f", "framemd5", "-"])
        return output.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 6, let pts = Int(fields[2]), let size = Int(fields[4]) else { return nil }
            return Frame(pts: pts, size: size, hash: fields[5])
        }
    }

    /// Packets of a stream with their file positions and sizes (`ffprobe -show_packets`).
    static func packets(_ url: URL, stream: String) throws -> [(position: Int, size: Int)] {
        let output = try runChecked(
            "ffprobe", ["-v", "error", "-select_streams", stream, "-show_entries", "packet=pos,size", "-of", "json", url.path])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
              let packets = object["packets"] as? [[String: Any]]
        else { throw TestSupportError("ffprobe gave no packets for \(url.path)") }
        return packets.compactMap { packet in
            guard let position = Int(packet["pos"] as? String ?? ""), let size = Int(packet["size"] as? String ?? "") else { return nil }
            return (position, size)
        }
    }

    /// `ffprobe -show_format -show_streams -of json`: the streams and the format.
    static func probe(_ url: URL) throws -> (streams: [[String: Any]], format: [String: Any]) {
        let output = try runChecked("ffprobe", ["-v", "error", "-show_format", "-show_streams", "-of", "json", url.path])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
              let streams = object["streams"] as? [[String: Any]], let format = object["format"] as? [String: Any]
        else { throw TestSupportError("ffprobe gave no streams for \(url.path)") }
        return (streams, format)
    }

    static func number(_ value: Any?) -> Double? {
        if let text = value as? String { return Double(text) }
        return (value as? NSNumber)?.doubleValue
    }
}
