import CLibUSB

/// An open device. Noncopyable: exactly one owner, and `libusb_close` runs when it goes away.
public struct USBDeviceHandle: ~Copyable {
    let pointer: OpaquePointer
    /// The device this handle opened (kept alive, and its context with it).
    public let device: USBDevice

    init(pointer: OpaquePointer, device: USBDevice) {
        self.pointer = pointer
        self.device = device
    }

    deinit { libusb_close(pointer) }

    /// Closes the device now.
    public consuming func close() {}

    public func claimInterface(_ number: UInt8) throws(USBError) {
        try USBError.check(libusb_claim_interface(pointer, Int32(number)), "libusb_claim_interface")
    }

    public func releaseInterface(_ number: UInt8) throws(USBError) {
        try USBError.check(libusb_release_interface(pointer, Int32(number)), "libusb_release_interface")
    }

    /// Whether a kernel driver is bound to the interface.
    public func isKernelDriverActive(interface number: UInt8) throws(USBError) -> Bool {
        try USBError.check(libusb_kernel_driver_active(pointer, Int32(number)), "libusb_kernel_driver_active") == 1
    }

    /// Unbinds the kernel driver from the interface; `.notFound` when none is bound.
    public func detachKernelDriver(interface number: UInt8) throws(USBError) {
        try USBError.check(libusb_detach_kernel_driver(pointer, Int32(number)), "libusb_detach_kernel_driver")
    }

    public func attachKernelDriver(interface number: UInt8) throws(USBError) {
        try USBError.check(libusb_attach_kernel_driver(pointer, Int32(number)), "libusb_attach_kernel_driver")
    }

    /// Let libusb detach the kernel driver on claim and reattach it on release.
    public func setAutoDetachKernelDriver(_ enabled: Bool) throws(USBError) {
        try USBError.check(libusb_set_auto_detach_kernel_driver(pointer, enabled ? 1 : 0),
                           "libusb_set_auto_detach_kernel_driver")
    }

    public func configuration() throws(USBError) -> Int32 {
        var value: Int32 = 0
        try USBError.check(libusb_get_configuration(pointer, &value), "libusb_get_configuration")
        return value
    }

    /// Clears an endpoint's halt (stall) condition and resets its data toggle (`libusb_clear_halt`): after a
    /// stall, every transfer on the endpoint fails until the host clears it.
    public func clearHalt(endpoint: UInt8) throws(USBError) {
        try USBError.check(libusb_clear_halt(pointer, endpoint), "libusb_clear_halt")
    }

    // MARK: Synchronous transfers

    /// A control transfer towards the host (bmRequestType bit 7 set); returns the bytes received.
    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16,
                          length: UInt16, timeout: Duration = .seconds(1)) throws(USBError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Int(length))
        let n = try buffer.withUnsafeMutableBufferPointer { (b) throws(USBError) -> Int32 in
            try USBError.check(
                libusb_control_transfer(pointer, requestType | 0x80, request, value, index, b.baseAddress, length,
                                        Self.milliseconds(timeout)), "libusb_control_transfer")
        }
        return Array(buffer.prefix(Int(n)))
    }

    /// A control transfer towards the device; returns the number of bytes sent.
    @discardableResult
    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16,
                           data: [UInt8] = [], timeout: Duration = .seconds(1)) throws(USBError) -> Int {
        var data = data
        return Int(try data.withUnsafeMutableBufferPointer { (b) throws(USBError) -> Int32 in
            try USBError.check(
                libusb_control_transfer(pointer, requestType & 0x7F, request, value, index, b.baseAddress,
                                        UInt16(b.count), Self.milliseconds(timeout)), "libusb_control_transfer")
        })
    }

    /// Reads up to `length` bytes from a bulk IN endpoint.
    public func bulkIn(endpoint: UInt8, length: Int, timeout: Duration = .seconds(1)) throws(USBError) -> [UInt8] {
        try transferIn(libusb_bulk_transfer, "libusb_bulk_transfer", endpoint: endpoint, length: length, timeout: timeout)
    }

    /// Writes to a bulk OUT endpoint; returns the number of bytes sent.
    @discardableResult
    public func bulkOut(endpoint: UInt8, data: [UInt8], timeout: Duration = .seconds(1)) throws(USBError) -> Int {
        try transferOut(libusb_bulk_transfer, "libusb_bulk_transfer", endpoint: endpoint, data: data, timeout: timeout)
    }

    /// Reads up to `length` bytes from an interrupt IN endpoint.
    public func interruptIn(endpoint: UInt8, length: Int, timeout: Duration = .seconds(1)) throws(USBError) -> [UInt8] {
        try transferIn(libusb_interrupt_transfer, "libusb_interrupt_transfer", endpoint: endpoint, length: length,
                       timeout: timeout)
    }

    /// Writes to an interrupt OUT endpoint; returns the number of bytes sent.
    @discardableResult
    public func interruptOut(endpoint: UInt8, data: [UInt8], timeout: Duration = .seconds(1)) throws(USBError) -> Int {
        try transferOut(libusb_interrupt_transfer, "libusb_interrupt_transfer", endpoint: endpoint, data: data,
                        timeout: timeout)
    }

    typealias Transfer = (OpaquePointer?, UInt8, UnsafeMutablePointer<UInt8>?, Int32, UnsafeMutablePointer<Int32>?,
                          UInt32) -> Int32

    private func transferIn(_ call: Transfer, _ name: String, endpoint: UInt8, length: Int,
                            timeout: Duration) throws(USBError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: length)
        var done: Int32 = 0
        let r = buffer.withUnsafeMutableBufferPointer {
            call(pointer, endpoint | 0x80, $0.baseAddress, Int32($0.count), &done, Self.milliseconds(timeout))
        }
        try USBError.check(r, name)
        return Array(buffer.prefix(Int(done)))
    }

    private func transferOut(_ call: Transfer, _ name: String, endpoint: UInt8, data: [UInt8],
                             timeout: Duration) throws(USBError) -> Int {
        var data = data
        var done: Int32 = 0
        let r = data.withUnsafeMutableBufferPointer {
            call(pointer, endpoint & 0x7F, $0.baseAddress, Int32($0.count), &done, Self.milliseconds(timeout))
        }
        try USBError.check(r, name)
        return Int(done)
    }

    static func milliseconds(_ d: Duration) -> UInt32 {
        let (s, atto) = d.components
        let ms = s * 1000 + atto / 1_000_000_000_000_000
        return UInt32(clamping: max(ms, 1))
    }

    // MARK: String descriptors

    /// The language IDs the device offers (string descriptor 0).
    public func languages(timeout: Duration = .seconds(1)) throws(USBError) -> [UInt16] {
        let raw = try controlIn(requestType: 0x80, request: 0x06, value: 0x0300, index: 0, length: 255, timeout: timeout)
        return Self.utf16Units(raw)
    }

    /// String descriptor `index` in `language` (default: the device's first language), decoded from UTF-16LE.
    public func stringDescriptor(_ index: UInt8, language: UInt16? = nil,
                                 timeout: Duration = .seconds(1)) throws(USBError) -> String {
        let lang: UInt16
        if let language { lang = language } else {
            guard let first = try languages(timeout: timeout).first else {
                throw USBError(.notFound, call: "libusb_get_string_descriptor")
            }
            lang = first
        }
        let raw = try controlIn(requestType: 0x80, request: 0x06, value: 0x0300 | UInt16(index), index: lang,
                                length: 255, timeout: timeout)
        return String(decoding: Self.utf16Units(raw), as: UTF16.self)
    }

    /// The UTF-16LE units of a string descriptor (bLength, bDescriptorType 3, then the units).
    static func utf16Units(_ raw: [UInt8]) -> [UInt16] {
        guard raw.count >= 2, raw[1] == 0x03 else { return [] }
        let end = min(Int(raw[0]), raw.count)
        return stride(from: 2, to: end - 1, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
    }
}
