extension ClockModel {
    /// The least and the greatest offset a correction by this model can remove (device − gateway,
    /// seconds): every estimate is a reading's offset, one interpolated between two readings', or 0
    /// (no reading explains the time). A search bounds where a device's corrected times can lie with it.
    public var offsetBounds: ClosedRange<Double> {
        var low = 0.0, high = 0.0
        for era in eras {
            for anchor in era.anchors {
                low = min(low, anchor.offset)
                high = max(high, anchor.offset)
            }
        }
        return low...high
    }
}
