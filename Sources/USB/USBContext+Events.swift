#if canImport(Glibc)
import Glibc
#endif
import CLibUSB
import Synchronization

/// The one thread that runs libusb's event handling for a context (hotplug callbacks now; asynchronous
/// transfers later). Started on first use, stopped and joined before `libusb_exit`.
///
/// `@unchecked Sendable`: `context` is only passed to libusb's thread-safe event functions, `stop` is atomic,
/// and `thread` is written once before any other thread can see the object.
final class USBEventThread: @unchecked Sendable {
    let context: OpaquePointer
    let stop = Atomic<Bool>(false)
    var thread = pthread_t()

    init(context: OpaquePointer) { self.context = context }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let me = Unmanaged<USBEventThread>.fromOpaque(raw!).takeRetainedValue()
            me.run()
            return nil
        }, box)
    }

    private func run() {
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        while !stop.load(ordering: .acquiring) {
            _ = libusb_handle_events_timeout_completed(context, &tv, nil)
        }
    }

    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Stops the event thread and waits for it (never call it on the event thread).
    func stopAndJoin() {
        stop.store(true, ordering: .releasing)
        libusb_interrupt_event_handler(context)
        pthread_join(thread, nil)
    }

    /// From the event thread: a helper thread stops it, waits for it, then exits the context.
    static func exitLater(_ events: USBEventThread) {
        events.stop.store(true, ordering: .releasing)
        var helper = pthread_t()
        pthread_create(&helper, nil, { raw in
            let events = Unmanaged<USBEventThread>.fromOpaque(raw!).takeRetainedValue()
            pthread_join(events.thread, nil)
            libusb_exit(events.context)
            return nil
        }, Unmanaged.passRetained(events).toOpaque())
        pthread_detach(helper)
    }
}

/// A device arriving or leaving.
public enum USBHotplugEvent: Sendable {
    case arrived(USBDevice)
    case left(USBDevice)

    public var device: USBDevice {
        switch self {
        case .arrived(let d), .left(let d): d
        }
    }
}

/// What a registered hotplug callback needs: the context (to wrap devices) and where events go.
///
/// `@unchecked Sendable`: both properties are immutable and Sendable-safe (`USBContext` is thread-safe,
/// `AsyncStream.Continuation` is Sendable); the `handle` is written once, before libusb can call back.
final class HotplugSink: @unchecked Sendable {
    let context: USBContext
    let continuation: AsyncStream<USBHotplugEvent>.Continuation
    var handle: libusb_hotplug_callback_handle = 0

    init(context: USBContext, continuation: AsyncStream<USBHotplugEvent>.Continuation) {
        self.context = context
        self.continuation = continuation
    }
}

extension USBContext {
    /// Whether this libusb can report hotplug events.
    public static var hasHotplug: Bool { libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 }

    /// Arrivals and departures, as they happen (and, with `enumerate`, an arrival for each device already
    /// attached). Ends when the consumer stops iterating. Hotplug devices have no `parent` (libusb only
    /// guarantees parents while a device list is held): their `portPath` says where they are.
    public func hotplugEvents(enumerate: Bool = false) throws(USBError) -> AsyncStream<USBHotplugEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: USBHotplugEvent.self, bufferingPolicy: .unbounded)
        let sink = HotplugSink(context: self, continuation: continuation)
        let user = Unmanaged.passRetained(sink).toOpaque()
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let flags = enumerate ? Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue) : 0
        var handle: libusb_hotplug_callback_handle = 0
        let result = libusb_hotplug_register_callback(
            pointer, events, flags, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            { _, device, event, user in
                guard let device, let user else { return 0 }
                let sink = Unmanaged<HotplugSink>.fromOpaque(user).takeUnretainedValue()
                let wrapped = USBDevice(context: sink.context, device: device, parent: nil,
                                        sysfsRoot: USBDevice.defaultSysfsRoot)
                sink.continuation.yield(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED ? .arrived(wrapped) : .left(wrapped))
                return 0
            }, user, &handle)
        do {
            try USBError.check(result, "libusb_hotplug_register_callback")
        } catch {
            Unmanaged<HotplugSink>.fromOpaque(user).release()
            continuation.finish()
            throw error
        }
        sink.handle = handle
        continuation.onTermination = { _ in
            libusb_hotplug_deregister_callback(sink.context.pointer, sink.handle)
            Unmanaged.passUnretained(sink).release()  // the reference libusb held as user data
        }
        startEventThread()
        return stream
    }
}
