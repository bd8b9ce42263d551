import CFFmpeg
import Logging
import Synchronization

/// FFmpeg's own messages ("moov atom not found", "error while decoding MB …"), routed to swift-log.
///
/// FFmpeg logs through one process-wide callback. The first use of the layer routes it to a logger
/// labelled `recgate.media.ffmpeg`; `route(to:)` chooses another. FFmpeg's level follows the logger's,
/// so messages the logger would drop are not even formatted. Each message carries the FFmpeg
/// component that logged it (a demuxer or codec name) as `ffmpeg_component` metadata.
public enum MediaLog {
    private static let logger = Mutex<Logger?>(nil)

    /// Routes FFmpeg's log to `logger` from now on, at `logger.logLevel`.
    public static func route(to logger: Logger) {
        self.logger.withLock { current in
            current = logger
            install(level: logger.logLevel)
        }
    }

    /// Routes FFmpeg's log to the default logger unless someone already chose one. Every owner type
    /// calls this before its first FFmpeg call.
    static func ensureRouted() {
        _ = routedOnce
    }

    private static let routedOnce: Void = {
        logger.withLock { current in
            guard current == nil else { return }
            let fallback = Logger(label: "recgate.media.ffmpeg")
            current = fallback
            install(level: fallback.logLevel)
        }
    }()

    private static func install(level: Logger.Level) {
        av_log_set_level(ffmpegLevel(for: level))
        // The closure captures nothing, so it converts to the C function pointer the shim stores.
        recgate_log_install { level, component, message in
            guard let message else { return }
            // A codec context without a codec names itself "NULL".
            let name = component.map { String(cString: $0) }
            MediaLog.emit(level: level, component: name == "NULL" ? nil : name, text: String(cString: message))
        }
    }

    private static func emit(level: Int32, component: String?, text: String) {
        // FFmpeg ends most messages with a newline and sometimes sends a line in pieces; the pieces are
        // logged as they come, trimmed.
        let trimmed = text.trimmingTrailingWhitespace()
        guard !trimmed.isEmpty, let logger = logger.withLock({ $0 }) else { return }
        var metadata: Logger.Metadata = [:]
        if let component { metadata["ffmpeg_component"] = .string(component) }
        logger.log(level: swiftLevel(for: level), "\(trimmed)", metadata: metadata)
    }

    /// The level FFmpeg currently formats messages up to (AV_LOG_*).
    static var ffmpegThreshold: Int32 { av_log_get_level() }

    /// FFmpeg's threshold that lets through what `level` lets through. FFmpeg has no "notice":
    /// a notice logger gets FFmpeg's warnings and above.
    static func ffmpegLevel(for level: Logger.Level) -> Int32 {
        switch level {
        case .trace: AV_LOG_TRACE
        case .debug: AV_LOG_DEBUG
        case .info: AV_LOG_INFO
        case .notice, .warning: AV_LOG_WARNING
        case .error: AV_LOG_ERROR
        case .critical: AV_LOG_FATAL
        }
    }

    /// The swift-log level of an FFmpeg message level (AV_LOG_*; larger is more verbose).
    static func swiftLevel(for level: Int32) -> Logger.Level {
        switch level {
        case ...AV_LOG_FATAL: .critical
        case ...AV_LOG_ERROR: .error
        case ...AV_LOG_WARNING: .warning
        case ...AV_LOG_INFO: .info
        case ...AV_LOG_DEBUG: .debug
        default: .trace
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last.isWhitespace {
            end = index(before: end)
        }
        return String(self[..<end])
    }
}
