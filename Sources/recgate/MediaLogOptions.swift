import ArgumentParser
import Logging
import Media

/// `--verbose` for commands that run FFmpeg: its warnings go to standard error only when asked for.
struct MediaLogOptions: ParsableArguments {
    @Flag(name: .long, help: "Print FFmpeg's own warnings and errors on standard error.")
    var verbose = false

    /// Routes FFmpeg's log to standard error, at warnings with --verbose, else only what is fatal.
    func route() {
        var logger = Logger(label: "recgate.ffmpeg") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .warning : .critical
        MediaLog.route(to: logger)
    }
}
