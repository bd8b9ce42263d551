#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SM3, the Chinese national hash (GB/T 32905-2016), written in Swift and streaming.
///
/// Feed bytes with ``update(_:)`` in pieces of any size, then take the 32-byte digest with
/// ``finalize()``. The value holds no references, so copying it forks the hash (useful for a running
/// digest of a prefix).
public struct SM3: Sendable {
    /// The chaining value V, eight 32-bit words.
    struct State: Sendable {
        var a, b, c, d, e, f, g, h: UInt32

        /// The initial value IV from the standard, section 4.1.
        static let initial = State(
            a: 0x7380_166f, b: 0x4914_b2b9, c: 0x1724_42d7, d: 0xda8a_0600,
            e: 0xa96f_30bc, f: 0x1631_38aa, g: 0xe38d_ee4d, h: 0xb0fb_0e4e)
    }

    /// 64 bytes inline (no heap, so the value stays trivially copyable and Sendable).
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Digest length in bytes.
    public static let byteCount = 32
    /// Block length in bytes.
    public static let blockByteCount = 64

    private var state = State.initial
    /// A partial block carried between calls to `update`.
    private var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `block` are filled, 0..<64.
    private var pending = 0
    /// Message length in bytes so far. The standard limits messages to 2^64 bits, so wrapping here
    /// can only happen past that limit.
    private var length: UInt64 = 0

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)

        if pending > 0 {
            let take = min(Self.blockByteCount - pending, remaining)
            let offset = pending
            withUnsafeMutableBytes(of: &block) { (buffer: UnsafeMutableRawBufferPointer) in
                (buffer.baseAddress! + offset).copyMemory(from: source, byteCount: take)
            }
            pending += take
            source += take
            remaining -= take
            if pending < Self.blockByteCount { return }
            let full = block
            withUnsafeBytes(of: full) { Self.compress(&state, $0.baseAddress!, blocks: 1) }
            pending = 0
        }

        // Whole blocks are hashed straight from the caller's memory, never copied.
        let blocks = remaining / Self.blockByteCount
        if blocks > 0 {
            Self.compress(&state, source, blocks: blocks)
            source += blocks * Self.blockByteCount
            remaining -= blocks * Self.blockByteCount
        }

        if remaining > 0 {
            let take = remaining
            withUnsafeMutableBytes(of: &block) { (buffer: UnsafeMutableRawBufferPointer) in
                buffer.baseAddress!.copyMemory(from: source, byteCount: take)
            }
            pending = take
        }
    }

    /// Adds the bytes of `data` (an array, `Data`, a slice…) to the message.
    ///
    /// Inlinable so that callers in other modules get it specialized for their collection type
    /// instead of walking `regions` through protocol witnesses on every call.
    @inlinable
    public mutating func update<D: DataProtocol>(data: D) {
        for region in data.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// Pads the message (section 5.2) and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8
        // 0x80, then zeros up to 56 mod 64, then the length as a 64-bit big-endian number.
        var padding: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        let padCount = pending < 56 ? 64 - pending : 128 - pending
        withUnsafeMutableBytes(of: &padding) { buffer in
            buffer[0] = 0x80
            buffer.storeBytes(of: bitLength.bigEndian, toByteOffset: padCount - 8, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: buffer[..<padCount]))
        }
        let s = state
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        digest.withUnsafeMutableBytes { out in
            out.storeBytes(of: s.a.bigEndian, toByteOffset: 0, as: UInt32.self)
            out.storeBytes(of: s.b.bigEndian, toByteOffset: 4, as: UInt32.self)
            out.storeBytes(of: s.c.bigEndian, toByteOffset: 8, as: UInt32.self)
            out.storeBytes(of: s.d.bigEndian, toByteOffset: 12, as: UInt32.self)
            out.storeBytes(of: s.e.bigEndian, toByteOffset: 16, as: UInt32.self)
            out.storeBytes(of: s.f.bigEndian, toByteOffset: 20, as: UInt32.self)
            out.storeBytes(of: s.g.bigEndian, toByteOffset: 24, as: UInt32.self)
            out.storeBytes(of: s.h.bigEndian, toByteOffset: 28, as: UInt32.self)
        }
        return digest
    }

    /// The SM3 digest of `data` in one call.
    @inlinable
    public static func hash<D: DataProtocol>(data: D) -> [UInt8] {
        var hasher = SM3()
        hasher.update(data: data)
        return hasher.finalize()
    }
}
