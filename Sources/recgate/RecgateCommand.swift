import ArgumentParser
import Media
import USB

struct RecgateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recgate",
        abstract: "Recorder-device integration gateway: offload, verify and keep law-enforcement recordings.",
        version: "recgate 0.1 (libusb \(USBLibrary.version), libavformat \(MediaLibrary.formatVersion))",
        subcommands: [
            OffloadCommand.self, VerifyCommand.self, AuditCommand.self, ProbeCommand.self, ProxyCommand.self,
            SheetCommand.self, FaststartCommand.self, RecoverCommand.self, DeriveCommand.self, DevicesCommand.self, DocksCommand.self, DockCommand.self,
            CaseCommand.self, CustodyCommand.self, ClockCommand.self, CameraCommand.self,
            UdevRulesCommand.self, ServeCommand.self, StatusCommand.self, UserCommand.self, ClipsCommand.self, ClipCommand.self,
        ])
}
