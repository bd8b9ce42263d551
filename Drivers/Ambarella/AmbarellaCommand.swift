/// What the driver sends, in both variants (README.md in this folder): ASCII commands `@CMD;LEN;ARG;#` on
/// bulk OUT, and the control variant's vendor requests on endpoint 0. Every payload is 64 bytes, zero-padded.
enum AmbarellaCommand {
    static let payloadSize = 64

    /// `@CMD;LEN;ARG;#` zero-padded to 64 bytes. LEN is the protocol's own figure for the command (it is not
    /// always the argument's length: `@Stm;6;HHMMSS00;#`).
    static func frame(_ command: String, length: Int, argument: [UInt8]) -> [UInt8] {
        padded(Array("@\(command);\(length);".utf8) + argument + Array(";#".utf8))
    }

    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: max(0, payloadSize - bytes.count))
    }

    // MARK: the control variant

    /// bmRequestType of the vendor requests (host to device; the status read is 0xC0).
    static let vendorOut: UInt8 = 0x40
    static let vendorIn: UInt8 = 0xC0
    static let loginRequest: UInt8 = 0x55
    static let diskModeRequest: UInt8 = 0x50
    static let requestValue: UInt16 = 0x0080
    /// The status read: 10 bytes, byte 2 is 1 when the last request was accepted.
    static let statusLength: UInt16 = 10
    static let statusAcceptedIndex = 2

    static let loginPrefix: [UInt8] = [0xA1, 0x12, 0x00, 0x12]
    static let diskModePrefix: [UInt8] = [0xA1, 0x23, 0x00, 0x23]
}
