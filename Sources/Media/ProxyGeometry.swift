/// The picture size of a proxy: the source as it is displayed (sample aspect ratio and rotation
/// applied) fitted within a box, never enlarged, with even sides as 4:2:0 H.264 needs.
public struct ProxyGeometry: Sendable, Hashable {
    /// The size of the encoded pictures (before the display matrix turns them).
    public var codedWidth: Int
    public var codedHeight: Int
    /// Quarter turns clockwise a player applies for display (0 … 3), from the source's matrix.
    public var quarterTurns: Int

    /// The size as displayed.
    public var displayWidth: Int { quarterTurns % 2 == 0 ? codedWidth : codedHeight }
    public var displayHeight: Int { quarterTurns % 2 == 0 ? codedHeight : codedWidth }

    /// Fits a `width`×`height` source with pixels `sampleAspect` wide (nil or unknown: square) and a
    /// display matrix rotating by `rotation` degrees counterclockwise (StreamInfo's convention) into
    /// `boxWidth`×`boxHeight`, keeping the displayed aspect ratio.
    public init(width: Int, height: Int, sampleAspect: Rational?, rotation: Double?, boxWidth: Int, boxHeight: Int) {
        quarterTurns = Self.quarterTurns(rotation)
        let stretch = sampleAspect?.nonZeroValue ?? 1
        // The source as displayed: pixels stretched to square, then turned.
        var shownWidth = Double(width) * stretch
        var shownHeight = Double(height)
        if quarterTurns % 2 == 1 { swap(&shownWidth, &shownHeight) }
        let scale = min(Double(boxWidth) / shownWidth, Double(boxHeight) / shownHeight, 1)
        let fittedWidth = Self.even(shownWidth * scale)
        let fittedHeight = Self.even(shownHeight * scale)
        if quarterTurns % 2 == 1 {
            codedWidth = fittedHeight
            codedHeight = fittedWidth
        } else {
            codedWidth = fittedWidth
            codedHeight = fittedHeight
        }
    }

    /// Clockwise quarter turns for a counterclockwise `rotation` in degrees, e.g. -90 (a phone held
    /// upright) → 1. Angles that are not near a quarter turn count as none.
    public static func quarterTurns(_ rotation: Double?) -> Int {
        guard let rotation, rotation.isFinite else { return 0 }
        let turns = (-rotation / 90).rounded()
        guard abs(-rotation / 90 - turns) < 0.05 else { return 0 }
        return ((Int(turns) % 4) + 4) % 4
    }

    /// The even number nearest `value`, at least 2.
    static func even(_ value: Double) -> Int {
        max(2, Int((value / 2).rounded()) * 2)
    }
}
