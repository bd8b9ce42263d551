import ArgumentParser
import Gateway
import PTPDriver

struct CameraInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "A PTP camera's device info, battery, storages and object count.",
        discussion: "PORT_PATH is as `recgate devices` shows it (1-1.5.3). Exit 1 when the camera cannot be read.")

    @Argument(help: ArgumentHelp("The camera's port path.", valueName: "PORT_PATH"))
    var portPath: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    struct Storage: Encodable {
        var id: String
        var objects: Int
    }

    struct Report: Encodable {
        var port_path: String
        var manufacturer: String
        var model: String
        var device_version: String
        var serial: String
        var standard_version: Int
        var vendor_extension_id: String
        var operations: [String]
        var properties: [String]
        /// Percent; null when the camera has no BatteryLevel property.
        var battery: Int?
        var storages: [Storage]
        var objects: Int

        enum CodingKeys: String, CodingKey {
            case port_path, manufacturer, model, device_version, serial, standard_version, vendor_extension_id,
                 operations, properties, battery, storages, objects
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(port_path, forKey: .port_path)
            try c.encode(manufacturer, forKey: .manufacturer)
            try c.encode(model, forKey: .model)
            try c.encode(device_version, forKey: .device_version)
            try c.encode(serial, forKey: .serial)
            try c.encode(standard_version, forKey: .standard_version)
            try c.encode(vendor_extension_id, forKey: .vendor_extension_id)
            try c.encode(operations, forKey: .operations)
            try c.encode(properties, forKey: .properties)
            try c.encode(battery, forKey: .battery)
            try c.encode(storages, forKey: .storages)
            try c.encode(objects, forKey: .objects)
        }
    }

    func run() throws {
        let report: Report
        do {
            report = try CameraConnection.with(portPath: portPath) { session, info in
                let battery = info.supports(property: PTPProperty.batteryLevel) ? try session.batteryLevel() : nil
                var storages: [Storage] = []
                for id in try session.storageIDs() {
                    storages.append(Storage(id: hex32(id), objects: try session.objectHandles(storage: id).count))
                }
                return Report(
                    port_path: portPath, manufacturer: info.manufacturer, model: info.model,
                    device_version: info.deviceVersion, serial: CameraConnection.serial(info, session),
                    standard_version: Int(info.standardVersion), vendor_extension_id: hex32(info.vendorExtensionID),
                    operations: info.operationsSupported.map(hex16), properties: info.devicePropertiesSupported.map(hex16),
                    battery: battery, storages: storages, objects: storages.reduce(0) { $0 + $1.objects })
            }
        } catch {
            Output.error("cannot read the camera at \(portPath): \(error)")
            throw ExitCode.failure
        }
        if json { return try Output.json(report) }
        Output.line("\(report.port_path): \(report.manufacturer) \(report.model), serial \(report.serial), "
                    + "version \(report.device_version)")
        Output.line("  PTP \(Double(report.standard_version) / 100), battery "
                    + (report.battery.map { "\($0) %" } ?? "unknown"))
        for s in report.storages { Output.line("  storage \(s.id): \(s.objects) object\(s.objects == 1 ? "" : "s")") }
    }
}

func hex16(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - s.count)) + s
}

func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
