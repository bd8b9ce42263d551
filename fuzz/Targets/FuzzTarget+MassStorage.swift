import Foundation
import MassStorageDriver

/// The mass-storage parsers: the device-info text file a recorder keeps on its volume.
extension FuzzTarget {
    /// The built-in profiles' device-info rules, with a rule that has every field for good measure.
    static let deviceInfoRules: [VolumeProfile.DeviceInfoRule] = {
        let builtin = ((try? ProfileRegistry.builtin()) ?? []).compactMap(\.deviceInfo)
        precondition(!builtin.isEmpty, "no built-in profile has a device-info rule: the target would test nothing")
        return builtin
    }()

    /// A device-info file's bytes (up to the size a volume may hold) under every built-in rule: each field
    /// found is text of the file, trimmed and not empty.
    static let deviceInfoFile = FuzzTarget(name: "device-info-file", maxLength: 64 * 1024) { bytes in
        var checks = Checks()
        var found: [String] = []
        for rule in deviceInfoRules {
            let info = DeviceInfoFile.parse(bytes, path: "DEVICE.TXT", rule: rule)
            for field in [info.serial, info.model, info.officer].compactMap({ $0 }) {
                checks.require(!field.isEmpty && field.utf8.count <= bytes.count, "field \(field.debugDescription)")
                checks.require(field.trimmingCharacters(in: .whitespacesAndNewlines) == field, "field \(field.debugDescription) is not trimmed")
                found.append(field)
            }
        }
        return checks.outcome(found.joined(separator: ","))
    }
}
