import ArgumentParser
import Gateway
import Presentation

struct CameraInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "A PTP camera's device info, battery, storages and object count.",
        discussion: "PORT_PATH is as `recgate devices` shows it (1-1.5.3). Exit 1 when the camera cannot be read.")

    @Argument(help: ArgumentHelp("The camera's port path.", valueName: "PORT_PATH"))
    var portPath: String

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run() throws {
        let report: CameraInfoReport
        do {
            report = try Gateway.cameraInfo(portPath: portPath)
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
