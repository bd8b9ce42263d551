import Foundation
import TestSupport

/// The outside oracle: `ffprobe -v error -show_format -show_streams -of json`, parsed.
struct FFprobe {
    let format: [String: Any]
    let streams: [[String: Any]]

    /// Runs ffprobe on `url`; `countPackets` adds `-count_packets` (nb_read_packets per stream),
    /// `countFrames` adds `-count_frames` (nb_read_frames: decodes everything).
    init(_ url: URL, countPackets: Bool = false, countFrames: Bool = false) throws {
        var args = ["-v", "error", "-show_format", "-show_streams", "-of", "json"]
        if countPackets { args.append("-count_packets") }
        if countFrames { args.append("-count_frames") }
        let output = try runChecked("ffprobe", args + [url.path])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] else {
            throw TestSupportError("ffprobe printed no JSON object for \(url.path)")
        }
        format = object["format"] as? [String: Any] ?? [:]
        streams = object["streams"] as? [[String: Any]] ?? []
    }

    /// A field as a number, from ffprobe's strings ("2.000000", "48000") or numbers.
    static func number(_ value: Any?) -> Double? {
        if let text = value as? String { return Double(text) }
        return (value as? NSNumber)?.doubleValue
    }

    static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? NSNumber)?.stringValue
    }

    /// The rotation in a stream's display-matrix side data (counterclockwise degrees), when present.
    static func rotation(_ stream: [String: Any]) -> Double? {
        let sideData = stream["side_data_list"] as? [[String: Any]] ?? []
        return sideData.lazy.compactMap { number($0["rotation"]) }.first
    }
}
