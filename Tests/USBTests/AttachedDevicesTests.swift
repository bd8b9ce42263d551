import AllDrivers
import DeviceKit
import Foundation
import Testing
import TestSupport
import USB
import USBEmulation

extension Emulated {
    /// Hotplug reaching the driver registry: arrivals matched and entered by port path, departures removed.
    @Suite struct AttachedDevicesOnTheDock {
        /// Runs `body` in a task that a watchdog cancels if an awaited event never comes (a hang guard: the
        /// stream then ends and the test fails on its expectations, not on a time).
        func guarded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
            let work = Task { try await body() }
            let watchdog = Task {
                try await Task.sleep(for: patience)
                work.cancel()
            }
            defer { watchdog.cancel() }
            return try await work.value
        }

        struct Seen: Sendable {
            var arrival: AttachmentEvent?
            var whileAttached: AttachedDevice?
            var departure: AttachmentEvent?
            var afterwards: AttachedDevice?
            var others: [String]
        }

        @Test func aRecorderPluggedIntoBay1ArrivesMatchedAndLeaves() async throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            let seen = try await guarded { () async throws -> Seen in
                let context = try USBContext()
                let attached = AttachedDevices()
                var events = try attached.events(from: context, enumerate: false).makeAsyncIterator()
                try bed.add(file: Hotplug.bay1)
                let arrival = await events.next()
                let whileAttached = attached["1-1.1"]
                try bed.unplug("1-1.1")
                let departure = await events.next()
                return Seen(arrival: arrival, whileAttached: whileAttached, departure: departure,
                            afterwards: attached["1-1.1"], others: attached.all.map(\.portPath))
            }
            withExtendedLifetime(bed) {}

            guard case .arrived(let arrived) = try #require(seen.arrival) else {
                Issue.record("the first event is not an arrival")
                return
            }
            #expect(arrived.portPath == "1-1.1")
            #expect(arrived.candidate.serial == "A001235")
            #expect(arrived.candidate.vendorID == 0x4255 && arrived.candidate.productID == 0x0001)
            #expect(arrived.candidate.interfaces == [ClassCode(0xFF, 0, 0)])
            #expect(arrived.match.driverName == "ambarella")
            #expect(arrived.match.model?.name == "Ambarella recorder (unbranded)")
            #expect(arrived.match.kind == .recorder && arrived.match.score == .exactModel)
            #expect(seen.whileAttached?.candidate.serial == "A001235")

            guard case .left(let left) = try #require(seen.departure) else {
                Issue.record("the second event is not a departure")
                return
            }
            // The departure reports the device as it arrived (sysfs is gone by then).
            #expect(left.portPath == "1-1.1" && left.candidate.serial == "A001235" && left.match.driverName == "ambarella")
            #expect(seen.afterwards == nil)
            // Without enumeration, only what arrived while monitoring was ever in the table.
            #expect(seen.others.isEmpty)
        }

        @Test func enumerationMatchesWhatIsAlreadyThere() async throws {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture)
            let table = try await guarded { () async throws -> [(String, String?, String?)] in
                let context = try USBContext()
                let attached = AttachedDevices()
                var events = try attached.events(from: context, enumerate: true).makeAsyncIterator()
                for _ in 0..<5 { _ = await events.next() }
                return attached.all.map { ($0.portPath, $0.match.driverName, $0.match.model?.name) }
            }
            withExtendedLifetime(bed) {}
            #expect(table.map(\.0) == ["usb1", "1-1", "1-1.2", "1-1.5", "1-1.5.3"])
            #expect(table.map(\.1) == ["hub", "hub", "ambarella", "hub", "ptp"])
            #expect(table[4].2 == "Canon PowerShot SX200 IS")
        }
    }

    /// Candidates made from emulated libusb devices, without opening them.
    @Suite struct CandidatesFromUSB {
        @Test func descriptorsBecomeCandidates() throws {
            // Both models stall every request: nothing below may open the devices.
            try Dock.with(responders: ["1-1.2": StallingDevice(), "1-1.5.3": StallingDevice()]) { _, context in
                let devices = try context.devices()
                let recorder = DeviceCandidate(try devices.at("1-1.2"), openForStrings: false)
                #expect(recorder == DeviceCandidate(
                    vendorID: 0x4255, productID: 0x0001, deviceVersion: 0x0100, deviceClass: ClassCode(0, 0, 0),
                    interfaces: [ClassCode(0xFF, 0, 0)], manufacturer: "Ambarella", product: "DSJ-A8 Recorder",
                    serial: "A001234", portPath: "1-1.2"))
                let camera = DeviceCandidate(try devices.at("1-1.5.3"), openForStrings: false)
                #expect(camera.interfaces == [ClassCode(0x06, 1, 1)])
                #expect(camera.serial == nil && camera.manufacturer == nil)
                let hub = DeviceCandidate(try devices.at("1-1.5"))
                #expect(hub.deviceClass.base == 0x09 && hub.interfaces == [ClassCode(0x09, 0, 0)])
                #expect(hub.product == "USB2.1 Hub")
                #expect(DeviceCandidate(try devices.at("usb1")).portPath == "usb1")
            }
        }
    }
}
