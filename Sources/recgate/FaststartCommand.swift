import ArgumentParser
import Media

struct FaststartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faststart",
        abstract: "A web-playable copy of an MP4 whose index is at the end: every packet copied, index first.",
        discussion: """
            CLIP is a file, or the SHA-256 of a clip in the store. Only the top-level box order is read \
            to decide: when the index already comes first (or the file is no MP4/MOV, or has no index) \
            nothing is written and the reason is printed, unless --always (which also turns other \
            containers FFmpeg reads into a faststart MP4). --out must not exist.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The recording: a file, or the SHA-256 of a stored clip.", valueName: "CLIP"))
    var clip: String

    @Option(name: .long, help: ArgumentHelp("Where to write the copy (must not exist).", valueName: "FILE"))
    var out: String

    @Flag(name: .long, help: "Make the copy even when the index already comes first.")
    var always = false

    @Flag(name: .long, help: "Print the derived file as JSON (null when nothing was written).")
    var json = false

    @OptionGroup var log: MediaLogOptions

    func run() throws {
        log.route()
        try ClipArgument.checkDestination(out, home: options.resolved)
        let source = try ClipArgument.resolve(clip, home: options.resolved)
        let derivedOptions = try source.derivedOptions(home: options.resolved)
        let derived: DerivedFile
        do {
            let placement = try MP4IndexPlacement.of(path: source.path)
            guard placement == .afterData || always else {
                if json { try Output.json(DerivedFile?.none) } else {
                    Output.line("no copy made: index \(placement.rawValue.replacingOccurrences(of: "_", with: " "))")
                }
                return
            }
            derived = try FaststartRemuxer.remux(source: source.path, to: out, options: derivedOptions)
        } catch {
            Output.error("faststart copy of \(clip) failed: \(error)")
            throw ExitCode.failure
        }
        try source.link(derived, home: options.resolved)
        try DerivedReport.print(derived, json: json)
    }
}
