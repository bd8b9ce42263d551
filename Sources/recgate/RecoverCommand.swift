import ArgumentParser
import Foundation
import MP4

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Rebuild a playable MP4 from a recording whose index was never written (a flat battery).",
        discussion: """
            The samples of such a recording are all in its mdat, but the index (moov) that says where they are \
            is missing, so players refuse it ("moov atom not found"). recover finds the samples again, using a \
            healthy clip from the same recorder as the reference for the codec settings, timing and layout, and \
            writes a new MP4 with an index. The truncated file is only read. Supported: H.264 video with \
            AAC-LC audio (either may be absent). Exits 1 when nothing could be recovered.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The truncated recording.", valueName: "TRUNCATED"))
    var truncated: String

    @Option(name: .long, help: ArgumentHelp("A healthy clip from the same recorder, with the same settings.", valueName: "HEALTHY"))
    var reference: String

    @Option(name: .long, help: ArgumentHelp("Where to write the rebuilt MP4 (must not exist).", valueName: "FILE"))
    var out: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        try ClipArgument.checkDestination(out, home: options.resolved)
        let report: RecoveryReport
        do {
            let recovery = try TruncatedClipRecovery(reference: URL(fileURLWithPath: reference))
            report = try recovery.recover(URL(fileURLWithPath: truncated), to: URL(fileURLWithPath: out))
        } catch {
            Output.error("recover \(truncated) failed: \(error)")
            throw ExitCode.failure
        }
        if json {
            try Output.json(report)
        } else {
            print(report)
        }
    }

    private func print(_ report: RecoveryReport) {
        Output.line("recovered \(report.truncated) -> \(report.output)")
        for track in report.tracks {
            var line = "  \(track.kind) track \(track.trackID) (\(track.codec), '\(track.format)'): \(track.samples) samples"
            if track.kind == "video" { line += " (\(track.syncSamples) key frames)" }
            line += String(format: ", %.2f s, %d bytes", track.duration, track.bytes)
            Output.line(line)
        }
        let share = report.mediaDataBytes > 0 ? 100 * Double(report.bytesUsed) / Double(report.mediaDataBytes) : 0
        Output.line(String(format: "  duration %.2f s; used %lld of %lld media data bytes (%.1f %%), file %lld bytes",
                           report.duration, report.bytesUsed, report.mediaDataBytes, share, report.fileSize))
        Output.line("  stopped at offset \(report.stopOffset) (\(report.stopReason.rawValue)): \(report.stopDetail)")
    }
}
