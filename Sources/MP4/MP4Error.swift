/// Everything that can go wrong reading, recovering or writing an MP4, worded for the person running recgate.
public enum MP4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed on `path`.
    case io(path: String, operation: String, errno: Int32)
    /// The file's boxes do not parse: `detail` says where and how.
    case malformed(path: String, detail: String)
    /// The file has no `moov` box (a healthy reference must have one).
    case noMovieBox(path: String)
    /// The file has no `mdat` box, so there is nothing to recover.
    case noMediaData(path: String, detail: String)
    /// The reference has no track recovery can use.
    case noUsableTrack(path: String, detail: String)
    /// A track of the reference uses a codec recovery cannot find samples of.
    case unsupportedCodec(path: String, trackID: UInt32, format: String, codec: String)
    /// The reference's own samples are not what its sample entry says, so it cannot guide recovery.
    case referenceMismatch(path: String, detail: String)
    /// Not one sample could be found at the start of the media data.
    case nothingRecovered(path: String, detail: String)
    /// The output would overwrite an existing file or the input.
    case refusedOutput(path: String, detail: String)

    public var description: String {
        switch self {
        case let .io(path, operation, errno):
            return "\(operation) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case let .malformed(path, detail):
            return "\(path) is not a readable MP4: \(detail)"
        case let .noMovieBox(path):
            return "\(path) has no movie box (moov): it cannot serve as a reference"
        case let .noMediaData(path, detail):
            return "\(path) has no media data box (mdat), so there is nothing to recover: \(detail)"
        case let .noUsableTrack(path, detail):
            return "\(path) has no usable track: \(detail)"
        case let .unsupportedCodec(path, trackID, format, codec):
            return "\(path): track \(trackID) is \(codec) ('\(format)'), which recovery does not support "
                + "(supported: H.264 video 'avc1'/'avc3', AAC-LC audio 'mp4a')"
        case let .referenceMismatch(path, detail):
            return "\(path) cannot serve as a reference: \(detail)"
        case let .nothingRecovered(path, detail):
            return "nothing recoverable in \(path): \(detail)"
        case let .refusedOutput(path, detail):
            return "will not write \(path): \(detail)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
