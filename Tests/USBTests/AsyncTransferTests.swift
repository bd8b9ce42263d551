import Foundation
import Testing
import USB
import USBEmulation

extension Emulated {
    /// Transfers submitted asynchronously and completed on the context's event thread.
    @Suite struct AsyncTransfers {
        let recorder = EmulatedEchoDevice(strings: [3: "A001234"], loopback: [0x02: 0x81])

        /// Like `Dock.with`, for async bodies: the context is made and dropped inside, the testbed outlives it.
        func withDock<T>(_ body: (EmulatedUSB, USBContext) async throws -> T) async throws -> T {
            let bed = try EmulatedUSB()
            try bed.add(file: Dock.fixture, responders: ["1-1.2": recorder])
            let result = try await { () async throws -> T in try await body(bed, try USBContext()) }()
            withExtendedLifetime(bed) {}
            return result
        }

        @Test func bulkAndControl() async throws {
            try await withDock { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try await handle.bulkOut(endpoint: 0x02, data: [1, 2, 3]) == 3)
                #expect(try await handle.bulkIn(endpoint: 0x81, length: 64) == [1, 2, 3])
                let raw = try await handle.controlIn(requestType: 0x80, request: 6, value: 0x0303, index: 0x0409, length: 255)
                #expect(raw == [16, 3] + Array("A001234".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            }
        }

        @Test func stallAndTimeout() async throws {
            try await withDock { _, context in
                let handle = try context.devices().at("1-1.2").open()
                await #expect(throws: USBError(.timeout, call: "libusb_submit_transfer(bulk)")) {
                    try await handle.bulkIn(endpoint: 0x81, length: 64, timeout: .milliseconds(50))
                }
                recorder.setFault(.stall, endpoint: 0x81)
                await #expect(throws: USBError(.pipe, call: "libusb_submit_transfer(bulk)")) {
                    try await handle.bulkIn(endpoint: 0x81, length: 64)
                }
            }
        }

        @Test func cancellingTheTaskCancelsTheTransfer() async throws {
            try await withDock { _, context in
                let device = try context.devices().at("1-1.2")
                let reader = Task { () async throws(USBError) -> [UInt8] in
                    let handle = try device.open()
                    return try await handle.bulkIn(endpoint: 0x81, length: 64, timeout: .seconds(10))
                }
                try await Task.sleep(for: .milliseconds(100))
                let clock = ContinuousClock()
                let start = clock.now
                reader.cancel()
                let result = await reader.result
                #expect(clock.now - start < .seconds(2))
                #expect(throws: USBError(.interrupted, call: "libusb_submit_transfer(bulk)")) { try result.get() }
            }
        }
    }
}
