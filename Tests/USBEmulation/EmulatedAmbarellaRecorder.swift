import Foundation
import Synchronization

/// An Ambarella body recorder in its own USB mode, either protocol variant, written from the wire facts
/// (Drivers/Ambarella/README.md) and sharing no code with the driver: it checks the password, counts every
/// login attempt, serves device and officer information as GBK bytes it is given, a battery level, records
/// the date and time it is set to, and on the switch to storage mode calls ``onSwitch`` on a thread of its
/// own once the host has read the switch's answer (a test then takes the recorder off the bus and puts a
/// mass-storage device at the same port, as the real one re-enumerates).
public final class EmulatedAmbarellaRecorder: USBResponder {
    public enum Variant: Sendable { case control, ascii }

    /// One date and time the recorder was set to, as sent (`YYYYMMDD`, `HHMMSS00`).
    public struct ClockSet: Sendable, Hashable {
        public var date: String
        public var time: String

        public init(date: String, time: String) {
            self.date = date
            self.time = time
        }
    }

    struct State {
        var loginAttempts = 0
        var loggedIn = false
        var accepted = false
        var switchPending = false
        var switched = false
        var pendingDate: String?
        var clockSets: [ClockSet] = []
        var commands: [String] = []
        var reply: [UInt8] = []
    }

    public let variant: Variant
    public let serial: String
    public let deviceID: String
    /// Six ASCII characters.
    public let password: String
    /// cSerial, userNo, userName, unitNo, unitName as the recorder keeps them (GBK bytes).
    public let info: [[UInt8]]
    public let battery: Int
    /// Whether the recorder knows `@Gzf` and `@Bat` (a recorder that does not answers ERR).
    public let knowsInfo: Bool
    public let strings: StringTable
    private let state = Mutex(State())
    private let switchAction: Mutex<(@Sendable () -> Void)?>

    /// - Parameter inStorageMode: the recorder already switched (it answers `@Gdv` with an error).
    public init(variant: Variant, serial: String, deviceID: String? = nil, password: String, info: [[UInt8]] = [],
                battery: Int = 77, knowsInfo: Bool = true, inStorageMode: Bool = false, onSwitch: (@Sendable () -> Void)? = nil) {
        self.variant = variant
        self.serial = serial
        self.deviceID = deviceID ?? serial
        self.password = password
        self.info = info
        self.battery = battery
        self.knowsInfo = knowsInfo
        strings = StringTable([1: "Ambarella", 2: "DSJ Recorder", 3: serial])
        switchAction = Mutex(onSwitch)
        state.withLock { $0.switched = inStorageMode }
    }

    /// What happens when the host switches the recorder to storage mode (set before the switch).
    public func onSwitch(_ action: @escaping @Sendable () -> Void) { switchAction.withLock { $0 = action } }

    public var loginAttempts: Int { state.withLock { $0.loginAttempts } }
    public var clockSets: [ClockSet] { state.withLock { $0.clockSets } }
    public var switched: Bool { state.withLock { $0.switched } }
    /// The commands received, by name (`Ver`, `Gdv`, `login`, `disk`, …), never their arguments.
    public var commands: [String] { state.withLock { $0.commands } }

    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse {
        if let setup = transfer.setup {
            if let answer = strings.answer(setup) { return answer }
            return control(setup, data: transfer.data)
        }
        guard variant == .ascii else { return .stall }
        if transfer.endpoint == 0x01 { return receive(transfer.data) }
        if transfer.endpoint == 0x81 { return send(transfer.length) }
        return .stall
    }

    // MARK: the control variant

    private func control(_ setup: SetupPacket, data: [UInt8]) -> EmulatedResponse {
        guard setup.type == 2, setup.value == 0x0080 else { return .stall }
        switch (setup.isIn, setup.request) {
        case (false, 0x55):
            let login: [UInt8] = [0xA1, 0x12, 0x00, 0x12]
            guard data.count == 64, Array(data.prefix(4)) == login else { return .stall }
            let given = Array(data[4...]).prefix { $0 != 0 }
            state.withLock { s in
                s.commands.append("login")
                s.loginAttempts += 1
                s.accepted = Array(given) == Array(password.utf8)
                if s.accepted { s.loggedIn = true }
            }
            return .accepted(data.count)
        case (false, 0x50):
            guard data.count == 64, Array(data.prefix(4)) == [0xA1, 0x23, 0x00, 0x23] else { return .stall }
            state.withLock { s in
                s.commands.append("disk")
                s.accepted = s.loggedIn
                s.switchPending = s.loggedIn
            }
            return .accepted(data.count)
        case (true, 0x55):
            var status = [UInt8](repeating: 0, count: 10)
            let switching = state.withLock { s -> Bool in
                status[2] = s.accepted ? 1 : 0
                defer { s.switchPending = false }
                return s.switchPending
            }
            if switching { switchNow() }
            return .data(status)
        default:
            return .stall
        }
    }

    // MARK: the ASCII variant

    private func receive(_ bytes: [UInt8]) -> EmulatedResponse {
        let text = Array(bytes.prefix { $0 != 0 })
        // @CMD;LEN;ARG;#
        guard text.count >= 8, text.first == 0x40, text.last == 0x23 else { return .stall }
        let parts = text.dropFirst().dropLast().split(separator: 0x3B, omittingEmptySubsequences: false).map { Array($0) }
        guard parts.count == 4, parts[3].isEmpty else { return .stall }
        let command = String(decoding: parts[0], as: UTF8.self)
        let argument = parts[2]
        let reply: [UInt8] = state.withLock { s in
            s.commands.append(command)
            let ok = Array("@\(command);OK#".utf8)
            let error = Array("@\(command);ERR#".utf8)
            func payload(_ fields: [[UInt8]]) -> [UInt8] {
                let body = Array(fields.joined(separator: [0x3B]))
                return Array("@\(command);OK;\(body.count);".utf8) + body + [0x23]
            }
            switch command {
            case "Ver":
                return Array("@Ver;OK#".utf8)
            case "Gdv":
                if s.switched { return error }
                s.loginAttempts += 1
                guard argument == Array(password.utf8) else { return Array("@Gdv;ERR;3;PWD#".utf8) }
                s.loggedIn = true
                return payload([Array(deviceID.utf8)])
            case "Gzf":
                guard s.loggedIn, knowsInfo, argument == Array(password.utf8) else { return error }
                return payload(info)
            case "Bat":
                guard s.loggedIn, knowsInfo else { return error }
                return payload([Array(String(battery).utf8)])
            case "Sdt":
                guard s.loggedIn, argument.count == 8 else { return error }
                s.pendingDate = String(decoding: argument, as: UTF8.self)
                return ok
            case "Stm":
                guard s.loggedIn, argument.count == 8, let date = s.pendingDate else { return error }
                s.clockSets.append(ClockSet(date: date, time: String(decoding: argument, as: UTF8.self)))
                s.pendingDate = nil
                return ok
            case "ATH":
                guard s.loggedIn, argument == Array(password.utf8) else { return error }
                s.switchPending = true
                return ok
            default:
                return error
            }
        }
        state.withLock { $0.reply = reply }
        return .accepted(bytes.count)
    }

    /// The queued reply in reads of up to 64 bytes, the last padded with zeros to 64 as the device sends it.
    private func send(_ length: Int) -> EmulatedResponse {
        let (chunk, switching): ([UInt8], Bool) = state.withLock { s in
            guard !s.reply.isEmpty else { return ([], false) }
            let n = min(64, length, s.reply.count)
            var chunk = Array(s.reply.prefix(n))
            s.reply.removeFirst(n)
            if s.reply.isEmpty { chunk += [UInt8](repeating: 0, count: max(0, min(64, length) - chunk.count)) }
            let switching = s.reply.isEmpty && s.switchPending
            if switching { s.switchPending = false }
            return (chunk, switching)
        }
        if chunk.isEmpty { return .timeout }
        if switching { switchNow() }
        return .data(chunk)
    }

    private func switchNow() {
        state.withLock { $0.switched = true }
        if let action = switchAction.withLock({ $0 }) { Thread { action() }.start() }
    }

    // MARK: records

    /// The recorder's umockdev record at `portPath` on bus 1 below the dock's hubs (`1-1.5.2` sits in
    /// `1-1/1-1.5/`): device descriptor 4255:0001 with string indexes 1–3, one vendor-specific interface,
    /// with bulk endpoints 0x81 IN and 0x01 OUT for the ASCII variant and none for the control variant.
    public static func records(at portPath: String, devnum: Int, variant: Variant, serial: String) -> String {
        let device = "120100020000004055420100000101020301"
        let configuration = variant == .ascii
            ? "0902200001010080FA" + "0904000002FF000000" + "07058102000200" + "07050102000200"
            : "0902120001010080FA" + "0904000000FF000000"
        return UmockdevRecord.usbDevice(at: portPath, devnum: devnum, vendor: "4255", product: "0001", descriptors: device + configuration,
                                        strings: ["manufacturer": "Ambarella", "product": "DSJ Recorder", "serial": serial])
    }
}
