import DeviceKit

extension OffloadError {
    /// A device session's error as the offload tells it (an errno through ``errno(_:call:path:)``, the one
    /// place errno values are read); any other error passes as it is.
    init(_ error: DeviceSessionError) {
        if let value = error.errno {
            self = .errno(value, call: error.call, path: error.path)
            return
        }
        let code: Code = switch error.code {
        case .unsupported: .unsupported
        case .notFound: .notFound
        case .sourceChanged: .sourceChanged
        case .readFailed, .interrupted: .readFailed
        case .io, .system: .io
        case .invalidArgument: .invalidArgument
        case .deviceConflict: .deviceConflict
        }
        self.init(code, call: error.call, path: error.path, message: error.message)
    }

    /// Runs a session operation, its errors told as offload errors.
    static func fromSession<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DeviceSessionError {
            throw OffloadError(error)
        }
    }
}
