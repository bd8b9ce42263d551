import Digest
import Foundation
import Testing

@Suite struct DigestSetTests {
    @Test func valuesAreSixtyFourLowercaseHexDigits() {
        let digest = MultiDigest([.sm3])
        [UInt8](repeating: 0xff, count: 100).withUnsafeBytes { digest.update($0) }
        let set = digest.finalize()
        for algorithm in set.algorithms {
            let value = set[algorithm] ?? ""
            #expect(value.count == 64, "\(algorithm)")
            #expect(value.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }, "\(algorithm): \(value)")
        }
    }

    @Test func absentAlgorithmIsNil() {
        #expect(MultiDigest([.sha256]).finalize()[.sm3] == nil)
    }

    @Test func codesAsObjectKeyedByAlgorithm() throws {
        let set = MultiDigest([.sm3]).finalize()
        let json = try JSONEncoder().encode(set)
        let object = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(object == ["sha256": set.sha256, "sm3": set[.sm3]!])
        #expect(try JSONDecoder().decode(DigestSet.self, from: json) == set)
    }

    @Test func decodingRejectsBadValues() {
        let noSHA = Data(#"{"sm3": "\#(String(repeating: "0", count: 64))"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DigestSet.self, from: noSHA) }
        let short = Data(#"{"sha256": "abc"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DigestSet.self, from: short) }
    }

    @Test func initFromHexLowersAndValidates() throws {
        let upper = String(repeating: "AB", count: 32)
        let set = try DigestSet(hexValues: [.sha256: upper])
        #expect(set.sha256 == upper.lowercased())
        let error = #expect(throws: DigestError.self) {
            try DigestSet(hexValues: [.sha256: String(repeating: "g", count: 64)])
        }
        #expect(error?.code == .invalidDigest)
    }

    @Test func parseListAddsSHA256AndKeepsOrder() throws {
        #expect(try DigestAlgorithm.parseList("sha256,sm3") == [.sha256, .sm3])
        #expect(try DigestAlgorithm.parseList("sm3") == [.sha256, .sm3])
        #expect(try DigestAlgorithm.parseList(" SM3 , sha256 ,") == [.sha256, .sm3])
        #expect(try DigestAlgorithm.parseList("") == [.sha256])
    }

    @Test func parseListNamesTheUnknownAlgorithm() {
        let error = #expect(throws: DigestError.self) { try DigestAlgorithm.parseList("sha256,md5") }
        #expect(error?.code == .unknownAlgorithm)
        #expect(error?.message.contains("'md5'") == true)
        #expect(error?.message.contains("sm3") == true)
    }
}
