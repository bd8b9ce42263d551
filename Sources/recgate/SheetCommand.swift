import ArgumentParser
import Media

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "A contact sheet of a recording: key-frame thumbnails tiled into one JPEG.",
        discussion: """
            CLIP is a file, or the SHA-256 of a clip in the store. Only key frames are decoded, one per \
            tile, spread over the recording's length; a recording with fewer key frames than tiles gets \
            a smaller grid. The JPEG is hashed as it is written. --out must not exist. Exits 1 when no \
            sheet can be made, leaving no file behind.
            """)

    @OptionGroup var options: HomeOptions

    @Argument(help: ArgumentHelp("The recording: a file, or the SHA-256 of a stored clip.", valueName: "CLIP"))
    var clip: String

    @Option(name: .long, help: ArgumentHelp("Where to write the JPEG (must not exist).", valueName: "FILE"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Most tiles across, 1 to 16.", valueName: "N"))
    var columns: Int = 4

    @Option(name: .long, help: ArgumentHelp("Most rows of tiles, 1 to 16.", valueName: "N"))
    var rows: Int = 4

    @Option(name: .long, help: ArgumentHelp("Longer side of a thumbnail in pixels, 16 to 1920.", valueName: "PIXELS"))
    var tile: Int = 320

    @Flag(name: .long, help: "Print the sheet and its derived file as JSON.")
    var json = false

    @OptionGroup var log: MediaLogOptions

    func validate() throws {
        guard (1...16).contains(columns), (1...16).contains(rows) else { throw ValidationError("--columns and --rows are 1 to 16") }
        guard (16...1920).contains(tile) else { throw ValidationError("--tile is 16 to 1920 pixels") }
    }

    func run() throws {
        log.route()
        try ClipArgument.checkDestination(out, home: options.resolved)
        let source = try ClipArgument.resolve(clip, home: options.resolved)
        let derivedOptions = try source.derivedOptions(home: options.resolved)
        let sheet: ContactSheet
        do {
            sheet = try ContactSheetMaker.make(
                source: source.path, to: out, settings: ContactSheetSettings(columns: columns, rows: rows, tileSize: tile),
                options: derivedOptions)
        } catch {
            Output.error("contact sheet of \(clip) failed: \(error)")
            throw ExitCode.failure
        }
        try source.link(sheet.file, home: options.resolved)
        if json {
            try Output.json(sheet)
        } else {
            try DerivedReport.print(sheet.file, json: false)
            Output.line("  \(sheet.columns)x\(sheet.rows) tiles, \(sheet.width)x\(sheet.height) pixels, "
                + "\(sheet.framesDecoded) key frames decoded of \(sheet.keyFramesRead) read")
        }
    }
}
