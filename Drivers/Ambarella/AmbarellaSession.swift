import DeviceKit
import Foundation
import USB

/// A logged-in session with an Ambarella recorder at a USB port path (README.md in this folder). Opening it
/// logs in once with the configured password: a refusal is ``AmbarellaError/Code/loginRefused`` and is never
/// tried again here (recorders may lock out after a few wrong tries). Then, as the variant allows: the
/// device and officer information, the battery, the date and time, and the switch to storage mode, after
/// which the recorder leaves the bus and the session is done.
///
/// The password is held only to send it; no description, error or log of the session contains it.
public final class AmbarellaSession: DeviceSession, @unchecked Sendable {
    // Sendable proof: every stored property is set in init and never changed, except `switched`, read and
    // written only under `lock`, which also serialises every transfer (the recorder answers one command at a
    // time).
    private let lock = NSLock()
    private let context: USBContext
    private let handle: USBDeviceHandle
    private let interface: UInt8?
    private let password: [UInt8]
    private let timeout: Duration
    private let zone: TimeZone
    private var switched = false
    public let portPath: String
    public let variant: AmbarellaVariant
    public let identity: DeviceIdentity
    public let supported: DriverCapabilities
    /// The USB serial string (what the password was looked up by, with the model).
    public let usbSerial: String?

    /// Opens the recorder at `portPath` and logs in with its password from `options.passwords`.
    public init(portPath: String, options: SessionOptions) throws(AmbarellaError) {
        self.portPath = portPath
        timeout = options.timeout
        zone = options.zone
        do {
            context = try USBContext()
        } catch {
            throw AmbarellaError(.usb, operation: "open", message: "\(error)")
        }
        let found: USBDevice?
        do {
            found = try context.devices().first { $0.portPath == portPath }
        } catch {
            throw AmbarellaError(.usb, operation: "open", message: "\(error)")
        }
        guard let device = found, device.vendorID == AmbarellaFamily.vendorID else {
            throw AmbarellaError(.notFound, operation: "open", message: "no Ambarella recorder at port \(portPath)")
        }
        let (variant, interface) = try AmbarellaVariant.of(device)
        self.variant = variant
        self.interface = interface
        supported = variant.capabilities
        let strings = (try? device.strings()) ?? USBDeviceStrings()
        usbSerial = strings.serialNumber.flatMap { $0.isEmpty ? nil : $0 }
        let model = DevicePasswords.modelKey(vendorID: device.vendorID, productID: device.productID)
        guard let password = options.passwords.password(serial: usbSerial, model: model) else {
            throw AmbarellaError(.noPassword, operation: "login", message:
                "no password is configured for the recorder \(usbSerial ?? "at port \(portPath)"): set "
                + DevicePasswords.keys(serial: usbSerial, model: model) + " in recgate.json")
        }
        let secret = Array(password.utf8)
        let handle: USBDeviceHandle
        do {
            handle = try device.open()
        } catch {
            throw AmbarellaError(.usb, operation: "open", message: "opening \(portPath): \(error)")
        }
        if let interface {
            do {
                try? handle.setAutoDetachKernelDriver(true)
                try handle.claimInterface(interface)
            } catch {
                throw AmbarellaError(.usb, operation: "open", message: "claiming interface \(interface): \(error)")
            }
        }
        let entry = AmbarellaFamily.modelTable.first { $0.vendorID == device.vendorID && $0.productID == device.productID }
        // The serial: the ASCII variant's device id (answered to the login), else the USB serial string.
        var serial = usbSerial
        switch variant {
        case .ascii:
            _ = try Self.exchange(handle, timeout: timeout, "Ver", length: 8, argument: Array("00000000".utf8))
            let reply = try Self.exchange(handle, timeout: timeout, "Gdv", length: 8, argument: secret,
                                          allowError: true)
            guard reply.isOK else {
                if reply.fields.first == Array("PWD".utf8) {
                    throw AmbarellaError(.loginRefused, operation: "Gdv",
                                         message: "the recorder \(usbSerial ?? "at port \(portPath)") refused the password",
                                         device: usbSerial)
                }
                throw AmbarellaError(.alreadyInStorageMode, operation: "Gdv",
                                     message: "the recorder answers that it is already in storage mode")
            }
            let id = reply.fields.last.map { AmbarellaReply.ascii($0.prefix { $0 != 0 }) } ?? ""
            guard !id.isEmpty, id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw AmbarellaError(.badReply, operation: "Gdv", message: "the device id is empty or not printable ASCII")
            }
            serial = id
        case .control:
            let accepted = try Self.control(handle, timeout: timeout, "login", request: AmbarellaCommand.loginRequest,
                                            payload: AmbarellaCommand.loginPrefix + secret)
            guard accepted else {
                throw AmbarellaError(.loginRefused, operation: "login",
                                     message: "the recorder \(usbSerial ?? "at port \(portPath)") refused the password",
                                     device: usbSerial)
            }
        }
        identity = DeviceIdentity(serial: serial, model: strings.product ?? entry?.name, profile: AmbarellaFamily().name)
        self.password = secret
        self.handle = handle
    }

    deinit {
        if let interface, !switched { try? handle.releaseInterface(interface) }
    }

    public var driverName: String { AmbarellaFamily().name }
    public var label: String { "recorder:\(portPath)" }

    /// The device's id (ASCII variant) or USB serial; a `--device` naming another is a conflict.
    public func serial(naming asked: String?) throws -> String {
        switch (identity.serial, asked) {
        case let (found?, asked?) where found != asked:
            throw DeviceSessionError(.deviceConflict, call: "identify", path: portPath,
                                     message: "the recorder says device \(found) but --device names \(asked)")
        case let (found?, _): return found
        case let (nil, asked?): return asked
        case (nil, nil):
            throw DeviceSessionError(.invalidArgument, call: "identify", path: portPath,
                                     message: "the recorder tells no serial number; name it with --device SERIAL")
        }
    }

    public func location(of recording: Recording) -> String { "\(portPath):\(recording.path)" }

    // MARK: operations

    /// Device and officer information (`@Gzf`), GBK decoded.
    public func info() throws(AmbarellaError) -> AmbarellaInfo {
        try requireASCII(.readInfo, "Gzf")
        let reply = try locked { () throws(AmbarellaError) in
            try Self.exchange(handle, timeout: timeout, "Gzf", length: 8, argument: password)
        }
        return try AmbarellaInfo(fields: reply.fields)
    }

    /// The battery (`@Bat`), 0–100 %.
    public func condition() throws -> DeviceCondition {
        try requireASCII(.battery, "Bat")
        let reply = try locked { () throws(AmbarellaError) in
            try Self.exchange(handle, timeout: timeout, "Bat", length: 8, argument: Array("00000000".utf8))
        }
        guard reply.fields.count == 1, let level = Int(AmbarellaReply.ascii(reply.fields[0])), (0...100).contains(level) else {
            throw AmbarellaError(.badReply, operation: "Bat", message: "the battery is not a percentage from 0 to 100")
        }
        return DeviceCondition(batteryPercent: level)
    }

    /// Sets the date (`@Sdt`) and the time (`@Stm`) to the gateway's local time in the configured zone, both
    /// from one instant; returns the value written.
    @discardableResult
    public func setClock() throws -> LocalTimestamp {
        try requireASCII(.setClock, "Sdt")
        let local = LocalTimestamp(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded()), in: zone)
        func digits(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let date = digits(local.year, 4) + digits(local.month, 2) + digits(local.day, 2)
        let time = digits(local.hour, 2) + digits(local.minute, 2) + digits(local.second, 2) + "00"
        try locked { () throws(AmbarellaError) in
            _ = try Self.exchange(handle, timeout: timeout, "Sdt", length: 8, argument: Array(date.utf8))
            _ = try Self.exchange(handle, timeout: timeout, "Stm", length: 6, argument: Array(time.utf8))
        }
        return local
    }

    /// Switches to storage mode (`@ATH`, or the control variant's disk-mode request). The recorder leaves
    /// the bus and comes back as a disk at the same port.
    public func switchToMassStorage() throws {
        try locked { () throws(AmbarellaError) in
            guard !switched else { return }
            switch variant {
            case .ascii:
                _ = try Self.exchange(handle, timeout: timeout, "ATH", length: 8, argument: password)
            case .control:
                let accepted = try Self.control(handle, timeout: timeout, "disk mode", request: AmbarellaCommand.diskModeRequest,
                                                payload: AmbarellaCommand.diskModePrefix)
                guard accepted else {
                    throw AmbarellaError(.badReply, operation: "disk mode", message: "the recorder did not accept the switch")
                }
            }
            switched = true
        }
    }

    private func requireASCII(_ capability: DriverCapabilities, _ command: String) throws(AmbarellaError) {
        guard supported.contains(capability) else {
            throw AmbarellaError(.unknownCommand, operation: command, message:
                "the \(variant.rawValue) variant has no command for \(capability.names.joined(separator: ", "))")
        }
    }

    private func locked<T>(_ body: () throws(AmbarellaError) -> T) throws(AmbarellaError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !switched else {
            throw AmbarellaError(.notFound, operation: "session", message: "the recorder was switched to storage mode")
        }
        return try body()
    }

    // MARK: transfers

    /// Sends one ASCII command and reads its reply (64-byte reads until the `#`). An ERR reply throws
    /// ``AmbarellaError/Code/unknownCommand`` unless `allowError`.
    static func exchange(_ handle: borrowing USBDeviceHandle, timeout: Duration, _ command: String, length: Int,
                         argument: [UInt8], allowError: Bool = false) throws(AmbarellaError) -> AmbarellaReply {
        let frame = AmbarellaCommand.frame(command, length: length, argument: argument)
        do {
            try handle.bulkOut(endpoint: AmbarellaVariant.bulkOut, data: frame, timeout: timeout)
        } catch {
            throw AmbarellaError(.usb, operation: command, message: "sending the command: \(error)")
        }
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "#")) && bytes.count <= AmbarellaReply.maximumLength {
            let chunk: [UInt8]
            do {
                chunk = try handle.bulkIn(endpoint: AmbarellaVariant.bulkIn, length: AmbarellaCommand.payloadSize, timeout: timeout)
            } catch {
                throw AmbarellaError(.usb, operation: command, message: "reading the reply: \(error)")
            }
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let reply: AmbarellaReply
        do {
            reply = try AmbarellaReply.parse(bytes).expecting(command)
        } catch {
            throw AmbarellaError(.badReply, operation: command, message: "\(error)")
        }
        guard reply.isOK || allowError else {
            throw AmbarellaError(.unknownCommand, operation: command,
                                 message: "the recorder answered \(reply.status) (it does not know the command or refused it)")
        }
        return reply
    }

    /// One vendor request of the control variant and its status read; whether it was accepted.
    static func control(_ handle: borrowing USBDeviceHandle, timeout: Duration, _ operation: String, request: UInt8,
                        payload: [UInt8]) throws(AmbarellaError) -> Bool {
        do {
            try handle.controlOut(requestType: AmbarellaCommand.vendorOut, request: request, value: AmbarellaCommand.requestValue,
                                  index: 0, data: AmbarellaCommand.padded(payload), timeout: timeout)
        } catch {
            throw AmbarellaError(.usb, operation: operation, message: "sending the request: \(error)")
        }
        let status: [UInt8]
        do {
            status = try handle.controlIn(requestType: AmbarellaCommand.vendorIn, request: AmbarellaCommand.loginRequest,
                                          value: AmbarellaCommand.requestValue, index: 0, length: AmbarellaCommand.statusLength,
                                          timeout: timeout)
        } catch {
            throw AmbarellaError(.usb, operation: operation, message: "reading the status: \(error)")
        }
        guard status.count > AmbarellaCommand.statusAcceptedIndex else {
            throw AmbarellaError(.badReply, operation: operation, message: "a status of \(status.count) bytes, expected 10")
        }
        return status[AmbarellaCommand.statusAcceptedIndex] == 1
    }
}
