import Digest
import Foundation
import Testing

/// Random inputs fed in random chunks, checked against `openssl dgst` on the same bytes.
/// The run's seed is printed with every failure; replay with DIGEST_TEST_SEED=<seed>.
@Suite struct OracleTests {
    static let sizes = [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 3 * 1024 * 1024 + 17]

    @Test(arguments: sizes)
    func multiDigestMatchesOpenSSL(size: Int) throws {
        let seed = SeededGenerator.runSeed &+ UInt64(size)
        var random = SeededGenerator(seed: seed)
        let bytes = random.bytes(size)
        let chunks = random.chunkSizes(total: size)

        let digest = MultiDigest([.sm3])
        var offset = 0
        bytes.withUnsafeBytes { all in
            for length in chunks {
                digest.update(UnsafeRawBufferPointer(rebasing: all[offset..<offset + length]))
                offset += length
            }
        }
        let set = digest.finalize()

        let context = "size \(size), seed \(seed), chunks \(chunks.prefix(20))"
        #expect(set.algorithms == [.sha256, .sm3], "\(context)")
        #expect(set.sha256 == (try OpenSSL.digest("sha256", of: bytes)), "\(context)")
        #expect(set[.sm3] == (try OpenSSL.digest("sm3", of: bytes)), "\(context)")
    }

    @Test(arguments: sizes)
    func sm3AloneMatchesOpenSSL(size: Int) throws {
        let seed = SeededGenerator.runSeed &+ 0x5a5a &+ UInt64(size)
        var random = SeededGenerator(seed: seed)
        let bytes = random.bytes(size)
        var hasher = SM3()
        var offset = 0
        bytes.withUnsafeBytes { all in
            for length in random.chunkSizes(total: size) {
                hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<offset + length]))
                offset += length
            }
        }
        #expect(hex(hasher.finalize()) == (try OpenSSL.digest("sm3", of: bytes)), "size \(size), seed \(seed)")
    }

    @Test(arguments: [1, 4096, 1 << 20])
    func fileDigestMatchesOpenSSL(chunkSize: Int) throws {
        let seed = SeededGenerator.runSeed &+ 0xf11e &+ UInt64(chunkSize)
        var random = SeededGenerator(seed: seed)
        // Small chunk sizes read byte by byte: keep that file short.
        let bytes = random.bytes(chunkSize == 1 ? 1000 : 2 * 1024 * 1024 + 3)
        try TemporaryFile.with(bytes) { path in
            let set = try MultiDigest.digest(fileAt: path, algorithms: [.sm3, .sha256], chunkSize: chunkSize)
            #expect(set.sha256 == (try OpenSSL.digest("sha256", fileAt: path)), "seed \(seed)")
            #expect(set[.sm3] == (try OpenSSL.digest("sm3", fileAt: path)), "seed \(seed)")

            let shaOnly = try MultiDigest.digest(fileAt: path, algorithms: [], chunkSize: chunkSize)
            #expect(shaOnly.algorithms == [.sha256])
            #expect(shaOnly.sha256 == set.sha256)
        }
    }
}
