import ArgumentParser

/// `recgate camera …`: PTP cameras docked at a port.
struct CameraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera", abstract: "PTP cameras: device info, clock.",
        subcommands: [CameraInfoCommand.self, CameraClockCommand.self])
}
