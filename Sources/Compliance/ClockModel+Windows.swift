import Foundation

extension ClockModel {
    /// Device-time intervals whose clips can, once corrected, fall in `interval` (gateway time): one per
    /// era that was in force during `interval`, shifted by that era's offsets and widened by their
    /// uncertainty. What a catalog index is asked for.
    public func deviceWindows(for interval: DateInterval) -> [DateInterval] {
        var windows: [DateInterval] = []
        for (i, era) in eras.enumerated() {
            // When the era was in force, in gateway time. Around a reset both neighbours may be.
            var lower = Date.distantPast, upper = Date.distantFuture
            if i > 0 {
                switch era.start {
                case .set: lower = era.anchors.first?.gatewayTime ?? .distantPast
                case .reset, .open: lower = eras[i - 1].anchors.last?.gatewayTime ?? .distantPast
                }
            }
            if i < eras.count - 1 {
                upper = eras[i + 1].anchors.first?.gatewayTime ?? .distantFuture
            }
            let start = max(lower, interval.start), end = min(upper, interval.end)
            guard start <= end else { continue }
            guard !era.anchors.isEmpty else {
                windows.append(DateInterval(start: start, end: end))
                continue
            }
            let offsets = era.anchors.map(\.offset)
            let nearest = era.anchors.map { anchor in
                anchor.gatewayTime < start ? start.timeIntervalSince(anchor.gatewayTime)
                    : anchor.gatewayTime > end ? anchor.gatewayTime.timeIntervalSince(end) : 0
            }.min() ?? 0
            let slack = (era.anchors.map(\.uncertainty).max() ?? 0) + policy.driftBound * nearest / 86_400 + 1
            windows.append(DateInterval(start: start.addingTimeInterval(offsets.min()! - slack),
                                        end: end.addingTimeInterval(offsets.max()! + slack)))
        }
        return windows
    }
}
