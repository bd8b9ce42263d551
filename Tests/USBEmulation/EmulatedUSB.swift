import CUMockdev
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public struct EmulationError: Error, CustomStringConvertible {
    public var description: String
}

/// A umockdev testbed holding emulated USB devices, each served by a ``USBResponder``.
///
/// libusb sees the devices only in a process running with umockdev's preload library
/// (`umockdev-wrapper swift test`). A testbed is process-wide (it sets `UMOCKDEV_DIR`), so only one may
/// exist at a time; create the libusb context after it and let the context go before it.
///
/// `@unchecked Sendable`: `testbed` is set once; the node table is only changed under `nodes`' mutex;
/// umockdev's testbed calls used here (add, uevent, attach/detach) are made from one test at a time, which
/// the process-wide `active` flag enforces.
public final class EmulatedUSB: @unchecked Sendable {
    /// One record of a fixture: its sysfs path and device node.
    public struct Record: Sendable {
        /// `/devices/…/usb1/1-1/1-1.4`
        public var sysfsPath: String
        /// `/dev/bus/usb/001/004`
        public var devnode: String
        /// `1-1.4`: the last component of the sysfs path.
        public var name: String { String(sysfsPath.split(separator: "/").last ?? "") }
    }

    private static let active = Mutex(false)
    let testbed: UnsafeMutablePointer<UMockdevTestbed>
    /// `@unchecked Sendable`: the handler is a GObject (atomic refcount) that is only released in `deinit`.
    struct Attached: @unchecked Sendable {
        var node: EmulatedNode
        var handler: UnsafeMutablePointer<UMockdevIoctlBase>
        var record: Record
    }
    private let nodes = Mutex<[String: Attached]>([:])

    public init() throws {
        guard Self.preloaded else {
            throw EmulationError(description: "not running under umockdev's preload library: run the tests with "
                                 + "`umockdev-wrapper swift test` (make test does)")
        }
        let claimed = Self.active.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard claimed else { throw EmulationError(description: "another EmulatedUSB testbed is active") }
        testbed = umockdev_testbed_new()
    }

    /// Whether umockdev's preload library is mapped into this process. (`umockdev_in_mock_environment()`
    /// answers false under `swift test`, even with the library loaded.)
    static var preloaded: Bool {
        guard let maps = fopen("/proc/self/maps", "r") else { return false }
        defer { fclose(maps) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            if strstr(line, "libumockdev-preload") != nil { return true }
        }
        return false
    }

    deinit {
        nodes.withLock { table in
            for (devnode, entry) in table {
                umockdev_testbed_detach_ioctl(testbed, devnode, nil)
                recgate_gobject_unref(entry.handler)
            }
            table = [:]
        }
        recgate_gobject_unref(testbed)
        Self.active.withLock { $0 = false }
    }

    /// The testbed's root (its `sys` and `dev` folders live below).
    public var rootDirectory: String {
        let p = umockdev_testbed_get_root_dir(testbed)!
        defer { g_free(p) }
        return String(cString: p)
    }

    /// Parses the records of a umockdev device file: `P:` sysfs path and `E: DEVNAME=`.
    public static func records(in text: String) -> [Record] {
        text.split(separator: "\n\n", omittingEmptySubsequences: true).compactMap { block in
            var path: String?
            var devnode: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("P: ") { path = String(line.dropFirst(3)) }
                if line.hasPrefix("E: DEVNAME=") { devnode = String(line.dropFirst("E: DEVNAME=".count)) }
            }
            guard let path, let devnode else { return nil }
            return Record(sysfsPath: path, devnode: devnode)
        }
    }

    /// Adds the devices of a umockdev record file. `responders` maps a device's sysfs name (`1-1.4`) to
    /// its model; devices without one get a ``StallingDevice``. Ioctl handlers are attached before the
    /// devices appear, so libusb can open a device as soon as it sees it.
    @discardableResult
    public func add(file path: String, responders: [String: any USBResponder] = [:]) throws -> [Record] {
        guard let file = fopen(path, "r") else { throw EmulationError(description: "cannot read \(path)") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes += chunk.prefix(n)
        }
        fclose(file)
        return try add(records: String(decoding: bytes, as: UTF8.self), responders: responders)
    }

    /// Adds devices from umockdev record text (see ``add(file:responders:)``).
    @discardableResult
    public func add(records text: String, responders: [String: any USBResponder] = [:]) throws -> [Record] {
        let records = Self.records(in: text)
        for record in records {
            try attach(record, responder: responders[record.name] ?? StallingDevice())
        }
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_add_from_string(testbed, text, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw EmulationError(description: "umockdev could not add the devices: \(message)")
        }
        return records
    }

    private func attach(_ record: Record, responder: any USBResponder) throws {
        let node = EmulatedNode(devnode: record.devnode, responder: responder)
        let handler = umockdev_ioctl_base_new()!
        // The node outlives the handler: the table holds both and detaches before releasing.
        let context = Unmanaged.passUnretained(node).toOpaque()
        _ = recgate_connect_handle_ioctl(handler, { _, client, user in
            guard let client, let user else { return 0 }
            return Unmanaged<EmulatedNode>.fromOpaque(user).takeUnretainedValue().handle(client) ? 1 : 0
        }, context)
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_attach_ioctl(testbed, record.devnode, handler, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            recgate_gobject_unref(handler)
            throw EmulationError(description: "cannot attach to \(record.devnode): \(message)")
        }
        nodes.withLock { $0[record.devnode] = Attached(node: node, handler: handler, record: record) }
    }

    /// Pulls a device out: its pending and future transfers fail, and a `remove` uevent tells libusb.
    public func unplug(_ name: String) throws {
        guard let entry = nodes.withLock({ $0.values.first { $0.record.name == name } }) else {
            throw EmulationError(description: "no emulated device \(name)")
        }
        entry.node.unplug()
        umockdev_testbed_uevent(testbed, "/sys" + entry.record.sysfsPath, "remove")
    }
}

/// A device that answers string-descriptor requests only when given strings, and stalls everything else.
public final class StallingDevice: USBResponder {
    public init() {}
    public func respond(to transfer: EmulatedTransfer) -> EmulatedResponse { .stall }
}
