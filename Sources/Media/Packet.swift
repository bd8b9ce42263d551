import CFFmpeg

/// One compressed packet (AVPacket), reused from read to read: `InputContext.read(into:)` refills it.
public struct Packet: ~Copyable {
    let pointer: UnsafeMutablePointer<AVPacket>

    public init() throws(MediaError) {
        MediaLog.ensureRouted()
        pointer = try MediaError.allocated(av_packet_alloc(), "av_packet_alloc")
    }

    /// The stream the packet belongs to.
    public var streamIndex: Int {
        get { Int(pointer.pointee.stream_index) }
        set { pointer.pointee.stream_index = Int32(newValue) }
    }

    /// Presentation and decoding times in the stream's time base; nil when unset.
    public var pts: Int64? {
        get { MediaTime.known(pointer.pointee.pts) }
        set { pointer.pointee.pts = newValue ?? MediaTime.unset }
    }

    public var dts: Int64? {
        get { MediaTime.known(pointer.pointee.dts) }
        set { pointer.pointee.dts = newValue ?? MediaTime.unset }
    }

    /// Length in the stream's time base (0 when unknown).
    public var duration: Int64 {
        get { pointer.pointee.duration }
        set { pointer.pointee.duration = newValue }
    }

    /// Byte offset in the file, when the demuxer knows it.
    public var position: Int64? { pointer.pointee.pos >= 0 ? pointer.pointee.pos : nil }

    public var size: Int { Int(pointer.pointee.size) }

    public var isKeyframe: Bool { (pointer.pointee.flags & AV_PKT_FLAG_KEY) != 0 }

    /// The demuxer marked the packet damaged.
    public var isCorrupt: Bool { (pointer.pointee.flags & AV_PKT_FLAG_CORRUPT) != 0 }

    /// The packet's bytes, valid during `body`.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer.pointee.data, count: size))
    }

    /// Moves the known presentation and decoding times by `ticks`.
    public mutating func shiftTimestamps(by ticks: Int64) {
        if let pts { self.pts = pts + ticks }
        if let dts { self.dts = dts + ticks }
    }

    /// Times converted from time base `source` to `target` (av_packet_rescale_ts), as a stream copy
    /// between containers needs.
    public mutating func rescaleTimestamps(from source: Rational, to target: Rational) {
        av_packet_rescale_ts(pointer, source.av, target.av)
    }

    /// Drops the data and resets the fields, keeping the allocation for the next packet.
    public mutating func unreference() { av_packet_unref(pointer) }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}
