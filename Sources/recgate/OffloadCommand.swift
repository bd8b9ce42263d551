import ArgumentParser
import DeviceKit
import Digest
import Foundation
import Gateway
import Offload
import Presentation

struct OffloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offload",
        abstract: "Copy every recording of a mounted recorder volume or a PTP camera into the evidence store, verified.",
        discussion: """
            Each recording is read once, hashed while it is written, read back from storage and checked \
            before it is catalogued. Rerunning copies nothing twice. Without --release the device is \
            never written to. Everything else on the device is listed as skipped with its reason. Exits 1 \
            when any recording failed or an entry could not be read.
            """)

    @OptionGroup var options: HomeOptions

    @Option(name: .long, help: ArgumentHelp("The recorder volume's mount point.", valueName: "DIR"))
    var volume: String?

    @Option(name: .long, help: ArgumentHelp(
        "A PTP camera's port path (as `recgate devices` shows it), instead of a volume.", valueName: "PORT_PATH"))
    var camera: String?

    @Option(name: .long, help: ArgumentHelp(
        "The device serial, when neither the volume nor its file names tell it (at most 64 letters, digits and - _ . / :).", valueName: "SERIAL"))
    var device: String?

    @Option(name: .long, help: ArgumentHelp(
        "Digests to compute: sha256 (always), sm3 (default: the home's configuration).", valueName: "LIST"))
    var digest: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Delete each recording from the device once its stored copy is verified and audited.",
        discussion: "A recording is deleted only if its bytes, read in this run, equal a stored copy read back now; "
            + "a corrupt or missing stored copy is first repaired from them. Otherwise it is kept and the "
            + "report says why (release_skipped)."))
    var release = false

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func validate() throws {
        guard (volume == nil) != (camera == nil) else {
            throw ValidationError("name either --volume DIR or --camera PORT_PATH")
        }
        if let device, let problem = Identifier.problem(device) { throw ValidationError("--device \(problem)") }
    }

    func run() throws {
        let gateway = options.gateway
        let configuration = try gateway.configuration()
        let digests = try digest.map(DigestAlgorithm.parseList) ?? configuration.digests
        let request = if let camera {
            OffloadRequest(camera: camera, deviceSerial: device, digests: digests, release: release)
        } else {
            OffloadRequest(volume: URL(fileURLWithPath: volume ?? ""), deviceSerial: device, digests: digests,
                           release: release)
        }
        let report: OffloadReport
        do {
            report = try gateway.offload(request, configuration: configuration, progress: TerminalProgressBar.ifTerminal())
        } catch {
            Output.error("offload of \(volume ?? "camera " + (camera ?? "")) failed: \(error)")
            throw ExitCode.failure
        }
        if json {
            try Output.json(report)
        } else {
            for line in report.lines { Output.line(line) }
        }
        if let problem = report.error { Output.error(problem) }
        if !report.succeeded { throw ExitCode.failure }
    }
}
