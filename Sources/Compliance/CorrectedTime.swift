import DeviceKit
import Foundation

/// A clip time on the gateway's (true) clock, with where it came from and how sure it is.
public struct CorrectedTime: Sendable, Hashable, Codable {
    @RFC3339Time public var instant: Date
    /// Seconds either way: the reading's resolution plus the clock correction's uncertainty; nil when
    /// the correction's is unknown (no clock reading, a reset, a default date).
    public var uncertainty: Double?
    /// The resolution of the reading alone (what two times on one clock differ by at most beyond their
    /// difference).
    public var readingUncertainty: Double
    /// The reading on the device's clock (`2026-11-03T09:30:15`, with a fraction when derived from a
    /// duration).
    public var deviceTime: String
    /// `file_name`, `container`, `file_system`, or one of them `+duration`.
    public var source: String
    /// The offset removed (device − gateway, seconds).
    public var offset: Double
    /// The clock readings (their gateway times) the offset rests on: one or two of the era's, none when
    /// no reading anchors it.
    public var anchoredBy: [RFC3339Time]

    public init(instant: Date, uncertainty: Double?, readingUncertainty: Double, deviceTime: String, source: String, offset: Double,
                anchoredBy: [Date] = []) {
        self.instant = instant
        self.uncertainty = uncertainty
        self.readingUncertainty = readingUncertainty
        self.deviceTime = deviceTime
        self.source = source
        self.offset = offset
        self.anchoredBy = anchoredBy.map(RFC3339Time.init(wrappedValue:))
    }

    enum CodingKeys: String, CodingKey {
        case instant, uncertainty
        case readingUncertainty = "reading_uncertainty"
        case deviceTime = "device_time"
        case source, offset
        case anchoredBy = "anchored_by"
    }

}
