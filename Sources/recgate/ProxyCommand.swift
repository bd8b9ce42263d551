import ArgumentParser
import Foundation
import Media

struct ProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "A review proxy of a recording: H.264 and AAC in an MP4 that plays in a browser.",
        discussion: """
            CLIP is a file, or the SHA-256 of a clip in the store. The proxy is fitted within a 16:9 box \
            --height pixels high (default 360: 640x360), aspect kept, never enlarged; libx264 veryfast \
            CRF 28 tuned for speed, AAC a browser plays copied (other sound AAC 64 kb/s), index first \
            (faststart). Rotation is kept as the display matrix; picture times pass through unchanged, so \
            variable-frame-rate recordings stay so; above 36 fps at most 30 pictures a second are kept. \
            The recipe printed says how it was made. The original is only \
            read; --out must not exist. The proxy's SHA-256 is reported. Exits 1 when it cannot be made, \
            leaving no file behind. See `recgate sheet` for a contact sheet.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The recording: a file, or the SHA-256 of a stored clip.", valueName: "CLIP"))
    var clip: String

    @Option(name: .long, help: ArgumentHelp("Where to write the proxy (must not exist).", valueName: "FILE"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Height of the box the picture is fitted into, 16 to 4320.", valueName: "N"))
    var height: Int = 360

    @Flag(name: .long, help: "Print the derived file as JSON.")
    var json = false

    @OptionGroup var log: MediaLogOptions

    func validate() throws {
        guard height >= 16, height <= 4320 else { throw ValidationError("--height must be between 16 and 4320") }
    }

    func run() throws {
        log.route()
        try ClipArgument.checkDestination(out, home: options.resolved)
        let source = try ClipArgument.resolve(clip, home: options.resolved)
        let derivedOptions = try source.derivedOptions(home: options.resolved)
        let bar = FractionProgressBar.ifTerminal(label: "proxy")
        let derived: DerivedFile
        do {
            derived = try ProxyTranscoder.transcode(
                source: source.path, to: out, settings: ProxySettings(height: height),
                options: derivedOptions, progress: bar.map { bar in { bar.update($0) } })
            bar?.end()
        } catch {
            bar?.end()
            Output.error("proxy of \(clip) failed: \(error)")
            throw ExitCode.failure
        }
        try source.link(derived, home: options.resolved)
        try DerivedReport.print(derived, json: json)
    }
}
