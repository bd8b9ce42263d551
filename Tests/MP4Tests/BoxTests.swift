import Foundation
import Testing
import TestSupport
@testable import MP4

@Suite struct BoxTests {
    @Test func headersOfEverySizeForm() throws {
        // 32-bit size, 64-bit largesize, size 0 (to the end), and a uuid box.
        var bytes: [UInt8] = [0, 0, 0, 12] + Array("free".utf8) + [1, 2, 3, 4]
        bytes += [0, 0, 0, 1] + Array("wide".utf8) + [0, 0, 0, 0, 0, 0, 0, 18] + [9, 9]
        bytes += [0, 0, 0, 28] + Array("uuid".utf8) + Array(repeating: 0xAB, count: 16) + [7, 7, 7, 7]
        bytes += [0, 0, 0, 0] + Array("mdat".utf8) + [5, 5, 5]
        let folder = try TempDirectory()
        let url = folder.path("forms.mp4")
        try Data(bytes).write(to: url)
        let walk = try BoxReader.topLevelBoxes(of: ReadOnlyFile(url))
        #expect(walk.problem == nil)
        #expect(walk.boxes.map(\.type.description) == ["free", "wide", "uuid", "mdat"])
        #expect(walk.boxes.map(\.size) == [12, 18, 28, 11])
        #expect(walk.boxes.map(\.headerSize) == [8, 16, 24, 8])
        #expect(walk.boxes[2].userType == Array(repeating: 0xAB, count: 16))
        #expect(walk.boxes[3].extendsToEnd)
        #expect(walk.boxes[3].payloadOffset == 66)
    }

    @Test func garbageEndsTheWalkWithAReason() throws {
        let folder = try TempDirectory()
        let url = folder.path("garbage.bin")
        try Data([0, 0, 0, 16] + Array("ftyp".utf8) + Array("isom".utf8) + [0, 0, 2, 0] + [0, 0, 0, 3, 0xFF, 0x01, 0x02, 0x03, 9, 9]).write(to: url)
        let walk = try BoxReader.topLevelBoxes(of: ReadOnlyFile(url))
        #expect(walk.boxes.map(\.type.description) == ["ftyp"])
        let problem = try #require(walk.problem)
        #expect(problem.contains("offset 16"))
    }

    /// Bytes in memory as a `ByteSource`: the walk reads any source, not only a `ReadOnlyFile`.
    private struct Memory: ByteSource {
        let bytes: [UInt8]
        var path: String { "memory" }
        var size: Int64 { Int64(bytes.count) }
        func read(at offset: Int64, count: Int) throws -> [UInt8] {
            Array(bytes[Int(offset)..<min(Int(offset) + count, bytes.count)])
        }
    }

    @Test func theWalkSaysWhereItStoppedAndWhatWasCut() throws {
        let ftyp: [UInt8] = [0, 0, 0, 16] + Array("ftyp".utf8) + Array("isom".utf8) + [0, 0, 2, 0]
        // The file ends inside its mdat: the box is listed, and named as the cut one.
        let cut = try BoxReader.topLevelBoxes(of: Memory(bytes: ftyp + [0, 0, 0x10, 0] + Array("mdat".utf8) + [1, 2, 3]))
        #expect(cut.beginsLikeMP4 && cut.problem == nil && cut.problemOffset == nil)
        #expect(cut.cut?.type == "mdat" && cut.cut?.offset == 16)
        // Zeros after the last box: where they start, and that they are only zeros.
        let padded = Memory(bytes: ftyp + [UInt8](repeating: 0, count: 100))
        let walk = try BoxReader.topLevelBoxes(of: padded)
        #expect(walk.problemOffset == 16 && walk.cut == nil)
        #expect(try BoxReader.isZeroFilled(padded, from: 16, to: padded.size))
        #expect(try !BoxReader.isZeroFilled(Memory(bytes: ftyp + [0, 0, 7]), from: 16, to: 19))
        #expect(try !BoxReader.isZeroFilled(padded, from: 16, to: padded.size, limit: 50))
        // No more boxes than asked for.
        let free: [UInt8] = [0, 0, 0, 8] + Array("free".utf8)
        let limited = try BoxReader.topLevelBoxes(of: Memory(bytes: free + free + free), maxBoxes: 2)
        #expect(limited.boxes.count == 2 && limited.problemOffset == 16)
        // A largesize that would carry the end past 2^63 is refused, not added up.
        let huge = try BoxReader.topLevelBoxes(of: Memory(bytes: ftyp + [0, 0, 0, 1] + Array("mdat".utf8) + [0x7F] + [UInt8](repeating: 0xFF, count: 7)))
        #expect(huge.boxes.count == 1 && huge.problemOffset == 16)
        #expect(!(try BoxReader.topLevelBoxes(of: Memory(bytes: free.dropLast(4) + Array("abcd".utf8)))).beginsLikeMP4)
    }

    @Test func writerRoundTripsThroughTheReader() throws {
        var writer = BoxWriter()
        writer.box("moov") { moov in
            moov.fullBox("mvhd", version: 1, flags: 0) { $0.u64(1); $0.u64(2); $0.u32(1000); $0.u64(5000) }
            moov.box("trak") { trak in trak.box("free") { $0.append([1, 2, 3]) } }
        }
        let bytes = writer.bytes
        #expect(bytes.count == 8 + (12 + 28) + (8 + 11))
        let boxes = try Box.sequence(in: bytes[...], startingAt: 0)
        #expect(boxes.map(\.type) == ["moov"])
        let children = try boxes[0].children()
        #expect(children.map(\.type) == ["mvhd", "trak"])
        var reader = ByteReader(children[0].payload)
        #expect(try reader.versionAndFlags().version == 1)
        #expect(try reader.u64() == 1)
        #expect(try children[1].child("free")?.payload.elementsEqual([1, 2, 3]) == true)
    }

    @Test func sampleTablesRoundTripWithLargeOffsets() throws {
        var table = SampleTable()
        table.timeToSample = [.init(count: 3, delta: 1024)]
        table.compositionOffsets = [.init(count: 2, offset: 512), .init(count: 1, offset: -512)]
        table.syncSamples = [1, 3]
        table.sampleToChunk = [.init(firstChunk: 1, samplesPerChunk: 2, sampleDescriptionIndex: 1),
                               .init(firstChunk: 2, samplesPerChunk: 1, sampleDescriptionIndex: 1)]
        table.sampleSizes = [10, 20, 30]
        table.chunkOffsets = [100, UInt64(UInt32.max) + 10]
        #expect(table.needsLargeOffsets)
        var writer = BoxWriter()
        writer.box("stbl") { table.write(into: &$0) }
        let stbl = try Box.sequence(in: writer.bytes[...], startingAt: 0)[0]
        #expect(try stbl.children().map(\.type.description) == ["stts", "ctts", "stss", "stsc", "stsz", "co64"])
        let parsed = try SampleTable(stbl: stbl)
        #expect(parsed == table)
        #expect(try parsed.sampleOffsets() == [100, 110, UInt64(UInt32.max) + 10])
        #expect(parsed.samplesPerChunk() == [2, 1])
    }

    /// The parsed tables of a healthy clip agree with ffprobe: sample counts with nb_frames, and every sample's
    /// offset and size with the packets ffprobe reads.
    @Test func healthyFileTablesAgreeWithFFprobe() throws {
        let clip = try Fixtures.clip(label: "parser")
        let file = try MP4File.read(clip)
        #expect(file.topLevel.map(\.type.description).filter { $0 != "free" } == ["ftyp", "mdat", "moov"])
        #expect(file.topLevel.reduce(0) { $0 + $1.size } == file.size)
        let (streams, _) = try FFmpegOracle.probe(clip)
        #expect(file.tracks.count == streams.count)
        for (track, stream) in zip(file.tracks, streams) {
            let frames = try #require(Int(stream["nb_frames"] as? String ?? ""))
            #expect(track.sampleTable.sampleCount == frames)
            let timeBase = stream["time_base"] as? String ?? ""
            #expect(timeBase == "1/\(track.mediaTimescale)")
            let index = stream["index"] as? Int ?? -1
            let packets = try FFmpegOracle.packets(clip, stream: "\(index)")
            let offsets = try track.sampleTable.sampleOffsets()
            #expect(packets.map(\.position) == offsets.map { Int($0) })
            #expect(packets.map(\.size) == track.sampleTable.sampleSizes.map { Int($0) })
        }
        let video = try #require(file.tracks.first { $0.isVideo })
        guard case .h264(let avc) = video.sampleEntries.first?.codec else {
            Issue.record("the video track is not H.264")
            return
        }
        #expect(avc.nalLengthSize == 4)
        #expect(video.sampleEntries.first?.width == 160)
        #expect(video.sampleTable.syncSamples?.first == 1)
        let audio = try #require(file.tracks.first { $0.isAudio })
        guard case .aac(let config) = audio.sampleEntries.first?.codec else {
            Issue.record("the audio track is not AAC")
            return
        }
        #expect(config.isLowComplexity)
        #expect(config.samplingFrequency == 48000)
        #expect(config.channelConfiguration == 1)
        #expect(config.frameLength == 1024)
    }

    @Test func aFileWithoutAnIndexIsNoReference() throws {
        let folder = try TempDirectory()
        let cut = try Fixtures.truncated(try Fixtures.clip(label: "parser"), fraction: 0.5, in: folder)
        #expect(throws: MP4Error.noMovieBox(path: cut.url.path)) { try MP4File.read(cut.url) }
    }
}
