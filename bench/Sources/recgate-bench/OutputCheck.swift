import Foundation

/// What a benchmark's outputs must be, checked by outside tools after the timed runs: a time for an output
/// that is wrong is no figure, for recgate or for the peer it is compared with. A failed check stops the
/// benchmark with an error naming both sides of the comparison.
enum OutputCheck {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Throws `message` unless `condition` holds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw Failure(description: "output check failed: " + message()) }
    }

    /// The number of frames of the first video stream, every one decoded (`ffprobe -count_frames`).
    static func decodedVideoFrames(_ file: URL, ffprobe: String = "ffprobe") throws -> Int {
        let text = try capture(ffprobe, ["-v", "error", "-count_frames", "-select_streams", "v:0",
                                         "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.path])
        guard let frames = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "ffprobe gave no frame count for \(file.path): \(text.prefix(200))")
        }
        return frames
    }

    /// Every packet of every stream as `ffmpeg -f framemd5` lists it (stream, times, size, MD5), copied
    /// without decoding: equal lists mean the same packets with the same times. The `#` header lines
    /// (which name the muxer's settings) are left out.
    static func packetMD5s(_ file: URL, ffmpeg: String = "ffmpeg") throws -> [String] {
        let text = try capture(ffmpeg, ["-hide_banner", "-v", "error", "-nostdin", "-i", file.path, "-map", "0",
                                        "-c", "copy", "-f", "framemd5", "-"])
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        guard !lines.isEmpty else { throw Failure(description: "ffmpeg listed no packets in \(file.path)") }
        return lines
    }

    /// Runs `executable` (looked up on PATH) and returns its standard output; a non-zero exit throws with
    /// its standard error.
    static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        try captureBoth(executable, arguments).output
    }

    /// The mean SSIM (all planes) of `proxy` against `source` scaled to the proxy's size with lanczos, by
    /// ffmpeg's `ssim` filter: the outside judge of a proxy's picture. Frames are paired in order, so both
    /// must hold the same pictures.
    /// With `frameRate`, the source is first brought to that rate (ffmpeg's `fps` filter: the picture
    /// nearest each tick), for a proxy that keeps fewer pictures than its source.
    static func ssim(of proxy: URL, against source: URL, width: Int, height: Int, frameRate: Int? = nil, ffmpeg: String = "ffmpeg") throws -> Double {
        let rate = frameRate.map { "fps=\($0)," } ?? ""
        let (_, errors) = try captureBoth(ffmpeg, [
            "-hide_banner", "-nostdin", "-i", proxy.path, "-i", source.path,
            "-lavfi", "[1:v]\(rate)scale=\(width):\(height):flags=lanczos[reference];[0:v][reference]ssim", "-an", "-f", "null", "-",
        ])
        guard let range = errors.range(of: "All:"),
              let value = Double(errors[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        else { throw Failure(description: "ffmpeg's ssim filter reported no value for \(proxy.path)") }
        return value
    }

    /// Runs `executable` (looked up on PATH) and returns its standard output and error; a non-zero exit
    /// throws with its standard error.
    static func captureBoth(_ executable: String, _ arguments: [String]) throws -> (output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is read on another thread so neither pipe can fill and stall the child.
        let errorText = ErrorText()
        let reader = Thread { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorText.wait()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited "
                + "\(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self).prefix(400))")
        }
        return (String(decoding: data, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    private final class ErrorText: @unchecked Sendable {
        // Sendable proof: `data` is written once by the reader thread before it signals `done`, and read
        // only after `wait` has taken that signal.
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        func set(_ value: Data) {
            data = value
            done.signal()
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
