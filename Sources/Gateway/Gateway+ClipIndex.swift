import ComplianceCatalog
import Foundation
import Logging

extension Gateway {
    /// Starts building the clip search's recorded-time index (``ComplianceCatalog/RecordedIndex``) of a
    /// gateway opened with ``open(_:)``, on a background thread at idle priority: reading and correcting
    /// every clip takes a while on a large catalog, and searches answer without it (window by window)
    /// until it is built. Logs when it is ready or why it could not be built.
    public func startBuildingClipIndex(logger: Logger) {
        guard resources != nil else { return }
        let gateway = self
        _ = IdleThread(name: "recgate-clip-index") { _ in
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let clips = try gateway.buildClipIndex() ?? 0
                let seconds = started.duration(to: clock.now).components.seconds
                logger.info("clip index ready: \(clips) clips in \(seconds) s")
            } catch {
                logger.error("clip index not built (searches correct clips window by window): \(error)")
            }
        }
    }

    /// Builds the recorded-time index now (see ``startBuildingClipIndex(logger:)``); how many clips it
    /// holds, or nil for a gateway not opened with ``open(_:)`` (which keeps none).
    @discardableResult
    public func buildClipIndex() throws -> Int? {
        guard let resources else { return nil }
        return try resources.clipIndex.build(desk: try caseDesk(create: false).desk)
    }
}
