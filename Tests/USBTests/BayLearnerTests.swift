import Foundation
import HubDriver
import Synchronization
import Testing
import TestSupport
import USB
import USBEmulation

/// A person following the learner's prompts from a script: what to do when asked for each bay.
final class ScriptedPerson: Sendable {
    enum Action: Sendable {
        /// These devices arrive (in order), then the label is typed.
        case plug([BayLearner.Arrival], label: String)
        /// A device arrives, and another one too before the label is typed.
        case plugWithEarly(BayLearner.Arrival, early: BayLearner.Arrival, label: String)
        /// The device is already there (it arrived early): only the label is typed.
        case label(String)
        case skip, quit
        /// The input ends when asked to plug.
        case endOfInput
        /// A device arrives, then the input ends instead of a label.
        case plugThenEndOfInput(BayLearner.Arrival)
        /// Nothing at all: no device, no line (the learner waits until its task is cancelled).
        case silent
    }

    let arrivals: AsyncStream<BayLearner.Arrival>
    let lines: AsyncStream<String>
    private let arrivalSink: AsyncStream<BayLearner.Arrival>.Continuation
    private let lineSink: AsyncStream<String>.Continuation
    private let script: [Int: Action]
    private let heard = Mutex<[String]>([])

    init(_ script: [Int: Action]) {
        (arrivals, arrivalSink) = AsyncStream.makeStream(of: BayLearner.Arrival.self)
        (lines, lineSink) = AsyncStream.makeStream(of: String.self)
        self.script = script
    }

    var said: [String] { heard.withLock { $0 } }

    static func device(_ path: String, hub: Bool = false) -> BayLearner.Arrival {
        BayLearner.Arrival(portPath: path, isHub: hub, summary: hub ? "hub" : "recorder")
    }

    /// The learner's `say`: answers the prompts as the script says.
    func hear(_ text: String) {
        heard.withLock { $0.append(text) }
        if let bay = Self.bay(in: text, after: "plug a device into bay ") {
            switch script[bay] {
            case .plug(let devices, _): devices.forEach { arrivalSink.yield($0) }
            case .plugWithEarly(let device, let early, _):
                arrivalSink.yield(device)
                arrivalSink.yield(early)
            case .plugThenEndOfInput(let device): arrivalSink.yield(device)
            case .skip: lineSink.yield("s")
            case .quit: lineSink.yield("q")
            case .endOfInput: lineSink.finish()
            case .label, .silent: break
            case nil:
                // The script has nothing for this bay: end the input, so the learner returns and the test's
                // expectations fail instead of the learner waiting forever.
                lineSink.finish()
            }
        } else if let bay = Self.bay(in: text, after: "label for bay ") {
            switch script[bay] {
            case .plug(_, let label), .plugWithEarly(_, _, let label), .label(let label): lineSink.yield(label)
            case .plugThenEndOfInput: lineSink.finish()
            default:
                // A label asked for a bay the script skips or quits: no label will come, end the input.
                lineSink.finish()
            }
        }
    }

    static func bay(in text: String, after prefix: String) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        return Int(text.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    func learn(_ learner: BayLearner) async -> BayLearner.Outcome {
        await learner.learn(arrivals: arrivals, lines: lines, say: { [self] in hear($0) })
    }
}

@Suite struct BayLearning {
    typealias Bay = BayConfiguration.Bay
    static let old = BayConfiguration(bays: [Bay(number: 1, label: "A1", portPath: "1-1.9"),
                                             Bay(number: 2, label: "A2", portPath: "1-1.8"),
                                             Bay(number: 3, label: "A3", portPath: "1-1.7")])

    @Test func learnsEachBayInTurnKeepingLabelsAndSkippedBays() async {
        let person = ScriptedPerson([1: .plug([ScriptedPerson.device("1-1.1")], label: ""),
                                     2: .skip,
                                     3: .plug([ScriptedPerson.device("1-1.3")], label: "Rear")])
        let outcome = await person.learn(BayLearner(existing: Self.old, bayCount: 3))
        #expect(outcome == .learned(BayConfiguration(bays: [Bay(number: 1, label: "A1", portPath: "1-1.1"),
                                                             Bay(number: 2, label: "A2", portPath: "1-1.8"),
                                                             Bay(number: 3, label: "Rear", portPath: "1-1.3")])))
        #expect(person.said.contains("plug a device into bay 1 (A1)... (s: skip, q: quit)"))
        #expect(person.said.contains("bay 2 skipped"))
        #expect(person.said.contains("bay 3: recorder at 1-1.3"))
    }

    @Test func aDashRemovesTheLabelAndNewBaysMayHaveNone() async {
        let person = ScriptedPerson([1: .plug([ScriptedPerson.device("1-1.1")], label: "-"),
                                     2: .plug([ScriptedPerson.device("1-1.2")], label: "")])
        let outcome = await person.learn(BayLearner(existing: BayConfiguration(bays: [Self.old.bays[0]]), bayCount: 2))
        #expect(outcome == .learned(BayConfiguration(bays: [Bay(number: 1, portPath: "1-1.1"), Bay(number: 2, portPath: "1-1.2")])))
    }

    @Test func hubsAndPortsAlreadyLearnedAreNotABay() async {
        let person = ScriptedPerson([
            1: .plug([ScriptedPerson.device("1-1.1")], label: "one"),
            2: .plug([ScriptedPerson.device("1-1.5", hub: true), ScriptedPerson.device("1-1.1"),
                      ScriptedPerson.device("2-1.1"), ScriptedPerson.device("1-1.2")], label: "two"),
        ])
        let learner = BayLearner(existing: nil, bayCount: 2, companions: ["1-1.1": "2-1.1", "2-1.1": "1-1.1"])
        let outcome = await person.learn(learner)
        #expect(outcome == .learned(BayConfiguration(bays: [Bay(number: 1, label: "one", portPath: "1-1.1"),
                                                             Bay(number: 2, label: "two", portPath: "1-1.2")])))
        #expect(person.said.contains("recorder arrived at 1-1.1, which is bay 1; waiting for bay 2"))
        #expect(person.said.contains("recorder arrived at 2-1.1, which is bay 1; waiting for bay 2"))
    }

    @Test func aDevicePluggedBeforeTheLabelIsTheNextBays() async {
        let person = ScriptedPerson([
            1: .plugWithEarly(ScriptedPerson.device("1-1.1"), early: ScriptedPerson.device("1-1.2"), label: "one"),
            2: .label("two"),
        ])
        let outcome = await person.learn(BayLearner(existing: nil, bayCount: 2))
        #expect(outcome == .learned(BayConfiguration(bays: [Bay(number: 1, label: "one", portPath: "1-1.1"),
                                                             Bay(number: 2, label: "two", portPath: "1-1.2")])))
    }

    @Test func anOldBayOnALearnedPortIsDropped() async {
        let person = ScriptedPerson([1: .plug([ScriptedPerson.device("1-1.8")], label: "")])
        let outcome = await person.learn(BayLearner(existing: Self.old, bayCount: 1))
        // Bay 2 was 1-1.8, which is bay 1 now; bay 3 was not touched.
        #expect(outcome == .learned(BayConfiguration(bays: [Bay(number: 1, label: "A1", portPath: "1-1.8"),
                                                             Bay(number: 3, label: "A3", portPath: "1-1.7")])))
    }

    @Test(arguments: [ScriptedPerson.Action.quit, .endOfInput, .plugThenEndOfInput(ScriptedPerson.device("1-1.2"))])
    func quittingOrTheEndOfInputCancels(_ second: ScriptedPerson.Action) async {
        let person = ScriptedPerson([1: .plug([ScriptedPerson.device("1-1.1")], label: "x"), 2: second])
        #expect(await person.learn(BayLearner(existing: Self.old, bayCount: 3)) == .cancelled)
    }

    /// A script with nothing for a bay ends the input: the learner returns (and a test expecting more fails)
    /// instead of waiting forever for a device or a line that will never come.
    @Test(.timeLimit(.minutes(10))) func aScriptThatRunsOutEndsTheInput() async {
        let person = ScriptedPerson([1: .plug([ScriptedPerson.device("1-1.1")], label: "x")])
        #expect(await person.learn(BayLearner(existing: nil, bayCount: 2)) == .cancelled)
        #expect(person.said.contains { $0.hasPrefix("plug a device into bay 2") }, "\(person.said)")
    }

    @Test func cancellingTheTaskCancels() async {
        let person = ScriptedPerson([1: .silent])  // never plugs anything
        let task = Task { await person.learn(BayLearner(existing: nil, bayCount: 1)) }
        task.cancel()
        #expect(await task.value == .cancelled)
    }
}

@Suite struct BaysFileWriting {
    @Test func theFileIsReplacedWholeAndNothingIsLeftBehind() throws {
        let folder = try TempDirectory()
        let path = folder.path("bays.json").path
        try BayLearning.old.write(to: path)
        #expect(try BayConfiguration.load(from: path) == BayLearning.old)
        let new = BayConfiguration(bays: [BayConfiguration.Bay(number: 2, portPath: "1-1.2"),
                                          BayConfiguration.Bay(number: 1, label: "A/1", portPath: "1-1.1")])
        try new.write(to: path)
        // Written in bay order, keys sorted, slashes as they are.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            {
              "bays" : [
                {
                  "bay" : 1,
                  "label" : "A/1",
                  "port_path" : "1-1.1"
                },
                {
                  "bay" : 2,
                  "port_path" : "1-1.2"
                }
              ]
            }

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["bays.json"])
        #expect(try BayConfiguration.load(from: folder.path("none.json").path) == nil)
    }

    @Test func aFolderThatIsNotThereIsNamedInTheError() throws {
        let folder = try TempDirectory()
        let path = folder.path("missing/bays.json").path
        let error = try #require(throws: FileError.self) { try BayLearning.old.write(to: path) }
        #expect(error.operation == "create" && error.errno == ENOENT && error.path.hasPrefix(path + "."))
    }
}
