import Foundation
import Media
import Testing
import TestSupport

@Suite struct ContactSheetTests {
    init() { QuietMedia.once }

    @Test func fourKeyFramesMakeFourTilesAndNothingElseIsDecoded() throws {
        // 4 s at 10 fps with a key frame every 10 frames: 4 key frames, 36 other pictures.
        let source = try DerivedClipFactory.clip(seconds: 4, width: 320, height: 240, fps: 10, gop: 10)
        try #require(try Oracles.keyFrameCount(source) == 4)
        let folder = try TempDirectory()
        let target = folder.path("sheet.jpg")
        let sheet = try ContactSheetMaker.make(source: source.path, to: target.path)

        #expect(sheet.framesDecoded == 4)
        #expect(sheet.packetsDecoded == 4)
        #expect(sheet.keyFramesRead == 4)
        #expect(sheet.columns == 4 && sheet.rows == 1)
        #expect(sheet.tileWidth == 320 && sheet.tileHeight == 240)
        #expect(sheet.tileTimes == [0, 1, 2, 3])
        // 4 tiles of 320 with 4-pixel gaps between and around them.
        #expect(sheet.width == 4 * 320 + 5 * 4 && sheet.height == 240 + 2 * 4)
        let probe = try Oracles.probe(target)
        #expect(probe.video?.codec_name == "mjpeg")
        #expect(probe.video?.width == sheet.width && probe.video?.height == sheet.height)
        #expect(try sheet.file.sha256 == Oracles.sha256(target))
        #expect(sheet.file.size == Int64(try Data(contentsOf: target).count))
        #expect(sheet.file.kind == .contactSheet)
        #expect(try Oracles.fileNames(in: folder.url) == ["sheet.jpg"])
        let decode = try run("ffmpeg", ["-v", "error", "-nostdin", "-i", target.path, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
    }

    @Test func manyKeyFramesFillTheGridSpreadOverTheLength() throws {
        // Every picture is a key frame: 40 of them for 16 tiles.
        let source = try DerivedClipFactory.clip(seconds: 4, width: 320, height: 240, fps: 10, audio: false, gop: 1)
        let folder = try TempDirectory()
        let sheet = try ContactSheetMaker.make(source: source.path, to: folder.path("s.jpg").path)
        #expect(sheet.columns == 4 && sheet.rows == 4)
        #expect(sheet.framesDecoded == 16)
        #expect(sheet.packetsDecoded == 16)
        #expect(sheet.tileTimes.first == 0)
        #expect((sheet.tileTimes.last ?? 0) >= 3.7)
        #expect(sheet.tileTimes == sheet.tileTimes.sorted())
        #expect(sheet.keyFramesRead < 40, "reading stops once every tile has its picture")
    }

    @Test func rotatedSourceGetsUprightTiles() throws {
        let source = try DerivedClipFactory.clip(seconds: 1, width: 320, height: 240, audio: false, gop: 25, rotation: -90)
        let folder = try TempDirectory()
        let sheet = try ContactSheetMaker.make(
            source: source.path, to: folder.path("r.jpg").path, settings: ContactSheetSettings(tileSize: 160, gap: 0))
        #expect(sheet.tileWidth == 120 && sheet.tileHeight == 160)
        #expect(sheet.width == 120 && sheet.height == 160)
    }

    @Test func corruptInputLeavesNothing() throws {
        let folder = try TempDirectory()
        let error = #expect(throws: MediaError.self) {
            try ContactSheetMaker.make(source: try DerivedClipFactory.garbage().path, to: folder.path("x.jpg").path)
        }
        #expect(error?.call == "avformat_open_input")
        #expect(try Oracles.fileNames(in: folder.url).isEmpty)
    }
}
