import ArgumentParser
import HealthProbes
import Presentation

extension DevicesCommand {
    /// `devices --health`: every device the catalog knows, each probe's status and reason, and the
    /// worst of them. Read from the catalog only (no USB): a device need not be docked to be judged.
    /// Exit 1 when the home or its catalog cannot be read; the statuses do not change the exit code.
    func runHealth() throws {
        let reports: [DeviceHealth]
        do {
            reports = try options.gateway.deviceHealth()
        } catch {
            Output.error(error.description)
            throw ExitCode.failure
        }
        if json { return try Output.json(reports) }
        for line in DeviceHealth.lines(reports) { Output.line(line) }
    }
}
