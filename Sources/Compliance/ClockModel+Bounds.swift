import Foundation

extension ClockModel {
    /// Where times in `deviceTimes` can lie once corrected: for each era whose device times (widened by a
    /// day, for times just beside them) meet `deviceTimes`, that part less the era's least and greatest
    /// offset; default dates no reading explains, and every time of a clock never read, as they are. A
    /// search bounds where a device's corrected times lie with it: a reset era's default dates map to the
    /// day of the reset, not to the decades its offset spans.
    public func correctedIntervals(of deviceTimes: DateInterval) -> [DateInterval] {
        guard hasReadings else { return [deviceTimes] }
        var intervals: [DateInterval] = []
        for i in eras.indices where !eras[i].anchors.isEmpty {
            let domain = deviceDomain(i)
            let lower = max(domain.lower.addingTimeInterval(-86_400), deviceTimes.start)
            let upper = min(domain.upper.addingTimeInterval(86_400), deviceTimes.end)
            guard lower <= upper else { continue }
            let offsets = eras[i].anchors.map(\.offset)
            intervals.append(DateInterval(start: lower - offsets.max()!, end: upper - offsets.min()!))
        }
        if deviceTimes.start < implausible {
            intervals.append(DateInterval(start: deviceTimes.start, end: min(deviceTimes.end, implausible)))
        }
        return intervals
    }
}
