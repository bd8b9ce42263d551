import Synchronization

/// A simple function device: string descriptors, and bulk/interrupt endpoints that echo what is written
/// to an OUT endpoint back on its loopback IN endpoint (by default OUT N to IN N|0x80). Endpoints can be made to stall, time out, or the whole
/// device to vanish.
public final class EmulatedEchoDevice: USBResponder {
    public enum Fault: Sendable, Equatable { case stall, timeout, vanish }

    struct State {
        var queued: [UInt8: [[UInt8]]] = [:]
        var faults: [UInt8: Fault] = [:]
        var received: [(endpoint: UInt8, data: [UInt8])] = []
        var controlLog: [SetupPacket] = []
    }

    public let strings: StringTable
    private let state = Mutex(State())

    public let loopback: [UInt8: UInt8]

    public init(strings: [UInt8: String] = [:], loopback: [UInt8: UInt8] = [:]) {
        self.strings = StringTable(strings)
        self.loopback = loopback
    }

    /// Makes `endpoint` (address, with bit 7 for IN) misbehave; nil restores it.
    public func setFault(_ fault: Fault?, endpoint: UInt8) { state.withLock { $0.faults[endpoint] = fault } }

    /// Queues bytes for the host to read from an IN endpoint.
    public func queue(_ data: [UInt8], on endpoint: UInt8) {
        state.withLock { $0.queued[endpoint | 0x80, default: []].append(data) }
    }

    /// What the host wrote to OUT endpoints, in order.
    public var received: [(endpoint: UInt8, data: [UInt8])] { state.withLock { $0.received } }
    /// Every control request seen.
    public var controlRequests: [SetupPacket] { state.withLock { $0.controlLog } }

    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse {
        if let setup = transfer.setup {
            state.withLock { $0.controlLog.append(setup) }
            if let fault = state.withLock({ $0.faults[0] }) { return Self.response(for: fault) }
            if let answer = strings.answer(setup) { return answer }
            return setup.isIn ? .stall : .accepted(transfer.data.count)
        }
        return state.withLock { s -> EmulatedResponse in
            if let fault = s.faults[transfer.endpoint] { return Self.response(for: fault) }
            if transfer.isIn {
                guard var q = s.queued[transfer.endpoint], !q.isEmpty else { return .timeout }
                let next = q.removeFirst()
                s.queued[transfer.endpoint] = q
                return .data(next)
            }
            s.received.append((transfer.endpoint, transfer.data))
            s.queued[loopback[transfer.endpoint] ?? (transfer.endpoint | 0x80), default: []].append(transfer.data)
            return .accepted(transfer.data.count)
        }
    }

    static func response(for fault: Fault) -> EmulatedResponse {
        switch fault {
        case .stall: .stall
        case .timeout: .timeout
        case .vanish: .noDevice
        }
    }
}
