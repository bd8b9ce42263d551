import DeviceKit
import Compliance
import Foundation
import Presentation

/// One event of a clip's chain of custody, drawn on its timeline: when it was seen on a device and
/// released from it, who had the device, every audit entry naming it, every copy derived from it.
struct CustodyEvent {
    var at: Date?
    var order: Int
    var kind: String
    var when: String
    var what: String

    /// Oldest first; events with a time that cannot be read last, in document order.
    static func all(_ detail: ClipDetail, context c: PageContext) -> [CustodyEvent] {
        var events: [CustodyEvent] = []
        func add(_ time: String, _ kind: String, _ what: String) {
            let date: Date? = if case .success(let d) = RFC3339.parse(time) { d } else { nil }
            events.append(CustodyEvent(at: date, order: events.count, kind: kind, when: c.time(time), what: what))
        }
        for s in detail.sightings {
            add(s.seen_at, "sighting", "\(c.t(.eventSeen)) <code>\(HTML.escape(s.device))</code> · <code>\(HTML.escape(s.source_path))</code>"
                + " · \(c.t(.session)) <code>\(HTML.escape(s.session_id))</code>")
            if let released = s.released_at {
                add(released, "release", "\(c.t(.eventReleased)) <code>\(HTML.escape(s.device))</code>")
            }
        }
        for custody in detail.custody {
            var what = "\(c.t(.eventCustody)) \(HTML.escape(custody.officer))"
            if let to = custody.to { what += " (\(c.t(.until)) \(c.time(to)))" }
            add(custody.from, "custody", what)
        }
        for entry in detail.audit {
            var what = "<code class=\"action\">\(HTML.escape(entry.action))</code> · \(c.t(.actor)) \(HTML.escape(entry.actor))"
                + " · #\(entry.seq)"
            if !entry.detail.isEmpty { what += "<br><code class=\"detail\">\(HTML.escape(entry.detail))</code>" }
            add(entry.at, "audit", what)
        }
        for derived in detail.derived {
            add(derived.created_at, "derived", "\(c.t(.eventDerived)) \(HTML.escape(derived.kind)) · "
                + "\(HTML.escape(Quantity.bytes(derived.size))) · <code class=\"digest\">\(HTML.escape(derived.sha256))</code>")
        }
        return events.sorted { a, b in
            switch (a.at, b.at) {
            case let (x?, y?): (x, a.order) < (y, b.order)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.order < b.order
            }
        }
    }
}
