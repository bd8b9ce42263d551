import CLibUSB
import Synchronization

/// Owns one `libusb_context`; `libusb_exit` runs when the last reference goes away.
///
/// Devices and handles keep their context alive, so it never exits under them.
///
/// `@unchecked Sendable`: the context pointer is set once in `init`; the event thread slot is behind a mutex.
/// libusb documents contexts as safe to use from several threads at once (its device list,
/// transfers and hotplug are internally locked), and the pointer is released only in `deinit`,
/// when no other reference can exist.
public final class USBContext: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The event thread, once something needs one (guarded by the mutex).
    private let eventThread = Mutex<USBEventThread?>(nil)

    /// Initialises a new libusb context.
    public init() throws(USBError) {
        var context: OpaquePointer?
        try USBError.check(libusb_init(&context), "libusb_init")
        guard let context else { throw USBError(.other, call: "libusb_init") }
        pointer = context
    }

    deinit {
        guard let thread = eventThread.withLock({ $0 }) else { return libusb_exit(pointer) }
        if thread.isCurrent {
            // The last reference went away inside a libusb callback: libusb must not exit under its own
            // event handling, so another thread waits for the event thread and exits.
            USBEventThread.exitLater(thread)
        } else {
            thread.stopAndJoin()
            libusb_exit(pointer)
        }
    }

    /// Starts the event thread if it is not running.
    func startEventThread() {
        eventThread.withLock { thread in
            guard thread == nil else { return }
            let started = USBEventThread(context: pointer)
            started.start()
            thread = started
        }
    }

    /// The devices libusb sees now, with parents linked.
    public func devices(sysfsRoot: String = USBDevice.defaultSysfsRoot) throws(USBError) -> [USBDevice] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = Int(try USBError.check(Int32(truncatingIfNeeded: libusb_get_device_list(pointer, &list)),
                                           "libusb_get_device_list"))
        guard let list else { return [] }
        // Parents are only guaranteed alive while the list is held (libusb_get_parent), so link them here.
        defer { libusb_free_device_list(list, 1) }
        let raw = (0..<count).compactMap { list[$0] }
        var made: [OpaquePointer: USBDevice] = [:]
        func make(_ device: OpaquePointer) -> USBDevice {
            if let known = made[device] { return known }
            let parent = libusb_get_parent(device).map(make)
            let made1 = USBDevice(context: self, device: device, parent: parent, sysfsRoot: sysfsRoot)
            made[device] = made1
            return made1
        }
        return raw.map(make)
    }
}
