import USB

/// Learns which port each bay is by asking a person to plug a device into each bay in turn.
///
/// For bay 1, 2, … it says "plug a device into bay N (label)...", waits for a device that is not a hub to
/// arrive, takes the port it arrived at as the bay's port path, and asks for a label (an empty answer keeps the
/// bay's label, `-` removes it). While it waits for a device, `s` skips the bay (its old entry stays as it was)
/// and `q` cancels. The end of input (EOF, or Ctrl-C, which the command turns into the end of input) cancels:
/// nothing is learned and the caller leaves the old file alone.
public struct BayLearner: Sendable {
    /// A device that arrived.
    public struct Arrival: Sendable, Hashable {
        public var portPath: String
        public var isHub: Bool
        /// How the device is named to the person (`4255:0001 A001235`).
        public var summary: String

        public init(portPath: String, isHub: Bool, summary: String) {
            self.portPath = portPath
            self.isHub = isHub
            self.summary = summary
        }

        /// A hotplug arrival; the serial comes from sysfs, so the device is not opened.
        public init(_ device: USBDevice) {
            self.init(portPath: device.portPath, isHub: device.isHub,
                      summary: [device.idString, device.sysfsAttribute("serial")].compactMap { $0 }.joined(separator: " "))
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// The whole configuration: bays learned now, and the other bays of the old one as they were.
        case learned(BayConfiguration)
        case cancelled
    }

    /// The configuration being replaced (labels are kept from it).
    public var existing: BayConfiguration?
    /// Bays 1 through `bayCount` are learned.
    public var bayCount: Int
    /// Port path → the same port on the other half of a USB 3 hub (``DockTopology/companions``), so a port is
    /// one bay whichever half a device arrives on.
    public var companions: [String: String]

    public init(existing: BayConfiguration?, bayCount: Int, companions: [String: String] = [:]) {
        self.existing = existing
        self.bayCount = bayCount
        self.companions = companions
    }

    enum Event: Sendable {
        case arrival(Arrival)
        case line(String)
        case endOfInput
    }

    /// Runs the dialogue. `arrivals` are devices as they arrive; `lines` are the person's answers, and their end
    /// is the end of input; `say` shows a line to the person. Cancelling the task cancels the dialogue.
    public func learn(arrivals: AsyncStream<Arrival>, lines: AsyncStream<String>,
                      say: @escaping @Sendable (String) -> Void) async -> Outcome {
        // One stream of both, in the order they happen.
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let forwardArrivals = Task {
            for await arrival in arrivals { sink.yield(.arrival(arrival)) }
        }
        let forwardLines = Task {
            for await line in lines { sink.yield(.line(line)) }
            sink.yield(.endOfInput)
        }
        defer {
            forwardArrivals.cancel()
            forwardLines.cancel()
            sink.finish()
        }
        var session = Session(learner: self, say: say)
        var iterator = events.makeAsyncIterator()
        for number in stride(from: 1, through: bayCount, by: 1) {
            guard let step = await session.learnBay(number, from: &iterator) else { return .cancelled }
            if case .skipped = step { say("bay \(number) skipped") }
        }
        return .learned(session.configuration())
    }

    /// What the dialogue has learned so far.
    struct Session {
        enum Step { case learned, skipped }

        let learner: BayLearner
        let say: @Sendable (String) -> Void
        var bays: [Int: BayConfiguration.Bay]
        /// Port path → bay, for the bays learned in this dialogue.
        var taken: [String: Int] = [:]
        /// Devices that arrived while a label was asked: the next bay's device may be among them.
        var early: [Arrival] = []

        init(learner: BayLearner, say: @escaping @Sendable (String) -> Void) {
            self.learner = learner
            self.say = say
            bays = Dictionary((learner.existing?.bays ?? []).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// Learns one bay; nil when the person cancelled.
        mutating func learnBay(_ number: Int, from events: inout AsyncStream<Event>.Iterator) async -> Step? {
            let old = bays[number]
            say("plug a device into bay \(number)\(old?.label.map { " (\($0))" } ?? "")... (s: skip, q: quit)")
            var found: Arrival?
            while found == nil {
                let event: Event
                if !early.isEmpty { event = .arrival(early.removeFirst()) } else {
                    guard let next = await events.next() else { return nil }
                    event = next
                }
                switch event {
                case .endOfInput: return nil
                case .line(let text):
                    switch text.trimmingWhitespace.lowercased() {
                    case "s", "skip": return .skipped
                    case "q", "quit": return nil
                    default: say("waiting for a device in bay \(number) (s: skip, q: quit)")
                    }
                case .arrival(let arrival):
                    guard !arrival.isHub else { continue }
                    if let other = taken[arrival.portPath] ?? learner.companions[arrival.portPath].flatMap({ taken[$0] }) {
                        say("\(arrival.summary) arrived at \(arrival.portPath), which is bay \(other); waiting for bay \(number)")
                        continue
                    }
                    found = arrival
                }
            }
            let arrival = found!
            say("bay \(number): \(arrival.summary) at \(arrival.portPath)")
            say("label for bay \(number) [\(old?.label ?? "none")] (Enter keeps it, - removes it):")
            var answer: String?
            while answer == nil {
                guard let event = await events.next() else { return nil }
                switch event {
                case .endOfInput: return nil
                case .arrival(let early): self.early.append(early)
                case .line(let text): answer = text.trimmingWhitespace
                }
            }
            let label: String? = switch answer! {
            case "": old?.label
            case "-": nil
            default: answer
            }
            bays[number] = BayConfiguration.Bay(number: number, label: label, portPath: arrival.portPath)
            taken[arrival.portPath] = number
            return .learned
        }

        /// The learned bays and the old bays not learned again; an old bay whose port was just learned for
        /// another bay is dropped (two bays cannot be one port).
        func configuration() -> BayConfiguration {
            let kept = bays.values.filter { bay in
                guard let owner = taken[bay.portPath] ?? learner.companions[bay.portPath].flatMap({ taken[$0] })
                else { return true }
                return owner == bay.number
            }
            return BayConfiguration(bays: kept.sorted { $0.number < $1.number })
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
