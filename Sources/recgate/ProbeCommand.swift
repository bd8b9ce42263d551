import ArgumentParser
import DeviceKit
import Foundation
import Logging
import Media
import MediaProbes
import Offload

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Media facts and integrity of files: container, streams, tags, rotation, packet times, timing.",
        discussion: """
            Integrity is ok, truncated (cut short: an MP4/MOV without its index, or whose index and \
            data disagree with the file's length; a RIFF or JPEG file shorter than it says) or corrupt \
            (cannot be opened or parsed, empty, garbage; with --deep, decode errors). The default check \
            reads headers and every packet without decoding; --deep decodes every frame. A file that \
            cannot be read at all is reported as corrupt with the reason in `error`.

            Timing findings compare the container's duration with its packets', the container's \
            creation_time with --name-start, and the file's modification time (most recorders stamp \
            the end) with each start plus the duration.

            Exits 0 when every file is ok, 1 when any is truncated or corrupt (timing findings do not \
            change the exit status).
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("Files to probe.", valueName: "FILE"))
    var files: [String] = []

    @Flag(name: .long, help: "Decode every frame and count decode errors.")
    var deep = false

    @Flag(name: .long, help: "Print a JSON array, one object per file.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "The start time the file name gives, compared with the container's and the file system's times: "
            + "RFC 3339 with an offset, or YYYY-MM-DDThh:mm:ss in the home's time zone. Applies to every FILE.",
        valueName: "TIME"))
    var nameStart: String?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds two times may differ before it is a finding, 0 to 86400 (the file system's 2 s "
            + "resolution is added for its time).", valueName: "SECONDS"))
    var tolerance: Double = TimingTolerance.standard.seconds

    @Flag(name: .long, help: "Print FFmpeg's own warnings and errors on standard error.")
    var verbose = false

    /// A day: times further apart than that are not a tolerance question.
    static let toleranceRange: ClosedRange<Double> = 0...86_400

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one FILE") }
        if let problem = GatewayConfiguration.secondsProblem(tolerance, Self.toleranceRange) {
            throw ValidationError("--tolerance \(problem)")
        }
    }

    func run() throws {
        // FFmpeg's complaints about a damaged file are what the report says in its own words; they go
        // to standard error only when asked for, never to standard output where the JSON is.
        var ffmpegLog = Logger(label: "recgate.ffmpeg") { StreamLogHandler.standardError(label: $0) }
        ffmpegLog.logLevel = verbose ? .warning : .critical
        MediaLog.route(to: ffmpegLog)

        let start = try nameStart.map(parseNameStart)
        let timingTolerance = TimingTolerance(seconds: tolerance)
        // The configured zone tells a recorder's local digits in creation_time from UTC.
        let zone = (try? GatewayConfiguration.load(from: options.resolved)).flatMap { TimeZone(identifier: $0.timeZone) }
        var results: [MediaFacts] = []
        for file in files {
            do {
                results.append(try MediaProbe.probe(path: file, deep: deep, nameStart: start, tolerance: timingTolerance, zone: zone))
            } catch {
                var facts = MediaFacts(path: file, integrity: .corrupt)
                facts.error = error.description
                facts.deep = deep
                results.append(facts)
            }
        }
        if json {
            try Output.json(results)
        } else {
            for facts in results { print(facts) }
        }
        if results.contains(where: { $0.integrity != .ok }) { throw ExitCode.failure }
    }

    private func parseNameStart(_ text: String) throws -> Date {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        let fields = text.split(whereSeparator: { "-T: ".contains($0) }).compactMap { Int($0) }
        let zoneName = try GatewayConfiguration.load(from: options.resolved).timeZone
        guard fields.count == 6, let zone = TimeZone(identifier: zoneName),
              let date = LocalTimestamp(year: fields[0], month: fields[1], day: fields[2], hour: fields[3],
                                        minute: fields[4], second: fields[5]).instant(in: zone)
        else {
            throw ValidationError("--name-start \(text): expected RFC 3339 (2026-11-03T09:30:15+08:00) or 2026-11-03T09:30:15")
        }
        return date
    }

    private func print(_ facts: MediaFacts) {
        var head = "\(facts.integrity.rawValue.uppercased()) \(facts.path)"
        if let format = facts.format { head += "  \(format)" }
        if let duration = facts.duration { head += String(format: "  %.3f s", duration) }
        if let kind = facts.kind { head += "  \(kind.rawValue)" }
        if let created = facts.creationTime { head += "  created \(created.formatted(.iso8601))" }
        if let rotation = facts.rotation, rotation != 0 { head += "  rotated \(rotation)°" }
        if let errors = facts.decodeErrors { head += "  \(errors) decode errors" }
        Output.line(head)
        for stream in facts.streams {
            var line = "  #\(stream.index) \(stream.type.rawValue) \(stream.codec)"
            if let profile = stream.profile { line += " (\(profile))" }
            if let width = stream.width, let height = stream.height { line += " \(width)x\(height)" }
            if let rate = stream.frameRate { line += String(format: " %.3g fps", rate) }
            if let rate = stream.sampleRate { line += " \(rate) Hz" }
            if let channels = stream.channels { line += " \(channels) ch" }
            if let bitRate = stream.bitRate { line += " \(bitRate / 1000) kb/s" }
            let packets = stream.packets
            line += "  \(packets.count) packets"
            if let first = packets.firstTime, let last = packets.lastTime { line += String(format: " %.3f–%.3f s", first, last) }
            if let decode = stream.decode { line += ", \(decode.frames) frames decoded, \(decode.errors) errors" }
            Output.line(line)
        }
        for note in facts.integrityNotes { Output.line("  note: \(note)") }
        if let error = facts.error { Output.line("  error: \(error)") }
        for finding in facts.timing?.findings ?? [] {
            var line = "  timing: \(finding.kind.rawValue): \(finding.first.source) vs \(finding.second.source) differ by "
                + String(format: "%.1f s", finding.difference)
            if let note = finding.note { line += " (\(note))" }
            Output.line(line)
        }
    }
}
