import Digest
import Foundation
import Testing

@Suite struct MultiDigestTests {
    @Test func sha256IsAlwaysIncludedAndDuplicatesCollapse() {
        #expect(MultiDigest([]).algorithms == [.sha256])
        #expect(MultiDigest([.sm3, .sm3]).algorithms == [.sha256, .sm3])
        #expect(MultiDigest([.sm3, .sha256]).finalize().algorithms == [.sha256, .sm3])
    }

    @Test func emptyUpdatesChangeNothing() {
        let a = MultiDigest([.sm3])
        let b = MultiDigest([.sm3])
        let bytes = Array("abc".utf8)
        bytes.withUnsafeBytes { a.update($0) }
        bytes.withUnsafeBytes { b.update(UnsafeRawBufferPointer(rebasing: $0[0..<0])); b.update($0) }
        b.update(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(a.finalize() == b.finalize())
        #expect(a.finalize()[.sm3] == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    }

    @Test func finalizeTwiceGivesTheSameSet() {
        let digest = MultiDigest([.sm3])
        let big = [UInt8](repeating: 7, count: 256 * 1024)
        big.withUnsafeBytes { digest.update($0) }
        #expect(digest.finalize() == digest.finalize())
    }

    /// Drives the worker thread, then drops the digest unfinished: deinit must join it, not hang (a hang is
    /// a failure through the time limit, which no healthy run comes near). A twin fed the same bytes and
    /// finished meanwhile must still hash right, so a worker left behind cannot have disturbed it.
    @Test(.timeLimit(.minutes(10))) func droppedBeforeFinalizeStopsItsWorker() {
        let big = [UInt8](repeating: 1, count: 64 * 1024)
        let expected = big.withUnsafeBytes { bytes in
            let inline = MultiDigest([.sm3])
            for offset in stride(from: 0, to: bytes.count, by: 1024) {
                inline.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 1024]))  // below the threshold: no thread
            }
            return inline.finalize()
        }
        for round in 0..<20 {
            let twin = MultiDigest([.sm3])
            do {
                let dropped = MultiDigest([.sm3])
                big.withUnsafeBytes { dropped.update($0) }
            }
            big.withUnsafeBytes { twin.update($0) }
            #expect(twin.finalize() == expected, "round \(round)")
        }
    }

    @Test func bufferMayBeReusedAfterUpdate() {
        // The same buffer, overwritten between updates, must hash like the concatenation.
        let size = 128 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        var whole: [UInt8] = []
        let digest = MultiDigest([.sm3])
        for fill in UInt8(1)...UInt8(4) {
            for i in 0..<size { buffer[i] = fill &* UInt8(truncatingIfNeeded: i) }
            whole += buffer
            buffer.withUnsafeBytes { digest.update($0) }
        }
        let set = digest.finalize()
        #expect(set[.sm3] == hex(SM3.hash(data: whole)))
        #expect(set.sha256 == hex(DigestAlgorithm.sha256.hash(data: whole)))
    }

    @Test func missingFileIsNotFoundFromOpen() {
        let path = "/nonexistent/recgate-\(UUID().uuidString)"
        let error = #expect(throws: DigestError.self) {
            try MultiDigest.digest(fileAt: path, algorithms: [.sm3])
        }
        #expect(error?.code == .notFound)
        #expect(error?.call == "open")
        #expect(error?.path == path)
        #expect(error?.errno == ENOENT)
    }

    @Test func directoryIsRejectedByRead() {
        let error = #expect(throws: DigestError.self) {
            try MultiDigest.digest(fileAt: FileManager.default.temporaryDirectory.path, algorithms: [])
        }
        #expect(error?.code == .isDirectory)
        #expect(error?.call == "read")
    }

    @Test func nonPositiveChunkSizeIsInvalid() {
        let error = #expect(throws: DigestError.self) {
            try MultiDigest.digest(fileAt: "/dev/null", algorithms: [], chunkSize: 0)
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test func emptyFileDigest() throws {
        let set = try MultiDigest.digest(fileAt: "/dev/null", algorithms: [.sm3])
        #expect(set.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(set[.sm3] == (try OpenSSL.digest("sm3", fileAt: "/dev/null")))
    }
}
