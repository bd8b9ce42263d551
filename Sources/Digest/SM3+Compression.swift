// The SM3 compression function CF (GB/T 32905-2016, section 5.3), written for speed.
//
// Why it looks like this:
// - The 64 rounds run in groups of four with the eight working variables renamed between calls,
//   so the standard's per-round shuffle (D=C, C=B<<<9, B=A, H=G, G=F<<<19, F=E) costs no moves:
//   each round only rewrites the two words it changes (B, F rotated in place; D, H take the new A, E).
// - The expanded message W[0..<68] lives in stack memory from withUnsafeTemporaryAllocation and is
//   read through an unsafe pointer: no heap, no copy-on-write, no bounds checks in the hot loop.
// - Rotations are written as shift pairs, which LLVM turns into single `rol` instructions; all
//   arithmetic is wrapping (&+).
// - Several blocks are processed per call, so the chaining value stays in registers between blocks.

extension SM3 {
    @inline(__always)
    static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }

    @inline(__always)
    static func p0(_ x: UInt32) -> UInt32 { x ^ rotl(x, 9) ^ rotl(x, 17) }

    @inline(__always)
    static func p1(_ x: UInt32) -> UInt32 { x ^ rotl(x, 15) ^ rotl(x, 23) }

    /// One round for j in 0..<16, where FF and GG are both XOR.
    /// `t` is T_j rotated left by j; `w` is W_j and `w4` is W_{j+4} (so W'_j = w ^ w4).
    @inline(__always)
    static func roundLow(
        _ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
        _ t: UInt32, _ w: UInt32, _ w4: UInt32
    ) {
        let a12 = rotl(a, 12)
        let ss1 = rotl(a12 &+ e &+ t, 7)
        let ss2 = ss1 ^ a12
        let tt1 = (a ^ b ^ c) &+ d &+ ss2 &+ (w ^ w4)
        let tt2 = (e ^ f ^ g) &+ h &+ ss1 &+ w
        b = rotl(b, 9)
        d = tt1
        f = rotl(f, 19)
        h = p0(tt2)
    }

    /// One round for j in 16..<64: FF is majority, GG is choose.
    @inline(__always)
    static func roundHigh(
        _ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: inout UInt32, _ g: UInt32, _ h: inout UInt32,
        _ t: UInt32, _ w: UInt32, _ w4: UInt32
    ) {
        let a12 = rotl(a, 12)
        let ss1 = rotl(a12 &+ e &+ t, 7)
        let ss2 = ss1 ^ a12
        // (a & b) | (a & c) | (b & c), with one operation fewer.
        let ff = (a & b) | (c & (a | b))
        // (e & f) | (~e & g), likewise.
        let gg = ((f ^ g) & e) ^ g
        let tt1 = ff &+ d &+ ss2 &+ (w ^ w4)
        let tt2 = gg &+ h &+ ss1 &+ w
        b = rotl(b, 9)
        d = tt1
        f = rotl(f, 19)
        h = p0(tt2)
    }

    /// Runs CF over `blocks` consecutive 64-byte blocks at `data`, updating `state`.
    static func compress(_ state: inout State, _ data: UnsafeRawPointer, blocks: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 68) { buffer in
            let w = buffer.baseAddress!
            var s = state
            var input = data
            for _ in 0..<blocks {
                for i in 0..<16 {
                    w[i] = input.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self).bigEndian
                }
                for j in 16..<68 {
                    w[j] = p1(w[j &- 16] ^ w[j &- 9] ^ rotl(w[j &- 3], 15)) ^ rotl(w[j &- 13], 7) ^ w[j &- 6]
                }

                var (a, b, c, d, e, f, g, h) = (s.a, s.b, s.c, s.d, s.e, s.f, s.g, s.h)
                var t: UInt32 = 0x79cc_4519
                var j = 0
                while j < 16 {
                    roundLow(a, &b, c, &d, e, &f, g, &h, t, w[j], w[j &+ 4])
                    t = rotl(t, 1)
                    roundLow(d, &a, b, &c, h, &e, f, &g, t, w[j &+ 1], w[j &+ 5])
                    t = rotl(t, 1)
                    roundLow(c, &d, a, &b, g, &h, e, &f, t, w[j &+ 2], w[j &+ 6])
                    t = rotl(t, 1)
                    roundLow(b, &c, d, &a, f, &g, h, &e, t, w[j &+ 3], w[j &+ 7])
                    t = rotl(t, 1)
                    j &+= 4
                }
                // T_j for j >= 16 is 7a879d8a rotated left by j mod 32; at j = 16 that is 9d8a7a87.
                t = 0x9d8a_7a87
                while j < 64 {
                    roundHigh(a, &b, c, &d, e, &f, g, &h, t, w[j], w[j &+ 4])
                    t = rotl(t, 1)
                    roundHigh(d, &a, b, &c, h, &e, f, &g, t, w[j &+ 1], w[j &+ 5])
                    t = rotl(t, 1)
                    roundHigh(c, &d, a, &b, g, &h, e, &f, t, w[j &+ 2], w[j &+ 6])
                    t = rotl(t, 1)
                    roundHigh(b, &c, d, &a, f, &g, h, &e, t, w[j &+ 3], w[j &+ 7])
                    t = rotl(t, 1)
                    j &+= 4
                }

                s.a ^= a; s.b ^= b; s.c ^= c; s.d ^= d
                s.e ^= e; s.f ^= f; s.g ^= g; s.h ^= h
                input += 64
            }
            state = s
        }
    }
}
