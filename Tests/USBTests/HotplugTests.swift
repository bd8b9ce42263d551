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
                let collector = Task {
                    var seen: [Seen] = []
                    for await event in events {
                        switch event {
                        case .arrived(let d): seen.append(.arrived(d.portPath, d.sysfsAttribute("serial")))
                        case .left(let d): seen.append(.left(d.portPath))
                        }
                        if seen.count == 2 { break }
                    }
                    return seen
                }
                let watchdog = Task {
                    try await Task.sleep(for: .seconds(5))
                    collector.cancel()
                }
                try bed.add(file: Self.bay1)
                for _ in 0..<200 where try !context.devices().contains(where: { $0.portPath == "1-1.1" }) {
                    try await Task.sleep(for: .milliseconds(10))
                }
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
                var paths: [String] = []
                for await event in try context.hotplugEvents(enumerate: true) {
                    if case .arrived(let d) = event { paths.append(d.portPath) }
                    if paths.count == 5 { break }
                }
                return paths
            }()
            withExtendedLifetime(bed) {}
            #expect(paths.sorted() == ["1-1", "1-1.2", "1-1.5", "1-1.5.3", "usb1"])
        }
    }
}
