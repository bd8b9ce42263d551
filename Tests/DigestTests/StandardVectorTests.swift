import Digest
import Testing

/// The published test vectors: GB/T 32905-2016 appendix A for SM3, FIPS 180-2 appendix B for SHA-256.
@Suite struct StandardVectorTests {
    static let abcd16 = String(repeating: "abcd", count: 16)

    @Test func sm3OfABC() {
        #expect(hex(SM3.hash(data: Array("abc".utf8)))
            == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test func sm3OfSixtyFourBytes() {
        #expect(hex(SM3.hash(data: Array(Self.abcd16.utf8)))
            == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func sm3FedByteByByte() {
        var hasher = SM3()
        for byte in Self.abcd16.utf8 { hasher.update(data: [byte]) }
        #expect(hex(hasher.finalize()) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")
    }

    @Test func sm3CopyForksTheHash() {
        var prefix = SM3()
        prefix.update(data: Array("ab".utf8))
        var fork = prefix
        fork.update(data: Array("c".utf8))
        prefix.update(data: Array("d".utf8))
        #expect(hex(fork.finalize()) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        #expect(hex(prefix.finalize()) != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test func sha256OfABC() {
        #expect(hex(DigestAlgorithm.sha256.hash(data: Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256Of448Bits() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(hex(DigestAlgorithm.sha256.hash(data: Array(message.utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func sha256OfOneMillionA() {
        let digest = MultiDigest([.sha256])
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        thousand.withUnsafeBytes { for _ in 0..<1000 { digest.update($0) } }
        #expect(digest.finalize().sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hexIsLowercase() {
        #expect(hex([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(hex([UInt8]()) == "")
    }
}
