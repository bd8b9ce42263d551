import Foundation

/// A stretch of one device's clock with no set and no reset in it: its device time runs on with the
/// gateway's, so offsets between its readings can be interpolated.
struct ClockEra: Sendable {
    /// A point where the offset is known: a reading, or the moment right after a set (offset 0).
    struct Anchor: Sendable {
        var deviceInstant: Date
        var gatewayTime: Date
        var offset: Double
        var uncertainty: Double
    }

    enum Boundary: Sendable {
        /// The first era before any reading, or the last after the last one.
        case open
        /// The gateway set the clock here.
        case set
        /// The clock was reset somewhere between the neighbouring eras' readings.
        case reset(ClockReset)
    }

    var anchors: [Anchor] = []
    var start: Boundary = .open
    var end: Boundary = .open
}
