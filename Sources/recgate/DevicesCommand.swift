import AllDrivers
import ArgumentParser
import DeviceKit
import Evidence
import Foundation
import HubDriver
import USB

/// One attached device as `recgate devices --json` reports it.
struct DeviceReport: Encodable {
    var port_path: String
    /// The dock bay the port belongs to (null until bays are configured).
    var bay: Int?
    var vendor_id: String
    var product_id: String
    var manufacturer: String?
    var product: String?
    var serial: String?
    /// The driver that handles the device (null when none matches, or several tie).
    var driver: String?
    /// `attached` (a driver matched), `unknown` (none did) or `ambiguous` (several scored the same best).
    var state: String
    /// `recorder`, `camera`, `storage` or `hub`: the model-table entry's, else the driver's (null unless matched).
    var kind: String?
    /// The model-table entry's name (null when the driver matched by class or vendor).
    var model: String?
    /// The best probe score (exact VID:PID 100, class 50, vendor 25; null when unknown).
    var score: Int?
    /// The tied drivers, in registry order, when `ambiguous`; empty otherwise.
    var candidates: [String]
    var device_class: String
    var speed: String
    var bus: Int
    var address: Int
    var parent: String?
    /// How the device writes its container times, as its clips in the catalog show (null when the
    /// catalog has none that tells).
    var container_time: ContainerTimeReport?

    init(_ device: USBDevice, bay: Int? = nil, registry: DriverRegistry = BuiltInDrivers.registry) {
        port_path = device.portPath
        self.bay = bay
        vendor_id = Self.hex4(device.vendorID)
        product_id = Self.hex4(device.productID)
        // Strings come from sysfs; a device without them there is opened, which may be refused.
        let candidate = DeviceCandidate(device)
        manufacturer = candidate.manufacturer
        product = candidate.product
        serial = candidate.serial
        let match = registry.match(candidate)
        driver = match.driverName
        state = match.state
        kind = match.kind?.rawValue
        model = match.model?.name
        score = match.score?.value
        candidates = match.tiedDriverNames
        device_class = Self.hex2(device.deviceClass)
        speed = device.speed.description
        bus = Int(device.busNumber)
        address = Int(device.address)
        parent = device.parent?.portPath
    }

    enum CodingKeys: String, CodingKey {
        case port_path, bay, vendor_id, product_id, manufacturer, product, serial, driver, state, kind, model, score,
             candidates, device_class, speed, bus, address, parent, container_time
    }

    /// Every field is written, nulls included, so scripts can rely on the keys.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(port_path, forKey: .port_path)
        try c.encode(bay, forKey: .bay)
        try c.encode(vendor_id, forKey: .vendor_id)
        try c.encode(product_id, forKey: .product_id)
        try c.encode(manufacturer, forKey: .manufacturer)
        try c.encode(product, forKey: .product)
        try c.encode(serial, forKey: .serial)
        try c.encode(driver, forKey: .driver)
        try c.encode(state, forKey: .state)
        try c.encode(kind, forKey: .kind)
        try c.encode(model, forKey: .model)
        try c.encode(score, forKey: .score)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(device_class, forKey: .device_class)
        try c.encode(speed, forKey: .speed)
        try c.encode(bus, forKey: .bus)
        try c.encode(address, forKey: .address)
        try c.encode(parent, forKey: .parent)
        try c.encode(container_time, forKey: .container_time)
    }

    /// The driver, or what stands for it: `unknown`, or `ambiguous: a|b` naming the tied drivers.
    var driverColumn: String {
        if let driver { return driver }
        return candidates.isEmpty ? state : "\(state): " + candidates.joined(separator: "|")
    }

    /// Manufacturer and product strings, as the device gives them.
    var name: String { [manufacturer, product].compactMap { $0 }.joined(separator: " ") }

    static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    static func hex2(_ v: UInt8) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 2 - s.count) + s
    }
}

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List attached USB devices: port path, bay, VID:PID, strings, matched driver, kind, model and state.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "The health of every device the catalog knows (battery, storage, clock, docks, offloads, gaps, damaged files, failures), not the attached ones.")
    var health = false

    func run() throws {
        if health { return try runHealth() }
        let bays = try BaysFile.load(options)
        let devices: [USBDevice]
        do {
            devices = try USBContext().devices()
        } catch {
            Output.error("cannot list USB devices: \(error)")
            throw ExitCode.failure
        }
        // Depth-first by port path, so a hub comes before what is plugged into it.
        let sorted = devices.sorted {
            $0.busNumber != $1.busNumber ? $0.busNumber < $1.busNumber
                : $0.portNumbers.lexicographicallyPrecedes($1.portNumbers)
        }
        // On a USB 3 dock a bay is one port on each half; its file names one of them.
        let companions = bays == nil ? [:] : DockTopology(devices: devices).companions
        var reports = sorted.map { DeviceReport($0, bay: bays?.bay(at: $0.portPath, companions: companions)?.number) }
        // The catalog's learnt habits, when there is a catalog (listing devices creates none).
        let catalogURL = options.resolved.catalogURL
        if FileManager.default.fileExists(atPath: catalogURL.path) {
            let habits = try Catalog(path: catalogURL).timeHabits()
            for i in reports.indices {
                reports[i].container_time = reports[i].serial.flatMap { habits[$0] }.map(ContainerTimeReport.init)
            }
        }
        if json {
            try Output.json(reports)
            return
        }
        for r in reports {
            // The strings last: a shared ID's model names only the family, the product string may say more.
            Output.line([r.port_path, "\(r.vendor_id):\(r.product_id)", r.driverColumn, r.kind ?? "-", r.model ?? "-",
                         r.serial ?? "-", r.name].joined(separator: "\t"))
        }
    }
}

/// `container_time` in `recgate devices --json`: the reading of creation_time the device's clips
/// support (`utc` or `local_digits`, null while even), and how many clips support each.
struct ContainerTimeReport: Encodable {
    var reading: String?
    var utc_clips: Int
    var local_digit_clips: Int

    init(_ habit: DeviceTimeHabit) {
        reading = habit.containerReading?.rawValue
        utc_clips = habit.utcClips
        local_digit_clips = habit.localDigitClips
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reading, forKey: .reading)
        try c.encode(utc_clips, forKey: .utc_clips)
        try c.encode(local_digit_clips, forKey: .local_digit_clips)
    }

    enum CodingKeys: String, CodingKey { case reading, utc_clips, local_digit_clips }
}
