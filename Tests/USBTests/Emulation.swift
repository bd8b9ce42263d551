import Foundation
import Synchronization
import Testing
import TestSupport
import USB
import USBEmulation

/// All tests on emulated devices: one umockdev testbed per process at a time, so they run one by one.
@Suite(.serialized) struct Emulated {}

/// The dock fixture: two chained hubs (1-1 with five ports, 1-1.5 with four), a recorder in 1-1.2 and a
/// camera in 1-1.5.3.
enum Dock {
    static let fixture = PackageRoot.url.appendingPathComponent("fixtures/usb/dock.umockdev").path
    static let recorderBay1 = PackageRoot.url.appendingPathComponent("fixtures/usb/recorder-bay1.umockdev").path

    /// The sysfs folders above a device at `portPath` on bus 1: `1-1.5.3` sits in `1-1/1-1.5/`.
    static func sysfsParents(of portPath: String) -> String { UmockdevRecord.sysfsParents(of: portPath) }

    /// Runs `body` with the dock emulated and a libusb context that sees it; the context goes first.
    static func with<T>(responders: [String: any USBResponder] = [:],
                        _ body: (EmulatedUSB, USBContext) throws -> T) throws -> T {
        let bed = try EmulatedUSB()
        try bed.add(file: fixture, responders: responders)
        return try withExtendedLifetime(bed) {
            let context = try USBContext()
            return try withExtendedLifetime(context) { try body(bed, context) }
        }
    }
}

extension Array where Element == USBDevice {
    func at(_ path: String) throws -> USBDevice {
        try #require(first { $0.portPath == path }, "no device at \(path) in \(map(\.portPath))")
    }
}

/// How long a test waits for a fact before it gives up. Generous: with the whole suite running on two cores,
/// other tests can hold the threads for many seconds; the bound only keeps a broken run from hanging.
let patience = Duration.seconds(60)

/// Waits until `condition` holds and says whether it did. libusb learns of arrivals and departures on its
/// own thread, so a test waits for the fact.
func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + patience
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return try condition()
}

/// `eventually` for async tests: it sleeps without holding a thread of the cooperative pool, which the
/// tasks being waited for may need.
func waitUntil(_ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + patience
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// Pulls `name` out on another thread as soon as the emulator holds a transfer of it, so the pull lands during
/// the transfer however the threads are scheduled. The returned function waits for the pull and says whether
/// a transfer was pending when it happened.
func pullDuringTransfer(_ bed: EmulatedUSB, _ name: String) -> () -> Bool {
    let done = DispatchSemaphore(value: 0)
    let pending = Mutex(false)
    Thread {
        let found = eventually { bed.pendingTransfers(name) > 0 }
        pending.withLock { $0 = found }
        try? bed.unplug(name)
        done.signal()
    }.start()
    return {
        done.wait()
        return pending.withLock { $0 }
    }
}

/// A recorder record like `recorder-bay1.umockdev`, placed at another port path of the dock (bus 1).
func recorderRecord(at portPath: String, address: Int, serial: String) throws -> String {
    let template = try String(contentsOfFile: Dock.recorderBay1, encoding: .utf8)
    let devnum = String(format: "%03d", address)
    return template
        .replacingOccurrences(of: "/1-1/1-1.1", with: "/" + Dock.sysfsParents(of: portPath) + portPath)
        .replacingOccurrences(of: "001/006", with: "001/\(devnum)")
        .replacingOccurrences(of: "DEVNUM=006", with: "DEVNUM=\(devnum)")
        .replacingOccurrences(of: "devnum=6", with: "devnum=\(address)")
        .replacingOccurrences(of: "A001235", with: serial)
}

extension Dock {
    /// `with` for async bodies (hotplug streams, async transfers): the testbed is made first and outlives the
    /// context, which the body gets and must not keep.
    static func withAsync<T>(fixture: String = Dock.fixture, responders: [String: any USBResponder] = [:],
                             portDisable: Bool = true,
                             _ body: (EmulatedUSB, USBContext) async throws -> T) async throws -> T {
        let bed = try EmulatedUSB()
        try bed.add(file: fixture, responders: responders, portDisable: portDisable)
        let result = try await { () async throws -> T in try await body(bed, try USBContext()) }()
        withExtendedLifetime(bed) {}
        return result
    }
}

/// The arrivals and departures a context reports, collected as they come. `stop()` must be awaited before the
/// context goes: the hotplug stream holds it until then.
final class HotplugLog: Sendable {
    enum Entry: Hashable, Sendable { case arrived(String), left(String) }

    private let entries = Mutex<[Entry]>([])
    private let collector = Mutex<Task<Void, Never>?>(nil)

    init(_ context: USBContext) throws {
        let events = try context.hotplugEvents()
        let task = Task { [weak self] in
            for await event in events {
                switch event {
                case .arrived(let device): self?.entries.withLock { $0.append(.arrived(device.portPath)) }
                case .left(let device): self?.entries.withLock { $0.append(.left(device.portPath)) }
                }
            }
        }
        collector.withLock { $0 = task }
    }

    var seen: [Entry] { entries.withLock { $0 } }

    /// Waits until `expected` were seen in this order (other entries may come between) and says whether they were.
    func wait(for expected: [Entry]) async -> Bool {
        await waitUntil {
            var rest = expected[...]
            for entry in self.seen where entry == rest.first { rest = rest.dropFirst() }
            return rest.isEmpty
        }
    }

    func stop() async {
        let task = collector.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}
