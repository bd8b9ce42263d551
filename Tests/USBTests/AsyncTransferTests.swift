import Foundation
import Testing
import USB
import USBEmulation

extension Emulated {
    /// Transfers submitted asynchronously and completed on the context's event thread.
    @Suite struct AsyncTransfers {
        let recorder = EmulatedEchoDevice(strings: [3: "A001234"], loopback: [0x02: 0x81])

        func withDock<T>(_ body: (EmulatedUSB, USBContext) async throws -> T) async throws -> T {
            try await Dock.withAsync(responders: ["1-1.2": recorder], body)
        }

        /// One kind of transfer, started on a handle.
        enum Kind: String, CaseIterable, Sendable {
            case bulkIn, interruptIn, controlIn, bulkOut, interruptOut, controlOut

            /// The endpoint the emulated recorder is told to misbehave on for this kind.
            var faultEndpoint: UInt8 {
                switch self {
                case .bulkIn, .interruptIn: 0x81
                case .bulkOut, .interruptOut: 0x02
                case .controlIn, .controlOut: 0
                }
            }

            var call: String {
                switch self {
                case .bulkIn, .bulkOut: "libusb_submit_transfer(bulk)"
                case .interruptIn, .interruptOut: "libusb_submit_transfer(interrupt)"
                case .controlIn, .controlOut: "libusb_submit_transfer(control)"
                }
            }

            func start(_ handle: borrowing USBDeviceHandle, timeout: Duration) async throws(USBError) {
                switch self {
                case .bulkIn: _ = try await handle.bulkIn(endpoint: 0x81, length: 64, timeout: timeout)
                case .interruptIn: _ = try await handle.interruptIn(endpoint: 0x81, length: 64, timeout: timeout)
                case .controlIn:
                    _ = try await handle.controlIn(requestType: 0xC0, request: 0x55, value: 0, index: 0, length: 4,
                                                   timeout: timeout)
                case .bulkOut: try await handle.bulkOut(endpoint: 0x02, data: [1], timeout: timeout)
                case .interruptOut: try await handle.interruptOut(endpoint: 0x02, data: [1], timeout: timeout)
                case .controlOut:
                    try await handle.controlOut(requestType: 0x41, request: 0x10, value: 1, index: 0, data: [1],
                                                timeout: timeout)
                }
            }
        }

        @Test func bulkAndControl() async throws {
            try await withDock { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try await handle.bulkOut(endpoint: 0x02, data: [1, 2, 3]) == 3)
                #expect(try await handle.bulkIn(endpoint: 0x81, length: 64) == [1, 2, 3])
                let raw = try await handle.controlIn(requestType: 0x80, request: 6, value: 0x0303, index: 0x0409, length: 255)
                let serial: [UInt8] = Array("A001234".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
                #expect(raw == [16, 3] + serial)
            }
        }

        @Test func interruptOutAndControlOut() async throws {
            try await withDock { _, context in
                let handle = try context.devices().at("1-1.2").open()
                #expect(try await handle.interruptOut(endpoint: 0x02, data: [9, 8, 7]) == 3)
                #expect(try await handle.interruptIn(endpoint: 0x81, length: 8) == [9, 8, 7])
                #expect(recorder.received.last?.endpoint == 0x02 && recorder.received.last?.data == [9, 8, 7])

                #expect(try await handle.controlOut(requestType: 0x41, request: 0x10, value: 0x1234, index: 2,
                                                    data: [0xAA, 0xBB]) == 2)
                #expect(recorder.controlRequests.last == SetupPacket(requestType: 0x41, request: 0x10, value: 0x1234,
                                                                     index: 2, length: 2))
                // Without data: the setup packet alone.
                #expect(try await handle.controlOut(requestType: 0x41, request: 0x11, value: 0, index: 0) == 0)
                #expect(recorder.controlRequests.last?.length == 0)
                // wLength is 16 bits: more data cannot be sent in one control transfer.
                await #expect(throws: USBError(.invalidParameter, call: "libusb_submit_transfer(control)")) {
                    try await handle.controlOut(requestType: 0x41, request: 0x10, value: 0, index: 0,
                                                data: [UInt8](repeating: 0, count: 65536))
                }
            }
        }

        @Test(arguments: Kind.allCases)
        func aStallIsAPipeError(_ kind: Kind) async throws {
            try await withDock { _, context in
                let handle = try context.devices().at("1-1.2").open()
                recorder.setFault(.stall, endpoint: kind.faultEndpoint)
                await #expect(throws: USBError(.pipe, call: kind.call)) { try await kind.start(handle, timeout: .seconds(60)) }
            }
        }

        @Test(arguments: Kind.allCases)
        func anUnansweredTransferTimesOut(_ kind: Kind) async throws {
            try await withDock { bed, context in
                let handle = try context.devices().at("1-1.2").open()
                recorder.setFault(.timeout, endpoint: kind.faultEndpoint)
                await #expect(throws: USBError(.timeout, call: kind.call)) { try await kind.start(handle, timeout: .milliseconds(50)) }
                // libusb discarded the URB: nothing is left pending in the device.
                #expect(await waitUntil { bed.pendingTransfers("1-1.2") == 0 })
                recorder.setFault(nil, endpoint: kind.faultEndpoint)
                #expect(try await handle.bulkOut(endpoint: 0x02, data: [5]) == 1)
                #expect(try await handle.bulkIn(endpoint: 0x81, length: 8) == [5])
            }
        }

        @Test(arguments: Kind.allCases)
        func cancellingTheTaskCancelsTheTransfer(_ kind: Kind) async throws {
            try await withDock { bed, context in
                let device = try context.devices().at("1-1.2")
                recorder.setFault(.timeout, endpoint: kind.faultEndpoint)
                let transfer = Task { () async -> USBError? in
                    do throws(USBError) {
                        let handle = try device.open()
                        // A minute: a transfer that ended by timing out would say .timeout, not .interrupted.
                        try await kind.start(handle, timeout: .seconds(60))
                        return nil
                    } catch { return error }
                }
                // Cancelled once the device holds the transfer, so the cancel reaches a submitted URB.
                #expect(await waitUntil { bed.pendingTransfers("1-1.2") > 0 })
                transfer.cancel()
                #expect(await transfer.value == USBError(.interrupted, call: kind.call))
                #expect(await waitUntil { bed.pendingTransfers("1-1.2") == 0 })
            }
        }

        @Test func cancelledBeforeItStartsIsNeverSubmitted() async throws {
            try await withDock { bed, context in
                let device = try context.devices().at("1-1.2")
                let transfer = Task { () async -> USBError? in
                    do throws(USBError) {
                        let handle = try device.open()
                        withUnsafeCurrentTask { $0?.cancel() }
                        try await Kind.bulkIn.start(handle, timeout: .seconds(60))
                        return nil
                    } catch { return error }
                }
                #expect(await transfer.value == USBError(.interrupted, call: "libusb_submit_transfer(bulk)"))
                #expect(bed.pendingTransfers("1-1.2") == 0)
                #expect(!recorder.received.contains { $0.endpoint == 0x81 })
            }
        }

        @Test func pulledOutDuringATransfer() async throws {
            try await withDock { bed, context in
                let handle = try context.devices().at("1-1.2").open()
                let pulled = Task {
                    let pending = await waitUntil { bed.pendingTransfers("1-1.2") > 0 }
                    try bed.unplug("1-1.2")
                    return pending
                }
                // Nothing queued: the read waits until the device goes; a timeout would say .timeout.
                await #expect(throws: USBError(.noDevice, call: "libusb_submit_transfer(bulk)")) {
                    try await handle.bulkIn(endpoint: 0x81, length: 64, timeout: .seconds(60))
                }
                #expect(try await pulled.value, "the device was pulled while the read was pending")
                let error = await #expect(throws: USBError.self) { try await handle.bulkOut(endpoint: 0x02, data: [1]) }
                #expect(error?.code == .noDevice)
            }
        }
    }
}
