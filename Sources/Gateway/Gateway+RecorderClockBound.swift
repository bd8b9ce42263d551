import DeviceKit
import Evidence
import Foundation
import Logging
import Offload

extension Gateway {
    /// A recorder whose clock cannot be read still tells something of it: every recording on its volume was
    /// stamped by that clock before it was docked, so at docking the clock showed at least the newest of
    /// their times (file-system or file-name), a lower bound on its offset. Recorded as a `lower` clock bound
    /// at the docking's gateway time (marked when the clock was set right after), from the recordings this
    /// offload stored or found stored; nil when none has a time.
    @discardableResult
    public func recordClockBound(_ docked: RecorderDocking, report: OffloadReport,
                                 logger: Logger = Logger(label: "recgate.dock")) throws -> NewClockBound? {
        let setup = try caseDesk(create: true)
        let catalog = setup.desk.catalog
        var newest: (instant: Date, zone: TimeZone)?
        for clip in report.clips where clip.status != .failed {
            guard let sha256 = clip.sha256, let row = try catalog.clip(sha256: sha256),
                  let zone = TimeZone(identifier: row.timeZone) else { continue }
            for instant in [row.fsMtime, row.nameStart].compactMap({ $0 }) where newest.map({ instant > $0.instant }) ?? true {
                newest = (instant, zone)
            }
        }
        guard let newest else { return nil }
        let deviceTime = LocalTimestamp(newest.instant, in: newest.zone)
        let bound = NewClockBound(deviceSerial: docked.serial, deviceTime: deviceTime.description, gatewayTime: docked.dockedAt,
                                  clockSet: docked.clockSetTo != nil, note: "ambarella \(docked.portPath): newest recording")
        try catalog.recordClockLowerBound(bound, actor: OffloadRequest.currentActor(), at: Date())
        let offset = deviceTime.instant(in: setup.zone).map { String(format: "%+.0f s", $0.timeIntervalSince(docked.dockedAt)) }
        logger.info("clock at dock at least \(deviceTime) (offset at least \(offset ?? "unknown")): its newest recording",
                    metadata: ["device": "\(docked.serial)", "port": "\(docked.portPath)"])
        return bound
    }
}
