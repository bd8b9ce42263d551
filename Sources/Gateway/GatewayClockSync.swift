import CTimex

/// Whether the gateway's own clock can be trusted to set a device's: the kernel's clock discipline as
/// `ntp_adjtime` reports it (read only). A dock reading is recorded with it, because a device's offset is
/// only as good as the clock it was measured against.
public struct GatewayClockSync: Sendable, Hashable {
    /// The kernel's bound on the clock's error, microseconds (it grows while no time source disciplines
    /// the clock; 16 s is the kernel's ceiling).
    public var maxErrorMicroseconds: Int
    /// The kernel's STA_UNSYNC flag: no time source has disciplined the clock lately.
    public var kernelUnsynchronised: Bool
    /// ntp_adjtime answered TIME_ERROR (the clock is not synchronised).
    public var clockStateError: Bool

    /// Above this bound the clock is not trusted even when the kernel calls it synchronised: clock readings
    /// are kept to the millisecond and judged in seconds.
    public static let maxErrorLimitMicroseconds = 500_000

    public init(maxErrorMicroseconds: Int, kernelUnsynchronised: Bool, clockStateError: Bool = false) {
        self.maxErrorMicroseconds = maxErrorMicroseconds
        self.kernelUnsynchronised = kernelUnsynchronised
        self.clockStateError = clockStateError
    }

    /// Synchronised: STA_UNSYNC clear, the state not TIME_ERROR, and the error bound within
    /// ``maxErrorLimitMicroseconds``.
    public var isSynchronised: Bool {
        !kernelUnsynchronised && !clockStateError && maxErrorMicroseconds <= Self.maxErrorLimitMicroseconds
    }

    /// Why the gateway's clock is not trusted, for the log; nil when it is.
    public var reasonUnsynchronised: String? {
        if kernelUnsynchronised || clockStateError {
            return "the kernel reports the clock unsynchronised (no time source), error bound \(maxErrorMicroseconds / 1000) ms"
        }
        if maxErrorMicroseconds > Self.maxErrorLimitMicroseconds {
            return "the clock's error bound is \(maxErrorMicroseconds / 1000) ms, above \(Self.maxErrorLimitMicroseconds / 1000) ms"
        }
        return nil
    }

    /// The kernel's reading.
    public enum Problem: Error, CustomStringConvertible {
        /// ntp_adjtime failed (its errno).
        case system(errno: Int32)
        public var description: String {
            switch self {
            case .system(let e): "ntp_adjtime failed (errno \(e))"
            }
        }
    }

    /// Reads the kernel's clock state now.
    public static func current() throws(Problem) -> GatewayClockSync {
        var status: Int32 = 0
        var maxError = 0
        var estError = 0
        var error: Int32 = 0
        let state = recgate_clock_state(&status, &maxError, &estError, &error)
        guard state >= 0 else { throw .system(errno: error) }
        return GatewayClockSync(maxErrorMicroseconds: maxError, kernelUnsynchronised: status & recgate_sta_unsync != 0,
                                clockStateError: state == recgate_time_error)
    }
}
