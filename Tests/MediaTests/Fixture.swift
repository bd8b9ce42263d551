import Foundation
import TestSupport

/// The well-formed recordings every oracle test runs over: each container and codec recorders and
/// cameras write.
enum GoodFixture: String, CaseIterable, Sendable, CustomStringConvertible {
    case h264IndexAtEnd, h264IndexFirst, hevc, mjpegAVI, mov, m4a, wav, jpeg, rotated

    var description: String { rawValue }

    func url() throws -> URL {
        switch self {
        case .h264IndexAtEnd: try MediaFixtures.h264AAC(indexAtEnd: true)
        case .h264IndexFirst: try MediaFixtures.h264AAC(indexAtEnd: false)
        case .hevc: try MediaFixtures.hevc()
        case .mjpegAVI: try MediaFixtures.mjpegAVI()
        case .mov: try MediaFixtures.mov()
        case .m4a: try MediaFixtures.m4a()
        case .wav: try ClipFactory.audio(format: .wav)
        case .jpeg: try ClipFactory.photo()
        case .rotated: try MediaFixtures.rotated()
        }
    }
}

/// Recordings that arrive broken, with the integrity each must get.
enum BrokenFixture: String, CaseIterable, Sendable, CustomStringConvertible {
    case noIndex, cutInsideIndex, cutMediaData, unindexedTail, truncatedAVI, truncatedWAV, truncatedJPEG, garbage, empty

    var description: String { rawValue }

    var expected: String {
        switch self {
        case .garbage, .empty: "corrupt"
        default: "truncated"
        }
    }

    func url() throws -> URL {
        switch self {
        case .noIndex: try MediaFixtures.truncated(.noIndex)
        case .cutInsideIndex: try MediaFixtures.truncated(.insideIndex)
        case .cutMediaData: try MediaFixtures.truncated(.mediaData)
        case .unindexedTail: try MediaFixtures.unindexedTail()
        case .truncatedAVI: try MediaFixtures.truncatedAVI()
        case .truncatedWAV: try MediaFixtures.truncatedWAV()
        case .truncatedJPEG: try MediaFixtures.truncatedJPEG()
        case .garbage: try MediaFixtures.garbage()
        case .empty: try MediaFixtures.empty()
        }
    }
}
