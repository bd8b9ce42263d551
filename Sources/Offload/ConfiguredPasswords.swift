import DeviceKit

/// `device_passwords` in recgate.json: `{"models": {"4255:0001": "000000"}, "devices": {"A001234": "123456"}}`.
/// Each password is 6 ASCII letters or digits (what the recorders take, and nothing that could break their
/// command frames). Read into ``DevicePasswords``; written back (were the configuration ever encoded) as the
/// keys only, so no password leaves the file it was configured in.
public struct ConfiguredPasswords: Codable, Sendable {
    public var passwords: DevicePasswords
    private var modelKeys: [String]
    private var deviceKeys: [String]

    enum Keys: String, CodingKey, CaseIterable {
        case models, devices
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let models = try c.decodeIfPresent([String: String].self, forKey: .models) ?? [:]
        let devices = try c.decodeIfPresent([String: String].self, forKey: .devices) ?? [:]
        for (key, password) in models.map({ (Keys.models, $0.value) }) + devices.map({ (Keys.devices, $0.value) })
        where !Self.isPassword(password) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: Self.passwordRule)
        }
        passwords = DevicePasswords(byModel: models, byDevice: devices)
        modelKeys = models.keys.sorted()
        deviceKeys = devices.keys.sorted()
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: modelKeys.map { ($0, "(not shown)") }), forKey: .models)
        try c.encode(Dictionary(uniqueKeysWithValues: deviceKeys.map { ($0, "(not shown)") }), forKey: .devices)
    }

    static let passwordRule = "must be 6 ASCII letters or digits (the value is not shown)"

    static func isPassword(_ text: String) -> Bool {
        text.utf8.count == 6 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// `4255:0001`: four lowercase hex digits, a colon, four more.
    static func isModelKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let hex: (UInt8) -> Bool = { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return bytes.count == 9 && bytes[4] == UInt8(ascii: ":") && bytes[..<4].allSatisfy(hex) && bytes[5...].allSatisfy(hex)
    }

    /// A serial as recorders tell it: 1 to 64 printable ASCII characters.
    static func isSerial(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// Every problem of the `device_passwords` value, with the node and key it is at. A message never
    /// quotes a password.
    static func problems(_ value: JSONNode, path: JSONPath) -> [(node: JSONNode, key: String, message: String)] {
        var found: [(node: JSONNode, key: String, message: String)] = []
        guard case .object(let members) = value.value else {
            return [(value, path.description, "must be an object with \"models\" and \"devices\", not \(value.typeName)")]
        }
        var seen: Set<String> = []
        for member in members {
            let memberPath = path.appending(member.key)
            guard let kind = Keys(rawValue: member.key) else {
                found.append((member.value, memberPath.description, "unknown key \"\(member.key)\" (known: models, devices)"))
                continue
            }
            guard seen.insert(member.key).inserted else {
                found.append((member.value, memberPath.description, "\"\(member.key)\" is given twice"))
                continue
            }
            guard case .object(let entries) = member.value.value else {
                found.append((member.value, memberPath.description, "must be an object of passwords, not \(member.value.typeName)"))
                continue
            }
            var names: Set<String> = []
            for entry in entries {
                let entryPath = memberPath.appending(entry.key)
                if !names.insert(entry.key).inserted {
                    found.append((entry.value, entryPath.description, "is given twice"))
                }
                switch kind {
                case .models where !isModelKey(entry.key):
                    found.append((entry.value, entryPath.description, "a model is VID:PID in lowercase hex, like \"4255:0001\""))
                case .devices where !isSerial(entry.key):
                    found.append((entry.value, entryPath.description, "a device serial is 1 to 64 printable ASCII characters"))
                default: break
                }
                guard case .string(let password) = entry.value.value else {
                    found.append((entry.value, entryPath.description, "must be a password string, not \(entry.value.typeName)"))
                    continue
                }
                if !isPassword(password) { found.append((entry.value, entryPath.description, passwordRule)) }
            }
        }
        return found
    }
}
