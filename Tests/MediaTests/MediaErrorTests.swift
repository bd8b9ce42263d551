import Foundation
@testable import Media
import Testing
import TestSupport

/// AVERROR codes become MediaErrors naming the call, the reason and the file.
@Suite struct MediaErrorTests {
    /// Opens and closes `path` (an expression macro cannot hold a noncopyable value).
    private func open(_ path: String, format: String? = nil, options: [String: String] = [:]) throws(MediaError) {
        let input = try InputContext(path: path, format: format, options: options)
        #expect(input.streamCount >= 0)
    }

    @Test func missingFile() throws {
        let folder = try TempDirectory()
        let path = folder.path("absent.mp4").path
        do {
            try open(path)
            Issue.record("opening a missing file succeeded")
        } catch {
            #expect(error.code == .noSuchFile)
            #expect(error.code.systemErrno == ENOENT)
            #expect(error.call == "avformat_open_input")
            #expect(error.path == path)
            #expect(error.message == "No such file or directory")
            #expect(error.description == "avformat_open_input(\(path)): No such file or directory")
        }
    }

    @Test func garbageAndCutFiles() throws {
        let empty = try MediaFixtures.empty().path
        #expect(throws: MediaError.self) { try open(empty) }
        let cut = try MediaFixtures.truncated(.noIndex).path
        do {
            try open(cut)
            Issue.record("opening an MP4 without moov succeeded")
        } catch {
            #expect(error.code == .invalidData)
            #expect(error.message == "Invalid data found when processing input")
            #expect(error.code.systemErrno == nil)
        }
    }

    @Test func codesAreFFmpegs() {
        #expect(MediaError.Code.endOfFile.text == "End of file")
        #expect(MediaError.Code.invalidData.rawValue == -0x41444e49)  // -MKTAG('I','N','D','A')
        #expect(MediaError.Code.tryAgain == .system(EAGAIN))
        #expect(MediaError.Code(rawValue: -123_456_789).text == "error -123456789")
        let error = MediaError(.decoderNotFound, call: "avcodec_find_decoder")
        #expect(error.message == "Decoder not found")
        #expect(error.description == "avcodec_find_decoder: Decoder not found")
    }

    @Test func checkMapsNegativeResultsOnly() throws {
        #expect(try MediaError.check(0, "call") == 0)
        #expect(try MediaError.check(42, "call") == 42)
        #expect(throws: MediaError(.invalidArgument, call: "call", path: "x")) {
            try MediaError.check(MediaError.Code.invalidArgument.rawValue, "call", path: "x")
        }
    }

    @Test func unknownOptionsAreRefused() throws {
        let clip = try MediaFixtures.h264AAC().path
        do {
            try open(clip, options: ["no_such_option": "1"])
            Issue.record("an unknown demuxer option was accepted")
        } catch {
            #expect(error.code == .optionNotFound)
            #expect(error.message.contains("no_such_option"))
        }
        #expect(throws: MediaError.self) { try open(clip, format: "no-such-format") }
        // A known option is taken.
        try open(clip, options: ["ignore_editlist": "1"])
    }
}
