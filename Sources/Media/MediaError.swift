import CFFmpeg

/// A failed FFmpeg call: what failed (`call`, e.g. `avformat_open_input`), why (`code`, FFmpeg's AVERROR,
/// and `message`, its text from av_strerror) and on which file (`path`).
///
/// Every AVERROR the layer sees becomes a `MediaError` in one place, `MediaError.check`, so callers
/// match on `code` and never on negative integers.
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    /// The C function that failed, or the layer's own operation when no single call did.
    public var call: String
    /// FFmpeg's text for `code`, or a more specific reason when the layer knows one.
    public var message: String
    /// The file or source name the call worked on, when there is one.
    public var path: String?

    public init(_ code: Code, call: String, path: String? = nil, message: String? = nil) {
        self.code = code
        self.call = call
        self.path = path
        self.message = message ?? code.text
    }

    public var description: String {
        let target = path.map { "(\($0))" } ?? ""
        return "\(call)\(target): \(message)"
    }
}

extension MediaError {
    /// An FFmpeg error code (an AVERROR value: negative; `-errno` for system errors). Extensible in the
    /// manner of swift-system's `Errno`: any value FFmpeg returns can be represented, and the common ones
    /// have names.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: Int32

        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// The code FFmpeg uses for the system error `errno` (AVERROR(errno)).
        public static func system(_ errno: Int32) -> Code { Code(rawValue: recgate_averror(errno)) }

        /// The system errno this code stands for, when it stands for one.
        public var systemErrno: Int32? {
            // AVERROR(e) is -e on POSIX systems; FFmpeg's own codes are negated four-character tags, far
            // below any errno.
            (rawValue < 0 && rawValue > -4096) ? -rawValue : nil
        }

        /// FFmpeg's text for the code (av_strerror).
        public var text: String {
            var buffer = [CChar](repeating: 0, count: Int(AV_ERROR_MAX_STRING_SIZE) + 64)
            let found = av_strerror(rawValue, &buffer, buffer.count) == 0
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return found ? text : "error \(rawValue)"
        }

        public var description: String { "\(text) (\(rawValue))" }

        public static let endOfFile = Code(rawValue: recgate_averror_eof())
        /// The input is not what its format says (FFmpeg's "Invalid data found when processing input").
        public static let invalidData = Code(rawValue: recgate_averror_invaliddata())
        /// Not now: send more input (decoders) or take output first (encoders).
        public static let tryAgain = system(EAGAIN)
        public static let outOfMemory = system(ENOMEM)
        public static let invalidArgument = system(EINVAL)
        public static let noSuchFile = system(ENOENT)
        public static let permissionDenied = system(EACCES)
        public static let io = system(EIO)
        public static let notImplemented = system(ENOSYS)
        public static let bug = Code(rawValue: recgate_averror_bug())
        public static let bufferTooSmall = Code(rawValue: recgate_averror_buffer_too_small())
        public static let decoderNotFound = Code(rawValue: recgate_averror_decoder_not_found())
        public static let demuxerNotFound = Code(rawValue: recgate_averror_demuxer_not_found())
        public static let encoderNotFound = Code(rawValue: recgate_averror_encoder_not_found())
        public static let muxerNotFound = Code(rawValue: recgate_averror_muxer_not_found())
        public static let optionNotFound = Code(rawValue: recgate_averror_option_not_found())
        public static let protocolNotFound = Code(rawValue: recgate_averror_protocol_not_found())
        public static let streamNotFound = Code(rawValue: recgate_averror_stream_not_found())
        public static let patchWelcome = Code(rawValue: recgate_averror_patchwelcome())
        public static let external = Code(rawValue: recgate_averror_external())
        public static let exit = Code(rawValue: recgate_averror_exit())
        public static let unknown = Code(rawValue: recgate_averror_unknown())
    }
}

extension MediaError {
    /// The one place a C return value becomes a `MediaError`: a negative `result` throws, naming `call`
    /// and `path`; anything else is returned.
    @discardableResult
    static func check(_ result: Int32, _ call: @autoclosure () -> String, path: String? = nil) throws(MediaError) -> Int32 {
        if result < 0 { throw MediaError(Code(rawValue: result), call: call(), path: path) }
        return result
    }

    /// An allocation (`av_*_alloc`) that returned NULL: FFmpeg allocators fail only for lack of memory.
    static func allocated<T>(_ pointer: T?, _ call: String, path: String? = nil) throws(MediaError) -> T {
        guard let pointer else { throw MediaError(.outOfMemory, call: call, path: path) }
        return pointer
    }
}
