import CFFmpeg

extension Frame {
    /// The writable bytes of plane `plane` with its line size, during `body`. Call `makeWritable()`
    /// first on a frame a codec may still reference.
    public mutating func withUnsafeMutablePlane<R, E: Error>(
        _ plane: Int, _ body: (UnsafeMutableRawPointer?, Int) throws(E) -> R
    ) throws(E) -> R {
        precondition(plane >= 0 && plane < 8, "plane \(plane)")
        let data = withUnsafeBytes(of: pointer.pointee.data) {
            $0.load(fromByteOffset: plane * MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride, as: UnsafeMutablePointer<UInt8>?.self)
        }
        let lineSize = withUnsafeBytes(of: pointer.pointee.linesize) { $0.load(fromByteOffset: plane * MemoryLayout<Int32>.stride, as: Int32.self) }
        return try body(data.map { UnsafeMutableRawPointer($0) }, Int(lineSize))
    }

    /// How long the packet this frame came from lasts, in the decoder's packet time base (0 when
    /// unknown): the last frame's duration, which a proxy's last packet must keep.
    public var packetDuration: Int64 {
        get { pointer.pointee.pkt_duration }
        set { pointer.pointee.pkt_duration = newValue }
    }

    /// The pixel aspect ratio the decoder reports (0/1 when unknown).
    public var sampleAspectRatio: Rational { Rational(pointer.pointee.sample_aspect_ratio) }
}
