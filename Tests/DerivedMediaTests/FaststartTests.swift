import Foundation
import Media
import Testing
import TestSupport

@Suite struct FaststartTests {
    init() { QuietMedia.once }

    @Test func copyPutsTheIndexFirstWithTheSamePackets() throws {
        // ffmpeg's default MP4 has its index at the end: the case a faststart copy is for.
        let original = try DerivedClipFactory.clip(seconds: 2, width: 320, height: 240)
        #expect(try !Oracles.indexFirst(original))
        #expect(try MP4IndexPlacement.of(path: original.path) == .afterData)
        #expect(try FaststartRemuxer.isWanted(for: original.path))
        let before = try Oracles.sha256(original)

        let folder = try TempDirectory()
        let target = folder.path("web.mp4")
        let derived = try FaststartRemuxer.remux(source: original.path, to: target.path)

        #expect(try Oracles.indexFirst(target))
        #expect(try MP4IndexPlacement.of(path: target.path) == .beforeData)
        #expect(try !FaststartRemuxer.isWanted(for: target.path))
        #expect(try Oracles.framemd5(target) == Oracles.framemd5(original))
        #expect(try derived.sha256 == Oracles.sha256(target))
        #expect(derived.digests.sha256 == derived.sha256)
        #expect(derived.size == (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int64))
        #expect(derived.kind == .faststart)
        #expect(derived.path == target.path)
        #expect(derived.sourcePath == original.path)
        #expect(derived.recipe.contains("faststart"))
        #expect(try Oracles.sha256(original) == before, "the original is never touched")
        #expect(try Oracles.fileNames(in: folder.url) == ["web.mp4"], "no temporary file left")
    }

    @Test func sourceDigestAndSM3AreCarried() throws {
        let original = try DerivedClipFactory.clip(seconds: 1, width: 160, height: 120, audio: false)
        let folder = try TempDirectory()
        let known = String(repeating: "ab", count: 32)
        let derived = try FaststartRemuxer.remux(
            source: original.path, to: folder.path("a.mp4").path,
            options: DerivedFileOptions(digests: [.sha256, .sm3], sourceSHA256: known, durable: false))
        #expect(derived.sourceSHA256 == known)
        #expect(derived.digests[.sm3]?.count == 64)
        #expect(try derived.sha256 == Oracles.sha256(folder.path("a.mp4")))
    }

    @Test func neverReplacesAFileNotEvenItsSource() throws {
        let folder = try TempDirectory()
        let original = folder.path("clip.mp4")
        try FileManager.default.copyItem(at: try DerivedClipFactory.clip(seconds: 1, width: 160, height: 120), to: original)
        let before = try Oracles.sha256(original)
        let error = #expect(throws: MediaError.self) {
            try FaststartRemuxer.remux(source: original.path, to: original.path)
        }
        #expect(error?.code == .system(EEXIST))
        #expect(try Oracles.sha256(original) == before)
        #expect(try Oracles.fileNames(in: folder.url) == ["clip.mp4"])
    }

    @Test func quickTimeStaysQuickTimeWithItsPCMSound() throws {
        // Cameras write MOV with PCM sound, which MP4 cannot carry.
        let original = try DerivedClipFactory.make([
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1", "-f", "lavfi", "-i", "sine=duration=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-threads", "1", "-c:a", "pcm_s16le", "-f", "mov",
        ], ext: "mov")
        #expect(try MP4IndexPlacement.of(path: original.path) == .afterData)
        let folder = try TempDirectory()
        let target = folder.path("web.mov")
        let derived = try FaststartRemuxer.remux(source: original.path, to: target.path)
        #expect(derived.recipe == "faststart mov stream copy")
        #expect(try Oracles.indexFirst(target))
        #expect(try Oracles.probe(target).streams.map(\.codec_name) == ["h264", "pcm_s16le"])
        #expect(try Oracles.framemd5(target) == Oracles.framemd5(original))
    }

    @Test func placementOfOtherFiles() throws {
        let folder = try TempDirectory()
        let garbage = try DerivedClipFactory.garbage()
        #expect(try MP4IndexPlacement.of(path: garbage.path) == .notMP4)
        // The first half of an index-at-end MP4: media data, no index.
        let whole = try Data(contentsOf: try DerivedClipFactory.clip(seconds: 2, width: 160, height: 120))
        let cut = folder.path("cut.mp4")
        try whole.prefix(whole.count / 2).write(to: cut)
        #expect(try MP4IndexPlacement.of(path: cut.path) == .missing)
        let empty = folder.path("empty.mp4")
        try Data().write(to: empty)
        #expect(try MP4IndexPlacement.of(path: empty.path) == .notMP4)
    }
}
