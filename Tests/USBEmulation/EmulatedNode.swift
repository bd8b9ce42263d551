import CUMockdev
import Synchronization

/// A umockdev data object we hold a reference to.
///
/// `@unchecked Sendable`: umockdev's data objects are reference-counted GObjects (atomic refcounts); we
/// touch their contents only on umockdev's ioctl handler thread, under `EmulatedNode`'s mutex.
struct URBData: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UMockdevIoctlData>
}

/// A umockdev client (one connection, i.e. one open device file) we hold a reference to.
///
/// `@unchecked Sendable`: a GObject with an atomic refcount; we only compare and release it.
struct URBClient: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UMockdevIoctlClient>
}

/// The usbdevfs side of one emulated device node: turns URBs into calls to its responder and keeps the
/// URBs the host has not reaped yet.
final class EmulatedNode: Sendable {
    struct Done {
        var urb: URBData
        var status: Int32
        var offset: Int32
        var bytes: [UInt8]
        var length: Int32
    }

    /// URBs belong to the connection (the open file) that submitted them, as in the kernel: a handle must
    /// never reap another handle's URB. umockdev keeps one `UMockdevIoctlClient` per connection.
    struct Connection {
        var client: URBClient
        var flying: [UInt: URBData] = [:]
        var done: [Done] = []
        /// Opened before the device went away: it stays dead when the device comes back, as a file descriptor
        /// on a disconnected device does in the kernel.
        var dead = false
    }

    struct State {
        var connections: [UInt: Connection] = [:]
        var gone = false
        var responder: any USBResponder
    }

    let devnode: String
    private let state: Mutex<State>

    init(devnode: String, responder: any USBResponder) {
        self.devnode = devnode
        state = Mutex(State(responder: responder))
    }

    /// The device model answering this node now.
    var responder: any USBResponder { state.withLock { $0.responder } }

    /// URBs submitted and not answered yet (the host is waiting for them), over all connections.
    var pendingTransfers: Int { state.withLock { $0.connections.values.reduce(0) { $0 + $1.flying.count } } }

    deinit {
        state.withLock { s in
            for c in s.connections.values {
                for urb in c.flying.values { umockdev_ioctl_data_unref(urb.pointer) }
                for d in c.done { umockdev_ioctl_data_unref(d.urb.pointer) }
                recgate_gobject_unref(c.client.pointer)
            }
        }
    }

    /// The queues of `client`'s connection. The client object is kept (referenced) as long as the node, so
    /// its address is never reused by a later connection.
    private static func key(_ client: UnsafeMutablePointer<UMockdevIoctlClient>, in s: inout State) -> UInt {
        let key = UInt(bitPattern: Int(bitPattern: client))
        if s.connections[key] == nil {
            recgate_gobject_ref(client)
            s.connections[key] = Connection(client: URBClient(pointer: client))
        }
        return key
    }

    /// The device was pulled out (or its port lost power): pending URBs end with ESHUTDOWN, new ones are
    /// refused with ENODEV, on every connection opened so far.
    func unplug() {
        state.withLock { s in
            s.gone = true
            for key in s.connections.keys {
                s.connections[key]!.dead = true
                for urb in s.connections[key]!.flying.values {
                    s.connections[key]!.done.append(Done(urb: urb, status: -ESHUTDOWN, offset: 0, bytes: [], length: 0))
                }
                s.connections[key]!.flying = [:]
            }
        }
    }

    /// The device is back (its port powered again, or a device plugged into the same node): connections opened
    /// from now on work; those opened before stay dead.
    func replug(responder: any USBResponder) {
        state.withLock { s in
            s.gone = false
            s.responder = responder
        }
    }

    /// Answers one ioctl; false leaves it to umockdev (which fails it).
    func handle(_ client: UnsafeMutablePointer<UMockdevIoctlClient>) -> Bool {
        let request = UInt(umockdev_ioctl_client_get_request(client))
        guard let arg = umockdev_ioctl_client_get_arg(client) else { return false }
        func complete(_ result: Int, _ errno: Int32 = 0) { umockdev_ioctl_client_complete(client, result, errno) }
        let (gone, responder) = state.withLock { s in
            let k = Self.key(client, in: &s)
            return (s.gone || s.connections[k]!.dead, s.responder)
        }

        switch request {
        case recgate_usbdevfs_get_capabilities():
            recgate_ioctl_write_u32(arg, recgate_usbdevfs_capabilities())
            complete(0)
        case recgate_usbdevfs_clear_halt():
            // A model that keeps an endpoint halted until the host clears it is told (USBHaltResponder).
            if !gone { (responder as? any USBHaltResponder)?.clearHalt(endpoint: UInt8(truncatingIfNeeded: recgate_ioctl_read_u32(arg))) }
            gone ? complete(-1, recgate_enodev()) : complete(0)
        case recgate_usbdevfs_claiminterface(), recgate_usbdevfs_releaseinterface(),
            recgate_usbdevfs_reset(), recgate_usbdevfs_resetep(), recgate_usbdevfs_setinterface(),
            recgate_usbdevfs_setconfiguration(), recgate_usbdevfs_disconnect_claim():
            gone ? complete(-1, recgate_enodev()) : complete(0)
        case recgate_usbdevfs_getdriver(), recgate_usbdevfs_ioctl():
            // No kernel driver is bound to an emulated interface.
            complete(-1, gone ? recgate_enodev() : recgate_enodata())
        case recgate_usbdevfs_submiturb():
            submit(arg, client: client, responder: responder, gone: gone, complete: complete)
        case recgate_usbdevfs_reapurb(), recgate_usbdevfs_reapurbndelay():
            let next: Done? = state.withLock { s in
                let k = Self.key(client, in: &s)
                return s.connections[k]!.done.isEmpty ? nil : s.connections[k]!.done.removeFirst()
            }
            if let next {
                next.bytes.withUnsafeBufferPointer {
                    recgate_urb_complete(next.urb.pointer, next.status, next.offset, $0.baseAddress, next.length)
                }
                recgate_reap_answer(client, arg, next.urb.pointer)
                umockdev_ioctl_data_unref(next.urb.pointer)
            } else {
                complete(-1, gone ? recgate_enodev() : recgate_eagain())
            }
        case recgate_usbdevfs_discardurb():
            let address = recgate_ioctl_arg_pointer(arg)
            let found = state.withLock { s -> Bool in
                let k = Self.key(client, in: &s)
                guard let urb = s.connections[k]!.flying.removeValue(forKey: address) else { return false }
                s.connections[k]!.done.append(Done(urb: urb, status: -recgate_enoent(), offset: 0, bytes: [], length: 0))
                return true
            }
            found ? complete(0) : complete(-1, recgate_einval())
        default:
            return false
        }
        return true
    }

    private func submit(_ arg: UnsafeMutablePointer<UMockdevIoctlData>, client: UnsafeMutablePointer<UMockdevIoctlClient>,
                        responder: any USBResponder, gone: Bool, complete: (Int, Int32) -> Void) {
        if gone { return complete(-1, recgate_enodev()) }
        var urb = recgate_urb()
        guard let data = recgate_urb_resolve(arg, &urb) else { return complete(-1, recgate_einval()) }
        let buffer: [UInt8] = urb.buffer.map { Array(UnsafeBufferPointer(start: $0, count: Int(urb.buffer_length))) } ?? []
        let transfer: EmulatedTransfer
        var offset: Int32 = 0
        switch urb.type {
        case recgate_urb_type_control():
            guard buffer.count >= 8 else {
                umockdev_ioctl_data_unref(data)
                return complete(-1, recgate_einval())
            }
            let setup = SetupPacket(Array(buffer.prefix(8)))
            offset = 8
            transfer = EmulatedTransfer(kind: .control, endpoint: urb.endpoint, setup: setup,
                                        data: setup.isIn ? [] : Array(buffer.dropFirst(8)), length: buffer.count - 8)
        default:
            let kind: EmulatedTransfer.Kind = switch urb.type {
            case recgate_urb_type_bulk(): .bulk
            case recgate_urb_type_interrupt(): .interrupt
            default: .isochronous
            }
            let isIn = urb.endpoint & 0x80 != 0
            transfer = EmulatedTransfer(kind: kind, endpoint: urb.endpoint, setup: nil,
                                        data: isIn ? [] : buffer, length: buffer.count)
        }
        let response = responder.respond(to: transfer)
        let urbData = URBData(pointer: data)
        func finish(_ done: Done) {
            state.withLock { s in
                let k = Self.key(client, in: &s)
                s.connections[k]!.done.append(done)
            }
        }
        switch response {
        case .noDevice:
            umockdev_ioctl_data_unref(data)
            return complete(-1, recgate_enodev())
        case .timeout:
            state.withLock { s in
                let k = Self.key(client, in: &s)
                s.connections[k]!.flying[urb.client_addr] = urbData
            }
        case .stall:
            finish(Done(urb: urbData, status: -recgate_epipe(), offset: 0, bytes: [], length: 0))
        case .accepted(let n):
            let n = Int32(min(n, transfer.length))
            finish(Done(urb: urbData, status: 0, offset: 0, bytes: [], length: n))
        case .data(let bytes):
            let cut = Array(bytes.prefix(transfer.length))
            finish(Done(urb: urbData, status: 0, offset: offset, bytes: cut, length: Int32(cut.count)))
        }
        complete(0, 0)
    }
}
