import CUMockdev
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The testbed behind ``EmulatedUSB``: umockdev's testbed, the device nodes and the records.
///
/// Kept apart from ``EmulatedUSB`` because hubs and the sysfs watcher call back into it from umockdev's and
/// the watcher's threads: a callback may hold the last reference to this object for a moment, but never to the
/// ``EmulatedUSB`` the test owns, whose `deinit` (on the test's thread) shuts the testbed down.
///
/// `@unchecked Sendable`: `testbed` and `watcher` are set once; every umockdev call that changes the testbed is
/// made under `state`'s mutex (tests, umockdev's ioctl thread and the sysfs watcher all change it), and none
/// after `shutdown()`.
final class EmulatedTestbed: @unchecked Sendable {
    /// The usbdevfs side of a device node. A node outlives the records that use it, because umockdev cannot
    /// attach a second handler to a node: a device that leaves and comes back is served by the same slot.
    ///
    /// `@unchecked Sendable`: the handler is a GObject (atomic refcount) released only in `shutdown()`.
    struct Slot: @unchecked Sendable {
        var node: EmulatedNode
        var handler: UnsafeMutablePointer<UMockdevIoctlBase>
    }

    struct Device {
        var record: EmulatedUSB.Record
        var inTestbed = false
    }

    struct State {
        var closed = false
        var slots: [String: Slot] = [:]
        /// Every record added and not unplugged, by sysfs path; `inTestbed` says whether umockdev has it now.
        var devices: [String: Device] = [:]
    }

    private static let active = Mutex(false)
    let testbed: UnsafeMutablePointer<UMockdevTestbed>
    private let state = Mutex(State())
    private let watcher: SysfsWatcher?

    init() throws {
        guard Self.preloaded else {
            throw EmulationError(description: "not running under umockdev's preload library: run the tests with "
                                 + "`umockdev-wrapper swift test` (make test does)")
        }
        // A testbed the previous test dropped on another thread may take a moment to go (longer when the
        // whole suite keeps both cores busy).
        var claimed = false
        for _ in 0..<6000 {
            claimed = Self.active.withLock { busy in
                if busy { return false }
                busy = true
                return true
            }
            if claimed { break }
            usleep(10_000)
        }
        guard claimed else { throw EmulationError(description: "another EmulatedUSB testbed is active") }
        testbed = umockdev_testbed_new()
        watcher = SysfsWatcher()
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

    /// Stops the watcher, detaches the device nodes and removes the testbed; callbacks after it do nothing.
    /// Called once, from ``EmulatedUSB``'s `deinit`.
    func shutdown() {
        // The watcher first: its actions change the testbed.
        watcher?.stop()
        state.withLock { s in
            for (devnode, slot) in s.slots {
                umockdev_testbed_detach_ioctl(testbed, devnode, nil)
                recgate_gobject_unref(slot.handler)
            }
            s = State()
            s.closed = true
        }
        recgate_gobject_unref(testbed)
        Self.active.withLock { $0 = false }
    }

    /// The testbed's root (its `sys` and `dev` folders live below).
    var rootDirectory: String {
        let p = umockdev_testbed_get_root_dir(testbed)!
        defer { g_free(p) }
        return String(cString: p)
    }

    /// Where a sysfs path (`/sys/bus/usb/devices/1-1:1.0/1-1-port2/disable`) is in the testbed's folder.
    func testbedPath(_ sysPath: String) -> String { rootDirectory + sysPath }

    /// Parses the records of a umockdev device file: blocks that start with `P:`, with their `E: DEVNAME=`.
    static func records(in text: String) -> [EmulatedUSB.Record] {
        text.split(separator: "\n\n", omittingEmptySubsequences: true).compactMap { block in
            var path: String?
            var devnode: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("P: ") { path = String(line.dropFirst(3)) }
                if line.hasPrefix("E: DEVNAME=") { devnode = String(line.dropFirst("E: DEVNAME=".count)) }
            }
            guard let path else { return nil }
            let text = block.split(separator: "\n").filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
            return EmulatedUSB.Record(sysfsPath: path, devnode: devnode, text: text)
        }
    }

    /// Adds the devices of a umockdev record file. `responders` maps a device's sysfs name (`1-1.4`) to
    /// its model; devices without one get a ``StallingDevice``. Ioctl handlers are attached before the
    /// devices appear, so libusb can open a device as soon as it sees it. With `portDisable` false, hub ports
    /// have no `disable` attribute, as with kernels before 6.0.
    @discardableResult
    func add(file path: String, responders: [String: any USBResponder] = [:],
                    portDisable: Bool = true) throws -> [EmulatedUSB.Record] {
        guard let text = SysfsText.read(path) else { throw EmulationError(description: "cannot read \(path)") }
        return try add(records: text, responders: responders, portDisable: portDisable)
    }

    /// Adds devices from umockdev record text (see ``add(file:responders:portDisable:)``). A device behind an
    /// unpowered port waits, out of the testbed, until the port is switched on.
    @discardableResult
    func add(records text: String, responders: [String: any USBResponder] = [:],
                    portDisable: Bool = true) throws -> [EmulatedUSB.Record] {
        var records = Self.records(in: text)
        if !portDisable {
            records = records.map { r in
                var r = r
                r.text = r.text.split(separator: "\n").filter { !$0.contains("/disable=") }.joined(separator: "\n") + "\n"
                return r
            }
        }
        return try state.withLock { s throws -> [EmulatedUSB.Record] in
            for record in records where s.devices[record.sysfsPath] != nil {
                throw EmulationError(description: "\(record.name) is already in the testbed")
            }
            for record in records {
                if let devnode = record.devnode {
                    try attach(devnode, responder: responders[record.name] ?? StallingDevice(), in: &s)
                }
                s.devices[record.sysfsPath] = Device(record: record)
            }
            for record in records {
                if let (hub, port) = hubPort(of: record, in: s) { hub.setAttached(true, port: port) }
                if let hub = responder(of: record, in: s) as? EmulatedHub {
                    hub.wire(disableFiles: disableFiles(of: record, portCount: hub.portCount)) { [weak self] in
                        self?.reconcile()
                    }
                }
            }
            try reconcile(&s)
            return records
        }
    }

    /// Pulls a device out (with everything behind it, if it is a hub): its pending and future transfers fail,
    /// a `remove` uevent tells libusb, its records leave the testbed, and its hub port reads empty.
    func unplug(_ name: String) throws {
        try state.withLock { s throws in
            guard let device = s.devices.values.first(where: { $0.record.name == name }) else {
                throw EmulationError(description: "no emulated device \(name)")
            }
            let path = device.record.sysfsPath
            let doomed = s.devices.keys.filter { $0 == path || $0.hasPrefix(path + "/") }
                .sorted { s.devices[$0]!.record.depth > s.devices[$1]!.record.depth }
            for p in doomed {
                if s.devices[p]!.inTestbed {
                    remove(s.devices[p]!.record, in: &s)
                } else if let devnode = s.devices[p]!.record.devnode {
                    s.slots[devnode]?.node.unplug()
                }
                s.devices[p] = nil
            }
            if let (hub, port) = hubPort(of: device.record, in: s) { hub.setAttached(false, port: port) }
        }
    }

    /// Whether a device (by sysfs name) is in the testbed now: added, not unplugged, its ports powered.
    func isPresent(_ name: String) -> Bool {
        state.withLock { s in s.devices.values.contains { $0.record.name == name && $0.inTestbed } }
    }

    /// How many URBs the device's model has left unanswered (the host waits for them).
    func pendingTransfers(_ name: String) -> Int {
        state.withLock { s in
            guard let devnode = s.devices.values.first(where: { $0.record.name == name })?.record.devnode else { return 0 }
            return s.slots[devnode]?.node.pendingTransfers ?? 0
        }
    }

    // MARK: EmulatedUSB.Records in and out of the testbed

    private func attach(_ devnode: String, responder: any USBResponder, in s: inout State) throws {
        if let slot = s.slots[devnode] {
            // A node seen before (a device pulled out, another plugged in at the same address).
            slot.node.replug(responder: responder)
            return
        }
        let node = EmulatedNode(devnode: devnode, responder: responder)
        let handler = umockdev_ioctl_base_new()!
        // The node outlives the handler: the table holds both and detaches before releasing.
        let context = Unmanaged.passUnretained(node).toOpaque()
        _ = recgate_connect_handle_ioctl(handler, { _, client, user in
            guard let client, let user else { return 0 }
            return Unmanaged<EmulatedNode>.fromOpaque(user).takeUnretainedValue().handle(client) ? 1 : 0
        }, context)
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_attach_ioctl(testbed, devnode, handler, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            recgate_gobject_unref(handler)
            throw EmulationError(description: "cannot attach to \(devnode): \(message)")
        }
        s.slots[devnode] = Slot(node: node, handler: handler)
    }

    private func responder(of record: EmulatedUSB.Record, in s: State) -> (any USBResponder)? {
        record.devnode.flatMap { s.slots[$0]?.node.responder }
    }

    /// The hub a device is plugged into and the port number, when that hub is emulated by an ``EmulatedHub``.
    private func hubPort(of record: EmulatedUSB.Record, in s: State) -> (EmulatedHub, Int)? {
        guard !record.isInterface, let parent = s.devices[record.parentPath],
              let hub = responder(of: parent.record, in: s) as? EmulatedHub,
              let port = Self.portNumber(of: record.name, on: parent.record.name), (1...hub.portCount).contains(port)
        else { return nil }
        return (hub, port)
    }

    /// `1-1.5` on `1-1` is port 5; `1-3` on the root hub `usb1` is port 3.
    static func portNumber(of child: String, on hub: String) -> Int? {
        if hub.hasPrefix("usb") { return child.split(separator: "-").last.flatMap { Int($0) } }
        guard child.hasPrefix(hub + ".") else { return nil }
        return Int(child.dropFirst(hub.count + 1))
    }

    /// The sysfs names of a hub's interface and port folders, as the kernel makes them: `1-1:1.0/1-1-port2`;
    /// the root hub `usb1` has `1-0:1.0/usb1-port2`.
    static func portFolder(hub: String, port: Int) -> (interface: String, port: String) {
        let interface = hub.hasPrefix("usb") ? "\(hub.dropFirst(3))-0:1.0" : "\(hub):1.0"
        return (interface, "\(hub)-port\(port)")
    }

    private func disableFiles(of hub: EmulatedUSB.Record, portCount: Int) -> [Int: String] {
        let root = rootDirectory
        return Dictionary(uniqueKeysWithValues: (1...portCount).map { port in
            let folder = Self.portFolder(hub: hub.name, port: port)
            return (port, "\(root)/sys\(hub.sysfsPath)/\(folder.interface)/\(folder.port)/disable")
        })
    }

    /// Brings the testbed in line with the ports' power (called after a hub switched a port).
    func reconcile() {
        state.withLock { s in
            do { try reconcile(&s) } catch {
                // On umockdev's thread there is nobody to throw to; a test will see the device missing.
                let line = Array("EmulatedUSB: \(error)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            }
        }
    }

    /// A device belongs in the testbed when its parent does and, behind an emulated hub, its port has power.
    private func belongs(_ record: EmulatedUSB.Record, in s: State) -> Bool {
        guard let parent = s.devices[record.parentPath] else { return true }
        guard belongs(parent.record, in: s) else { return false }
        guard let (hub, port) = hubPort(of: record, in: s) else { return true }
        return hub.isPowered(port)
    }

    private func reconcile(_ s: inout State) throws {
        guard !s.closed else { return }
        let wanted = s.devices.mapValues { belongs($0.record, in: s) }
        // Children go first and come back last, as the kernel disconnects and enumerates them.
        let leaving = s.devices.values.filter { $0.inTestbed && !wanted[$0.record.sysfsPath]! }
            .sorted { $0.record.depth > $1.record.depth }
        for device in leaving { remove(device.record, in: &s) }
        let coming = s.devices.values.filter { !$0.inTestbed && wanted[$0.record.sysfsPath]! }
            .sorted { ($0.record.depth, $0.record.sysfsPath) < ($1.record.depth, $1.record.sysfsPath) }
        for device in coming { try insert(device.record, in: &s) }
    }

    private func remove(_ record: EmulatedUSB.Record, in s: inout State) {
        if let devnode = record.devnode { s.slots[devnode]?.node.unplug() }
        umockdev_testbed_uevent(testbed, "/sys" + record.sysfsPath, "remove")
        umockdev_testbed_remove_device(testbed, "/sys" + record.sysfsPath)
        s.devices[record.sysfsPath]?.inTestbed = false
    }

    private func insert(_ record: EmulatedUSB.Record, in s: inout State) throws {
        if let devnode = record.devnode, let slot = s.slots[devnode] { slot.node.replug(responder: slot.node.responder) }
        var text = record.text
        // A hub's interface comes back with `disable` files that say what its ports' power is now.
        var hub: EmulatedHub?
        if record.isInterface, let parent = s.devices[record.parentPath] {
            hub = responder(of: parent.record, in: s) as? EmulatedHub
        }
        if let hub, let hubName = s.devices[record.parentPath]?.record.name {
            text = Self.settingDisable(in: text, hub: hubName, portCount: hub.portCount) { hub.disableValue(port: $0) }
        }
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_add_from_string(testbed, text, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw EmulationError(description: "umockdev could not add \(record.name): \(message)")
        }
        s.devices[record.sysfsPath]?.inTestbed = true
        if let hub, let hubName = s.devices[record.parentPath]?.record.name {
            // The folders are new: inotify watches died with the old ones.
            for port in 1...hub.portCount {
                let folder = "\(rootDirectory)/sys\(record.sysfsPath)/\(Self.portFolder(hub: hubName, port: port).port)"
                guard watcher?.watch(folder, { [weak hub] in hub?.applySysfsWrites() }) == true else {
                    throw EmulationError(description: "cannot watch \(folder) with inotify: the hub would not see the host's writes")
                }
            }
        }
    }

    /// The record text with each `A: <hub>-port<N>/disable=` line set to `value(N)`.
    static func settingDisable(in text: String, hub: String, portCount: Int, value: (Int) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            for port in 1...portCount where line.hasPrefix("A: \(hub)-port\(port)/disable=") {
                return "A: \(hub)-port\(port)/disable=\(value(port))\\n"
            }
            return String(line)
        }.joined(separator: "\n")
    }
}
