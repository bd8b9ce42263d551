import ArgumentParser
import Dispatch
import Foundation
import HubDriver
import Synchronization
import USB

extension DocksCommand {
    /// `recgate docks --learn`: the dialogue of ``BayLearner`` on hotplug arrivals and standard input; the bays
    /// file is replaced only when every bay was answered (learned or skipped).
    func learnBays() throws {
        let path = BaysFile.url(options).path
        let existing: BayConfiguration?
        do { existing = try BaysFile.load(options) } catch {
            Output.error("cannot read \(path): \(error)")
            throw ExitCode.failure
        }
        guard USBContext.hasHotplug else {
            Output.error("this libusb cannot report arriving devices: bays cannot be learned")
            throw ExitCode.failure
        }
        let context: USBContext
        let topology: DockTopology
        let hotplug: AsyncStream<USBHotplugEvent>
        do {
            context = try USBContext()
            topology = DockTopology(devices: try context.devices())
            // Listening starts before the first question, so no device plugged after it is missed.
            hotplug = try context.hotplugEvents()
        } catch {
            Output.error("cannot watch USB devices: \(error)")
            throw ExitCode.failure
        }
        let count = bayCount ?? existing?.bays.map(\.number).max() ?? topology.bayPorts.count
        guard count > 0 else {
            Output.error("no dock to learn: attach it, or give --bays N")
            throw ExitCode.failure
        }
        let arrivals = AsyncStream<BayLearner.Arrival> { continuation in
            let forward = Task {
                for await event in hotplug {
                    if case .arrived(let device) = event { continuation.yield(BayLearner.Arrival(device)) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in forward.cancel() }
        }
        let input = StandardInputLines()
        let learner = BayLearner(existing: existing, bayCount: count, companions: topology.companions)
        Output.line("learning \(count) bays into \(path); Ctrl-C or end of input cancels and keeps the file as it is")
        let outcome = blocking { await learner.learn(arrivals: arrivals, lines: input.lines, say: Output.line) }
        withExtendedLifetime(context) {}
        guard case .learned(let configuration) = outcome else {
            Output.error("cancelled: \(path) is unchanged")
            throw input.interrupted ? ExitCode(130) : ExitCode.failure
        }
        do { try configuration.write(to: path) } catch {
            Output.error("\(error)")
            throw ExitCode.failure
        }
        Output.line("wrote \(path): \(configuration.bays.count) bays")
    }
}

/// Runs async work from a synchronous command: the calling thread waits while the work runs on the
/// cooperative pool (which never needs the calling thread).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}

/// Standard input as a stream of lines, ending at end of input or at Ctrl-C (which then does not kill the
/// process, so the command can say that nothing was written).
///
/// `@unchecked Sendable`: `lines` and `signals` are set in `init` and never changed; `wasInterrupted` is
/// behind a mutex.
final class StandardInputLines: @unchecked Sendable {
    let lines: AsyncStream<String>
    private let signals: any DispatchSourceSignal
    private let wasInterrupted = Mutex(false)

    init() {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        signal(SIGINT, SIG_IGN)
        signals = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signals.setEventHandler { [weak self] in
            self?.wasInterrupted.withLock { $0 = true }
            continuation.finish()
        }
        signals.resume()
        // A blocking read needs a thread of its own; at exit it is simply abandoned.
        Thread.detachNewThread {
            while let line = readLine(strippingNewline: true) { continuation.yield(line) }
            continuation.finish()
        }
    }

    var interrupted: Bool { wasInterrupted.withLock { $0 } }
}
