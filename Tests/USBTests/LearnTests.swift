import Foundation
import HubDriver
import Synchronization
import Testing
import TestSupport
import USB
import USBEmulation

/// A context's hotplug arrivals as the learner takes them. `stop()` must be awaited before the context goes:
/// the hotplug stream holds it until then.
final class ArrivalFeed: Sendable {
    let stream: AsyncStream<BayLearner.Arrival>
    private let forward: Task<Void, Never>

    init(_ context: USBContext) throws {
        let hotplug = try context.hotplugEvents()
        let (stream, sink) = AsyncStream.makeStream(of: BayLearner.Arrival.self)
        self.stream = stream
        forward = Task {
            // However the hotplug stream ends (stopped, or the context gone), the learner's stream ends too,
            // so a learner waiting for an arrival returns instead of hanging the test.
            defer { sink.finish() }
            for await event in hotplug {
                if case .arrived(let device) = event { sink.yield(BayLearner.Arrival(device)) }
            }
        }
    }

    func stop() async {
        forward.cancel()
        await forward.value
    }
}

extension Emulated {
    /// Learning the bays from devices plugged into the emulated dock.
    @Suite struct Learning {
        let upper = EmulatedHub(portCount: 5)
        let lower = EmulatedHub(portCount: 4)
        var responders: [String: any USBResponder] { ["1-1": upper, "1-1.5": lower] }

        @Test func theLearnerFollowsRealArrivals() async throws {
            try await Dock.withAsync(responders: responders) { bed, context in
                let topology = DockTopology(devices: try context.devices())
                // The dock's bays: hub 1-1's ports 1–4 and hub 1-1.5's ports 1–4 (port 5 holds the hub).
                #expect(topology.bayPorts == ["1-1.1", "1-1.2", "1-1.3", "1-1.4", "1-1.5.1", "1-1.5.2", "1-1.5.3", "1-1.5.4"])
                let feed = try ArrivalFeed(context)
                let (lines, typed) = AsyncStream.makeStream(of: String.self)
                let said = Mutex<[String]>([])
                // The person: plugs a recorder into the port of each bay when asked, then types a label.
                let learner = BayLearner(existing: nil, bayCount: 3, companions: topology.companions)
                let outcome = await learner.learn(arrivals: feed.stream, lines: lines) { text in
                    said.withLock { $0.append(text) }
                    if let bay = ScriptedPerson.bay(in: text, after: "plug a device into bay ") {
                        if bay == 3 {
                            typed.yield("s")
                            return
                        }
                        do {
                            if bay == 1 { try bed.add(file: Dock.recorderBay1) } else {
                                try bed.add(records: try recorderRecord(at: "1-1.5.2", address: 7, serial: "A001237"))
                            }
                        } catch {
                            // No device will arrive: end the input so the learner returns and the test fails.
                            Issue.record(error)
                            typed.finish()
                        }
                    } else if let bay = ScriptedPerson.bay(in: text, after: "label for bay ") {
                        typed.yield(bay == 1 ? "Front" : "")
                    }
                }
                await feed.stop()
                #expect(outcome == .learned(BayConfiguration(bays: [
                    BayConfiguration.Bay(number: 1, label: "Front", portPath: "1-1.1"),
                    BayConfiguration.Bay(number: 2, portPath: "1-1.5.2"),
                ])))
                #expect(said.withLock { $0 }.contains("bay 1: 4255:0001 A001235 at 1-1.1"))
                #expect(said.withLock { $0 }.contains("bay 2: 4255:0001 A001237 at 1-1.5.2"))
            }
        }

        // MARK: The command, as a person runs it

        static let binary = Emulated.DevicesCommand.binary

        func home(_ bays: BayConfiguration?) throws -> TempDirectory {
            let home = try TempDirectory()
            try bays?.write(to: home.path("bays.json").path)
            return home
        }

        static let oldBays = BayConfiguration(bays: [BayConfiguration.Bay(number: 1, label: "Front", portPath: "1-1.3"),
                                                     BayConfiguration.Bay(number: 2, label: "Back", portPath: "1-1.4")])

        /// The child process inherits umockdev's preload and testbed, and its libusb hears the testbed's uevents:
        /// it sees the recorders arrive as they are added here.
        @Test func docksLearnWritesTheBays() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary))
            let home = try home(Self.oldBays)
            let output = try TempDirectory()
            try Dock.with(responders: responders) { bed, _ in
                let child = try SpawnedProcess(Self.binary, ["--home", home.url.path, "docks", "--learn"],
                                               outputFolder: output.url, standardInput: true)
                try #require(child.waitForOutput("plug a device into bay 1 (Front)..."), "\(child.stdout())\(child.stderr())")
                try bed.add(file: Dock.recorderBay1)
                try #require(child.waitForOutput("label for bay 1 [Front]"), "\(child.stdout())\(child.stderr())")
                try child.send("\n")
                try #require(child.waitForOutput("plug a device into bay 2 (Back)..."))
                try bed.add(records: try recorderRecord(at: "1-1.5.2", address: 7, serial: "A001237"))
                try #require(child.waitForOutput("label for bay 2 [Back]"))
                try child.send("Dock B\n")
                #expect(try child.wait(seconds: 30) == 0, "\(child.stderr())")
                #expect(child.stdout().contains("bay 1: 4255:0001 A001235 at 1-1.1"))
                #expect(child.stdout().contains("wrote \(home.path("bays.json").path): 2 bays"))
            }
            #expect(try BayConfiguration.load(from: home.path("bays.json").path) == BayConfiguration(bays: [
                BayConfiguration.Bay(number: 1, label: "Front", portPath: "1-1.1"),
                BayConfiguration.Bay(number: 2, label: "Dock B", portPath: "1-1.5.2"),
            ]))
        }

        @Test func withoutABaysFileTheDocksPortsAreCountedAndSkippedBaysLeftOut() throws {
            let home = try home(nil)
            let output = try TempDirectory()
            try Dock.with(responders: responders) { bed, _ in
                let child = try SpawnedProcess(Self.binary, ["--home", home.url.path, "docks", "--learn"],
                                               outputFolder: output.url, standardInput: true)
                try #require(child.waitForOutput("learning 8 bays"), "\(child.stdout())\(child.stderr())")
                for bay in 1...8 {
                    try #require(child.waitForOutput("plug a device into bay \(bay)..."))
                    if bay == 4 {
                        try bed.add(records: try recorderRecord(at: "1-1.4", address: 7, serial: "A001237"))
                        try #require(child.waitForOutput("label for bay 4 [none]"))
                        try child.send("Four\n")
                    } else {
                        try child.send("s\n")
                    }
                }
                #expect(try child.wait(seconds: 30) == 0, "\(child.stderr())")
            }
            #expect(try BayConfiguration.load(from: home.path("bays.json").path)
                    == BayConfiguration(bays: [BayConfiguration.Bay(number: 4, label: "Four", portPath: "1-1.4")]))
        }

        /// End of input and Ctrl-C both leave the old file as it was, byte for byte.
        @Test(arguments: [false, true])
        func cancellingLeavesTheFileIntact(interrupt: Bool) throws {
            let home = try home(Self.oldBays)
            let path = home.path("bays.json").path
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let output = try TempDirectory()
            try Dock.with(responders: responders) { bed, _ in
                let child = try SpawnedProcess(Self.binary, ["--home", home.url.path, "docks", "--learn"],
                                               outputFolder: output.url, standardInput: true)
                // Bay 1 is learned; then the person gives up at bay 2.
                try #require(child.waitForOutput("plug a device into bay 1 (Front)..."))
                try bed.add(file: Dock.recorderBay1)
                try #require(child.waitForOutput("label for bay 1"))
                try child.send("New\n")
                try #require(child.waitForOutput("plug a device into bay 2 (Back)..."))
                if interrupt { child.signal(SIGINT) } else { child.closeInput() }
                #expect(try child.wait(seconds: 30) == (interrupt ? 130 : 1))
                #expect(child.stderr().contains("cancelled: \(path) is unchanged"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.url.path) == ["bays.json"])
        }
    }
}
