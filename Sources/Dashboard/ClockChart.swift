import DeviceKit
import Compliance
import Foundation
import Presentation

/// A device's clock offset over time as an inline SVG line chart (`#clock-chart`): one point per
/// reading (`.point`, with `data-offset`), the zero line, the extremes labelled. No reading gives a
/// sentence instead; one reading a single point in the middle; offsets of any size are scaled to fit.
struct ClockChart {
    struct Point {
        var at: Date
        var offset: Double
    }

    static let width = 800.0
    static let height = 240.0
    /// Room for the offset labels on the left and the times below.
    static let left = 80.0, right = 16.0, top = 16.0, bottom = 36.0

    let points: [Point]
    let zone: TimeZone

    init(readings: [DeviceRecord.ClockPoint], zone: TimeZone) {
        points = readings.compactMap { reading in
            guard case .success(let at) = RFC3339.parse(reading.at), reading.offset_s.isFinite else { return nil }
            return Point(at: at, offset: reading.offset_s)
        }.sorted { $0.at < $1.at }
        self.zone = zone
    }

    /// The offsets' range with zero in it, widened a little (and to ±1 s when every offset is 0).
    var range: (low: Double, high: Double) {
        let offsets = points.map(\.offset) + [0]
        var low = offsets.min()!, high = offsets.max()!
        if high - low == 0 { low -= 1; high += 1 }
        let pad = (high - low) * 0.08
        return (low - pad, high + pad)
    }

    func x(_ date: Date) -> Double {
        let plot = Self.width - Self.left - Self.right
        guard let first = points.first?.at, let last = points.last?.at, last > first else { return Self.left + plot / 2 }
        return Self.left + plot * date.timeIntervalSince(first) / last.timeIntervalSince(first)
    }

    func y(_ offset: Double) -> Double {
        let (low, high) = range
        let plot = Self.height - Self.top - Self.bottom
        return Self.top + plot * (high - offset) / (high - low)
    }

    func svg(context c: PageContext) -> String {
        guard !points.isEmpty else {
            return "<p id=\"clock-chart\" class=\"chart empty\" data-points=\"0\">\(c.t(.noClockReadings))</p>\n"
        }
        let clock = WallClock(zone: zone)
        let (w, h) = (Self.width, Self.height)
        var svg = "<figure class=\"chart\"><svg id=\"clock-chart\" data-points=\"\(points.count)\" viewBox=\"0 0 \(SVG.n(w)) \(SVG.n(h))\" "
            + "role=\"img\" aria-label=\"\(c.t(.clockOffsetOverTime))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<rect class=\"plot\" x=\"\(SVG.n(Self.left))\" y=\"\(SVG.n(Self.top))\" width=\"\(SVG.n(w - Self.left - Self.right))\" "
            + "height=\"\(SVG.n(h - Self.top - Self.bottom))\"/>\n"
        let zero = y(0)
        svg += "<line class=\"zero\" x1=\"\(SVG.n(Self.left))\" x2=\"\(SVG.n(w - Self.right))\" y1=\"\(SVG.n(zero))\" y2=\"\(SVG.n(zero))\"/>\n"
        let offsets = points.map(\.offset)
        var ticks = [0.0]
        if let low = offsets.min(), low < 0 { ticks.append(low) }
        if let high = offsets.max(), high > 0 { ticks.append(high) }
        for tick in ticks {
            svg += "<text class=\"tick y\" x=\"\(SVG.n(Self.left - 6))\" y=\"\(SVG.n(y(tick) + 4))\" text-anchor=\"end\">"
                + "\(HTML.escape(tick == 0 ? "0" : Quantity.offset(tick)))</text>\n"
        }
        let first = points.first!.at, last = points.last!.at
        svg += "<text class=\"tick x\" x=\"\(SVG.n(x(first)))\" y=\"\(SVG.n(h - 12))\" text-anchor=\"\(first == last ? "middle" : "start")\">"
            + "\(HTML.escape(clock.text(first)))</text>\n"
        if last > first {
            svg += "<text class=\"tick x\" x=\"\(SVG.n(x(last)))\" y=\"\(SVG.n(h - 12))\" text-anchor=\"end\">\(HTML.escape(clock.text(last)))</text>\n"
        }
        if points.count > 1 {
            let line = points.map { "\(SVG.n(x($0.at))),\(SVG.n(y($0.offset)))" }.joined(separator: " ")
            svg += "<polyline class=\"line\" points=\"\(line)\"/>\n"
        }
        for point in points {
            svg += "<circle class=\"point\" cx=\"\(SVG.n(x(point.at)))\" cy=\"\(SVG.n(y(point.offset)))\" r=\"4\" "
                + "data-offset=\"\(point.offset)\"><title>\(HTML.escape(clock.text(point.at))) \(HTML.escape(Quantity.offset(point.offset)))</title></circle>\n"
        }
        return svg + "</svg></figure>\n"
    }
}
