/// What an emulated PTP device's bulk OUT endpoint receives, put back together: containers are gathered
/// across transfers (a zero-length packet adds nothing) and handed on whole, in order; a command with a data
/// phase (SetDevicePropValue) is handed on with its data. The emulated camera and MTP device both read their
/// host's requests through it.
struct PTPBulkOut {
    struct Request {
        var code: UInt16
        var tid: UInt32
        var params: [UInt32]
        /// The data phase, for a command that has one.
        var data: [UInt8]?
    }

    enum Event {
        /// A command container arrived (its data phase, if any, may follow).
        case command(UInt16)
        /// A request is whole: handle it.
        case request(Request)
    }

    /// Commands whose data phase comes from the host.
    static let commandsWithData: Set<UInt16> = [0x1016]

    private var buffer: [UInt8] = []
    private var waiting: Request?

    /// Takes one transfer's bytes; what they completed, in order.
    mutating func receive(_ data: [UInt8]) -> [Event] {
        buffer += data
        var events: [Event] = []
        while buffer.count >= 12 {
            let length = Int(Self.u32(buffer, 0))
            guard length >= 12 else { buffer = []; break }
            guard buffer.count >= length else { break }
            let container = Array(buffer.prefix(length))
            buffer.removeFirst(length)
            let type = Self.u16(container, 4), code = Self.u16(container, 6), tid = Self.u32(container, 8)
            let body = Array(container.dropFirst(12))
            switch type {
            case 1:
                let params = stride(from: 0, to: body.count - body.count % 4, by: 4).map { Self.u32(body, $0) }
                events.append(.command(code))
                let request = Request(code: code, tid: tid, params: params, data: nil)
                if Self.commandsWithData.contains(code) { waiting = request } else { events.append(.request(request)) }
            case 2:
                if var request = waiting, request.code == code {
                    waiting = nil
                    request.data = body
                    events.append(.request(request))
                }
            default:
                break
            }
        }
        return events
    }

    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) } }
}
