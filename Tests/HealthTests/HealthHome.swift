import DeviceKit
import Evidence
import Foundation
import HealthProbes
import Testing
import TestSupport

/// A home folder in a temporary directory, filled through the real `recgate` binary (offloads of
/// generated recorder volumes, clock readings) and, for history only time makes, the Catalog API; its
/// health read back through `recgate devices --health --json`.
struct HealthHome {
    let temp: TempDirectory
    var home: URL { temp.path("home") }
    var catalogURL: URL { home.appendingPathComponent("catalog.sqlite") }
    /// The zone the home reads device clocks in (the configuration's default).
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    /// The time the test runs at: the binary judges health at its own now, a little later.
    let now = Date()

    init() throws {
        temp = try TempDirectory(prefix: "recgate-health")
    }

    /// Runs `recgate --home HOME args…` and requires `status`.
    @discardableResult
    func recgate(_ args: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let result = try run(try PackageRoot.recgate(), ["--home", home.path] + args)
        try #require(result.status == status, "recgate \(args.joined(separator: " ")) exited \(result.status), not \(status): \(result.stderr)\(result.stdout)",
                     sourceLocation: sourceLocation)
        return result
    }

    /// One file on a generated recorder volume.
    struct File {
        enum Content { case whole, cut, empty }
        var sequence: Int
        /// Hours before the test's now the recording started, on the device's clock.
        var hoursAgo: Double
        var content: Content = .whole
        var locked = false
    }

    /// Writes a recorder volume of `serial` (the `dcim-datetime-serial-sequence` naming: start, serial,
    /// sequence; `_LOCK` for locked files) with real H.264 clips, and offloads it. Returns the offload's
    /// JSON report.
    @discardableResult
    func offload(serial: String, files: [File], volume name: String? = nil) throws -> [String: Any] {
        let volume = temp.path(name ?? "volume-\(serial)-\(UUID().uuidString.prefix(8))")
        let folder = volume.appendingPathComponent("DCIM/100MEDIA")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            let start = LocalTimestamp(now.addingTimeInterval(-file.hoursAgo * 3600), in: Self.zone)
            let name = "\(Self.digits(start))_\(serial)_\(String(format: "%04d", file.sequence))\(file.locked ? "_LOCK" : "").MP4"
            let target = folder.appendingPathComponent(name)
            let clip = try ClipFactory.clip(seconds: 2, label: "health-\(serial)-\(file.sequence)")
            switch file.content {
            case .whole: try FileManager.default.copyItem(at: clip, to: target)
            case .cut:
                // Cut at 60 % before its index was written (index at the end): a flat battery.
                let bytes = try Data(contentsOf: clip)
                try bytes.prefix(bytes.count * 6 / 10).write(to: target)
            case .empty: try Data().write(to: target)
            }
        }
        let result = try recgate(["offload", "--volume", volume.path, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Records what the device's screen showed `offset` seconds off the true time, `hoursAgo` hours
    /// before now (`recgate clock record`, a manual reading).
    func recordClock(serial: String, offset: Double, hoursAgo: Double = 0) throws {
        let at = now.addingTimeInterval(-hoursAgo * 3600).rounded()
        let shown = LocalTimestamp(at.addingTimeInterval(offset), in: Self.zone)
        try recgate(["clock", "record", "--device", serial, "--device-time", shown.description,
                     "--at", Self.rfc3339(at)])
    }

    /// Every device's health as the command prints it.
    func health(sourceLocation: SourceLocation = #_sourceLocation) throws -> [DeviceHealth] {
        let result = try recgate(["devices", "--health", "--json"], sourceLocation: sourceLocation)
        return try JSONDecoder().decode([DeviceHealth].self, from: Data(result.stdout.utf8))
    }

    func health(of serial: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeviceHealth {
        try #require(try health(sourceLocation: sourceLocation).first { $0.serial == serial }, "no health for \(serial)",
                     sourceLocation: sourceLocation)
    }

    /// The catalog, for history the binary cannot make in a test's time (failed docks, a device's
    /// battery reports).
    func catalog() throws -> Catalog { try Catalog(path: catalogURL) }

    static func digits(_ t: LocalTimestamp) -> String {
        String(format: "%04d%02d%02d_%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second)
    }

    static func rfc3339(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}

extension Date {
    /// To the whole second, as a device shows its clock.
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

extension DeviceHealth {
    /// Each probe's status by name.
    var statuses: [String: HealthStatus] { Dictionary(uniqueKeysWithValues: probes.map { ($0.probe, $0.status) }) }

    /// The probe named `name`, required.
    func probe(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProbeResult {
        try #require(result(name), "no \(name) probe in \(probes)", sourceLocation: sourceLocation)
    }
}
