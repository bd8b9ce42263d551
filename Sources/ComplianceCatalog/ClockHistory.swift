import Compliance
import DeviceKit
import Foundation

/// One device's clock as `recgate clock show` reports it: every reading with its offset and the drift
/// since the reading before, and the resets the clock model finds (the same model that corrects clip
/// times in a check).
public struct ClockHistory: Sendable, Hashable, Encodable {
    public struct Reading: Sendable, Hashable, Encodable {
        /// What the device showed (local wall-clock time, no zone).
        public var deviceTime: LocalTimestamp
        public var gatewayTime: Date
        public var source: ObservationSource
        public var clockSet: Bool
        /// Device time (read in the zone) − gateway time, seconds.
        public var offset: Double
        /// How fast the offset changed since the reading before, seconds a day: from that reading's
        /// offset, or from 0 when the clock was set at it. Nil for the first reading, a reading that
        /// shows a reset, and readings less than an hour apart (their resolution would dominate).
        public var driftPerDay: Double?
        /// This reading shows that the clock was reset since the one before.
        public var reset: ClockReset.Reason?
        public var note: String?
    }

    public var device: String
    public var zone: TimeZone
    /// In gateway-time order.
    public var readings: [Reading]
    public var resets: [ClockReset]
    /// Stored readings that could not be read back (none, unless the catalog was edited by hand).
    public var unreadable: Int

    public init(device: String, readings: [(ClockObservation, note: String?)], unreadable: Int = 0, policy: ClockPolicy) {
        self.device = device
        zone = policy.zone
        self.unreadable = unreadable
        let ordered = readings.filter { $0.0.device == device }.sorted { $0.0.gatewayTime < $1.0.gatewayTime }
        let model = ClockModel(device: device, observations: ordered.map(\.0), policy: policy)
        resets = model.resets
        var list: [Reading] = []
        var previous: (observation: ClockObservation, offset: Double)?
        for (observation, note) in ordered {
            guard let instant = observation.deviceTime.instant(in: policy.zone) else { continue }
            let offset = instant.timeIntervalSince(observation.gatewayTime)
            let reset = model.resets.first {
                $0.revealedAt == observation.gatewayTime && $0.revealedDeviceTime == observation.deviceTime
            }?.reason
            var drift: Double?
            if let previous, reset == nil {
                let seconds = observation.gatewayTime.timeIntervalSince(previous.observation.gatewayTime)
                let base = previous.observation.clockSet ? 0 : previous.offset
                if seconds >= 3600 { drift = (offset - base) / (seconds / 86_400) }
            }
            list.append(Reading(deviceTime: observation.deviceTime, gatewayTime: observation.gatewayTime,
                                source: observation.source, clockSet: observation.clockSet, offset: offset,
                                driftPerDay: drift, reset: reset, note: note))
            previous = (observation, offset)
        }
        self.readings = list
    }

    enum CodingKeys: String, CodingKey {
        case device, zone, readings, resets, unreadable
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(device, forKey: .device)
        try c.encode(zone.identifier, forKey: .zone)
        try c.encode(readings.map { ReadingJSON($0, zone: zone) }, forKey: .readings)
        try c.encode(resets, forKey: .resets)
        try c.encode(unreadable, forKey: .unreadable)
    }

    /// A reading as JSON: device time as the device shows it, gateway time in the zone.
    private struct ReadingJSON: Encodable {
        var device_time: String
        var gateway_time: String
        var source: String
        var clock_set: Bool
        var offset: Double
        var drift_per_day: Double?
        var reset: String?
        var note: String?

        init(_ r: Reading, zone: TimeZone) {
            device_time = r.deviceTime.description
            gateway_time = RFC3339.string(r.gatewayTime, in: zone)
            source = r.source.rawValue
            clock_set = r.clockSet
            offset = r.offset
            drift_per_day = r.driftPerDay.map { ($0 * 1000).rounded() / 1000 }
            reset = r.reset?.rawValue
            note = r.note
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(device_time, forKey: .device_time)
            try c.encode(gateway_time, forKey: .gateway_time)
            try c.encode(source, forKey: .source)
            try c.encode(clock_set, forKey: .clock_set)
            try c.encode(offset, forKey: .offset)
            try c.encode(drift_per_day, forKey: .drift_per_day)
            try c.encode(reset, forKey: .reset)
            try c.encode(note, forKey: .note)
        }

        enum Keys: String, CodingKey {
            case device_time, gateway_time, source, clock_set, offset, drift_per_day, reset, note
        }
    }
}
