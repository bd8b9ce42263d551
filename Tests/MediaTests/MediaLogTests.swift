import Foundation
import Logging
@testable import Media
import Synchronization
import Testing
import TestSupport

/// FFmpeg's log reaches swift-log, with its component and level, filtered by the logger's level.
@Suite(.serialized) struct MediaLogTests {
    final class Captured: LogHandler, @unchecked Sendable {
        // Sendable proof: `entries` is only touched inside `box`'s lock; the LogHandler properties are
        // set before the handler is shared and only read afterwards.
        let box = Mutex<[(Logger.Level, String, String?)]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let component = event.metadata?["ffmpeg_component"].map { "\($0)" }
            box.withLock { $0.append((event.level, "\(event.message)", component)) }
        }

        var entries: [(Logger.Level, String, String?)] { box.withLock { $0 } }
    }

    @Test func messagesReachTheLogger() throws {
        let handler = Captured()
        var logger = Logger(label: "test.ffmpeg") { _ in handler }
        logger.logLevel = .warning
        MediaLog.route(to: logger)
        defer { MediaLog.route(to: Logger(label: "recgate.media.ffmpeg")) }

        _ = try? InputContext(path: MediaFixtures.truncated(.noIndex).path)
        let moov = handler.entries.first { $0.1.contains("moov atom not found") }
        #expect(moov != nil, "\(handler.entries)")
        #expect(moov?.0 == .error)
        #expect(moov?.2 == "mov,mp4,m4a,3gp,3g2,mj2")
        // Trailing newlines are trimmed.
        #expect(handler.entries.allSatisfy { !$0.1.hasSuffix("\n") })
    }

    @Test func levelFollowsTheLogger() throws {
        let handler = Captured()
        var logger = Logger(label: "test.ffmpeg") { _ in handler }
        logger.logLevel = .critical
        MediaLog.route(to: logger)
        defer { MediaLog.route(to: Logger(label: "recgate.media.ffmpeg")) }
        #expect(MediaLog.ffmpegThreshold == MediaLog.ffmpegLevel(for: .critical))

        _ = try? InputContext(path: MediaFixtures.truncated(.noIndex).path)
        #expect(handler.entries.isEmpty, "\(handler.entries)")
    }

    @Test func levelMapping() {
        #expect(MediaLog.swiftLevel(for: 0) == .critical)   // AV_LOG_PANIC
        #expect(MediaLog.swiftLevel(for: 16) == .error)
        #expect(MediaLog.swiftLevel(for: 24) == .warning)
        #expect(MediaLog.swiftLevel(for: 32) == .info)
        #expect(MediaLog.swiftLevel(for: 40) == .debug)     // AV_LOG_VERBOSE
        #expect(MediaLog.swiftLevel(for: 56) == .trace)
        #expect(MediaLog.ffmpegLevel(for: .info) == 32)
        #expect(MediaLog.ffmpegLevel(for: .notice) == 24)
    }
}
