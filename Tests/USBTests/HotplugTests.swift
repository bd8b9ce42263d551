import Foundation
import Testing
import TestSupport
import USB
import USBEmulation

extension Emulated {
    @Suite struct Hotplug {
        static let bay1 = PackageRoot.url.appendingPathComponent("fixtures/usb/recorder-bay1.umockdev").path

        enum Seen: Equatable { case arrived(String, String?), left(String) }

        @Test func arrivalsAndDeparturesAsAnAsyncSequence() async throws {
            #expect(USBContext.hasHotplug)
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            // The context lives in this closure; the testbed outlives it.
            let seen: [Seen] = try await { () async throws -> [Seen] in
                let context = try USBContext()
                let events = try context.hotplugEvents()
                // The collector says when it has taken the arrival (and read the serial from sysfs, which goes
                // with the device), so the device is pulled out only after that.
                let (taken, arrivalTaken) = AsyncStream.makeStream(of: Void.self)
                let collector = Task {
                    var seen: [Seen] = []
                    for await event in events {
                        switch event {
                        case .arrived(let d):
                            seen.append(.arrived(d.portPath, d.sysfsAttribute("serial")))
                            arrivalTaken.yield()
                        case .left(let d): seen.append(.left(d.portPath))
                        }
                        if seen.count == 2 { break }
                    }
                    arrivalTaken.finish()
                    return seen
                }
                let watchdog = Task {
                    try await Task.sleep(for: patience)
                    collector.cancel()
                }
                try bed.add(file: Self.bay1)
                for await _ in taken { break }
                try bed.unplug("1-1.1")
                let seen = await collector.value
                watchdog.cancel()
                return seen
            }()
            withExtendedLifetime(bed) {}
            #expect(seen == [.arrived("1-1.1", "A001235"), .left("1-1.1")])
        }

        @Test func enumerateReportsWhatIsAlreadyThere() async throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            let paths: [String] = try await { () async throws -> [String] in
                let context = try USBContext()
                let events = try context.hotplugEvents(enumerate: true)
                let collector = Task {
                    var paths: [String] = []
                    for await event in events {
                        if case .arrived(let d) = event { paths.append(d.portPath) }
                        if paths.count == 5 { break }
                    }
                    return paths
                }
                // A hang guard: fewer than five arrivals end the stream by cancellation, and the test fails on
                // the paths it got.
                let watchdog = Task {
                    try await Task.sleep(for: patience)
                    collector.cancel()
                }
                let paths = await collector.value
                watchdog.cancel()
                return paths
            }()
            withExtendedLifetime(bed) {}
            #expect(paths.sorted() == ["1-1", "1-1.2", "1-1.5", "1-1.5.3", "usb1"])
        }
    }
}
