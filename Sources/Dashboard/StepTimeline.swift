import DeviceKit
import Compliance
import Foundation
import Presentation

/// One step's window as an inline SVG (`.step-timeline[data-step]`): the step from its start to its end
/// across 1000 units, the matched recordings as bars (`.clip-bar`, one lane per device) and every
/// stretch no recording covers as `.gap` (full height, behind the bars). Times are written below it.
struct StepTimeline {
    static let width = 1000.0
    static let lane = 22.0
    static let pad = 8.0

    let step: StepCheck
    let zone: TimeZone

    /// The step's length; a step of no length is drawn as one second so nothing divides by zero.
    var length: Double { max(step.end.timeIntervalSince(step.start), 1) }

    /// Where `date` falls across the width, clamped to the window.
    func x(_ date: Date) -> Double {
        Self.width * min(1, max(0, date.timeIntervalSince(step.start) / length))
    }

    func html(context c: PageContext) -> String {
        let devices = Array(Set(step.clips.map(\.device))).sorted()
        let lanes = max(1, devices.count)
        let height = Self.pad * 2 + Self.lane * Double(lanes)
        let clock = WallClock(zone: zone)
        var svg = "<div class=\"step-timeline\" data-step=\"\(HTML.escape(step.stepID))\" "
            + "data-start=\"\(HTML.escape(RFC3339.string(step.start)))\" data-end=\"\(HTML.escape(RFC3339.string(step.end)))\">\n"
            + "<svg viewBox=\"0 0 \(SVG.n(Self.width)) \(SVG.n(height))\" preserveAspectRatio=\"none\" role=\"img\" "
            + "aria-label=\"\(c.t(.stepTimeline)) \(HTML.escape(step.stepID))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
            + "<rect class=\"window\" x=\"0\" y=\"0\" width=\"\(SVG.n(Self.width))\" height=\"\(SVG.n(height))\"/>\n"
        for gap in step.coverage?.uncovered ?? [] {
            let x0 = x(gap.start), x1 = x(gap.end)
            svg += "<rect class=\"gap\" x=\"\(SVG.n(x0))\" y=\"0\" width=\"\(SVG.n(max(x1 - x0, 1)))\" height=\"\(SVG.n(height))\" "
                + "data-start=\"\(HTML.escape(RFC3339.string(gap.start)))\" data-end=\"\(HTML.escape(RFC3339.string(gap.end)))\" "
                + "data-seconds=\"\(SVG.n(gap.seconds))\"><title>\(c.t(.uncovered)) \(HTML.escape(clock.span(gap.start, gap.end))) "
                + "(\(HTML.escape(secondsText(gap.seconds))))</title></rect>\n"
        }
        for clip in step.clips {
            let lane = Double(devices.firstIndex(of: clip.device) ?? 0)
            let x0 = x(clip.start.instant), x1 = x(max(clip.start.instant, clip.end.instant))
            svg += "<rect class=\"clip-bar\" data-clip-id=\"\(HTML.escape(clip.clipID))\" data-device=\"\(HTML.escape(clip.device))\" "
                + "x=\"\(SVG.n(x0))\" y=\"\(SVG.n(Self.pad + lane * Self.lane + 2))\" width=\"\(SVG.n(max(x1 - x0, 2)))\" "
                + "height=\"\(SVG.n(Self.lane - 4))\"><title>\(HTML.escape(clip.device))"
                + "\(clip.sequence.map { " #\($0)" } ?? "") \(HTML.escape(clock.span(clip.start.instant, clip.end.instant)))</title></rect>\n"
        }
        svg += "</svg>\n<div class=\"axis\"><span>\(HTML.escape(clock.text(step.start)))</span>"
            + "<span>\(HTML.escape(clock.text(step.end)))</span></div>\n"
        if !step.clips.isEmpty {
            // The bars' clips as links, by lane (device) and time: what the chart shows, to open.
            svg += "<ul class=\"step-clips\">"
            for clip in step.clips {
                svg += "<li><a href=\"/clips/\(HTML.escape(HTML.urlComponent(clip.clipID)))\" data-clip-id=\"\(HTML.escape(clip.clipID))\">"
                    + "\(HTML.escape(clip.device))\(clip.sequence.map { " #\($0)" } ?? "") "
                    + "\(HTML.escape(clock.time(clip.start.instant)))–\(HTML.escape(clock.time(clip.end.instant)))</a></li>"
            }
            svg += "</ul>\n"
        }
        return svg + "</div>\n"
    }
}
