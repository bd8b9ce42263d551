import ArgumentParser
import Foundation
import Gateway
import HubDriver
import USB

/// The bays file: `<home>/bays.json` (see `BayConfiguration`).
enum BaysFile {
    static func url(_ options: HomeOptions) -> URL { options.gateway.baysURL }

    static func load(_ options: HomeOptions) throws -> BayConfiguration? {
        try options.gateway.bays()
    }
}

struct DocksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docks",
        abstract: "Show each dock bay (from <home>/bays.json): port path, power, state and the device in it.",
        discussion: "With --learn, asks you to plug a device into each bay in turn and writes <home>/bays.json.")

    @OptionGroup var options: HomeOptions

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    @Flag(name: .long, help: "Learn the bays: plug a device into each bay when asked.")
    var learn = false

    @Option(name: .customLong("bays"), help: ArgumentHelp(
        "With --learn: how many bays, 1 to 255 (default: those in bays.json, else the dock's ports).", valueName: "N"))
    var bayCount: Int?

    /// Bay numbers and counts: a hub has at most 255 ports (its descriptor's port count is one byte).
    static let bayRange = 1...255

    func validate() throws {
        if let bayCount, !Self.bayRange.contains(bayCount) { throw ValidationError("--bays must be 1 to 255, not \(bayCount)") }
    }

    func run() throws {
        if learn { return try learnBays() }
        guard let bays = try BaysFile.load(options) else {
            Output.error("no bays configured: write \(BaysFile.url(options).path)")
            throw ExitCode.failure
        }
        let devices: [USBDevice]
        do { devices = try options.gateway.attachedDevices() } catch {
            Output.error("cannot list USB devices: \(error)")
            throw ExitCode.failure
        }
        let reports = options.gateway.bayViews(bays, devices: devices)
        if json { return try Output.json(reports) }
        for r in reports { Output.line(r.line) }
    }
}
