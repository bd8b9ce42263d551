import AllDrivers
import HubDriver
import DeviceKit
import Foundation
import Testing
import TestSupport

@Suite struct UdevRulesTests {
    static let committed = PackageRoot.url.appendingPathComponent("deploy/99-recgate.rules")
    static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path

    let rules = UdevRules.render(BuiltInDrivers.registry)

    @Test func theCommittedRulesAreTheRegistrysRules() throws {
        let file = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(file == rules, "deploy/99-recgate.rules is stale: run `recgate udev-rules > deploy/99-recgate.rules`")
    }

    @Test func theCommandPrintsThem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
        let result = try run(Self.binary, ["udev-rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == rules)
    }

    @Test func everyClaimHasARule() {
        let lines = rules.split(separator: "\n").map(String.init)
        let device = #"ENV{DEVTYPE}=="usb_device", "#
        let access = #", GROUP="recgate", MODE="0660""#
        for driver in BuiltInDrivers.registry.drivers {
            for model in driver.models {
                let id = String(format: #"ATTR{idVendor}=="%04x", ATTR{idProduct}=="%04x""#, model.vendorID, model.productID)
                #expect(lines.contains(device + id + access), "\(model.name)")
            }
        }
        #expect(lines.contains(device + #"ENV{ID_USB_INTERFACES}=="*:060101:*""# + access))
        #expect(lines.contains(device + #"ENV{ID_USB_INTERFACES}=="*:08????:*""# + access))
        #expect(lines.contains(device + #"ATTR{bDeviceClass}=="09""# + access))
        #expect(lines.contains(device + #"ATTR{idVendor}=="4255", ENV{ID_USB_INTERFACES}=="*:ff????:*""# + access))
        // Hubs' port power through sysfs, handed over when the hub driver binds.
        #expect(lines.contains { $0.hasPrefix(#"ENV{DEVTYPE}=="usb_interface", DRIVER=="hub", RUN+="#) && $0.contains("chgrp recgate") })
    }

    @Test func rulesAreWholeLinesAndCommentsAreTheirOwn() {
        for line in rules.split(separator: "\n") where !line.hasPrefix("#") {
            // udev knows no comment after a rule.
            #expect(!line.contains(" #"), "\(line)")
            #expect(line.filter { $0 == "\"" }.count % 2 == 0, "unbalanced quotes: \(line)")
        }
        #expect(rules.hasSuffix("LABEL=\"recgate_end\"\n"))
    }

    @Test func theGroupCanBeNamed() {
        let other = UdevRules.render(BuiltInDrivers.registry, group: "evidence")
        #expect(!other.contains("recgate\"") && !other.contains("chgrp recgate"))
        #expect(other.contains(#"GROUP="evidence""#) && other.contains("chgrp evidence"))
    }
}

/// The rules that mount recorders' volumes: one rule per model of the drivers that claim mass storage.
@Suite struct VolumeUdevRulesTests {
    static let committed = PackageRoot.url.appendingPathComponent("deploy/99-recgate-volumes.rules")

    @Test func theCommittedRulesAreTheModelTables() throws {
        let file = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(file == UdevRules.renderVolumes(BuiltInDrivers.registry),
                "deploy/99-recgate-volumes.rules is stale: run `recgate udev-rules --volumes > deploy/99-recgate-volumes.rules`")
    }

    @Test func theCommandPrintsThem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: UdevRulesTests.binary), "recgate is not built: run `swift build`")
        let result = try run(UdevRulesTests.binary, ["udev-rules", "--volumes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == UdevRules.renderVolumes(BuiltInDrivers.registry))
    }

    /// With models in a mass-storage driver's table, each gets its rule; other drivers' models (a camera, a
    /// hub) and class claims never mount anything.
    @Test func eachMassStorageModelStartsTheUnitForItsBlockDevices() {
        let recorder = DeviceModel(vendorID: 0x2A3B, productID: 0x0C01, name: "Test recorder (storage mode)", kind: .recorder)
        let stick = DeviceModel(vendorID: 0x0781, productID: 0x5567, name: "Test stick", kind: .storage)
        let camera = DeviceModel(vendorID: 0x04A9, productID: 0x31C0, name: "Test camera", kind: .camera)
        let registry = DriverRegistry([
            TestDriver(name: "storage", kind: .storage, models: [recorder, stick],
                       classMatches: [ClassMatch(.interface, ClassCode.massStorage)]),
            TestDriver(name: "camera", kind: .camera, models: [camera], classMatches: [ClassMatch(.interface, 0x06)]),
        ])
        let rules = UdevRules.renderVolumes(registry)
        let lines = rules.split(separator: "\n").map(String.init)
        let action = #"TAG+="systemd", ENV{SYSTEMD_WANTS}+="recgate-volume@%k.service""#
        let wanted = lines.filter { $0.hasSuffix(action) }
        #expect(wanted == [
            #"ENV{ID_VENDOR_ID}=="2a3b", ENV{ID_MODEL_ID}=="0c01", "# + action,
            #"ENV{ID_VENDOR_ID}=="0781", ENV{ID_MODEL_ID}=="5567", "# + action,
        ])
        #expect(lines.contains("# Test recorder (storage mode) (storage)"))
        #expect(!rules.contains("31c0"))
        // Only block devices with a file system on USB, and never on removal.
        for guardLine in [#"ACTION=="remove", GOTO="recgate_volumes_end""#, #"SUBSYSTEM!="block", GOTO="recgate_volumes_end""#,
                          #"ENV{ID_BUS}!="usb", GOTO="recgate_volumes_end""#,
                          #"ENV{ID_FS_USAGE}!="filesystem", GOTO="recgate_volumes_end""#] {
            let at = lines.firstIndex(of: guardLine)
            #expect(at != nil && at! < lines.firstIndex(of: wanted[0])!, "\(guardLine)")
        }
        #expect(rules.hasSuffix(#"LABEL="recgate_volumes_end""# + "\n"))
        for line in lines where !line.hasPrefix("#") {
            #expect(!line.contains(" #") && line.filter { $0 == "\"" }.count % 2 == 0, "\(line)")
        }
    }

    /// Whatever is docked in a bay is mounted, by its USB port among the block device's ancestors; the
    /// guards still come first, and a port path that is not one (a pattern, a quote) is never written.
    @Test func whateverIsDockedInABayIsMountedByItsPort() throws {
        let registry = DriverRegistry([TestDriver(name: "storage", kind: .storage,
                                                  classMatches: [ClassMatch(.interface, ClassCode.massStorage)])])
        let rules = UdevRules.renderVolumes(registry, bayPorts: [(1, "1-1.5.1"), (2, "1-1.5.2"), (3, "1-1*"), (4, #"1-1", RUN+="x"#)])
        let lines = rules.split(separator: "\n").map(String.init)
        let wanted = lines.filter { $0.contains("SYSTEMD_WANTS") }
        #expect(wanted == [
            #"KERNELS=="1-1.5.1", TAG+="systemd", ENV{SYSTEMD_WANTS}+="recgate-volume@%k.service""#,
            #"KERNELS=="1-1.5.2", TAG+="systemd", ENV{SYSTEMD_WANTS}+="recgate-volume@%k.service""#,
        ])
        #expect(lines.contains("# bay 2: whatever is docked at USB port 1-1.5.2"))
        #expect(!rules.contains("RUN") && !rules.contains("nothing is mounted"))
        let guardAt = try #require(lines.firstIndex(of: #"ENV{ID_FS_USAGE}!="filesystem", GOTO="recgate_volumes_end""#))
        #expect(guardAt < lines.firstIndex(of: wanted[0])!)
    }

    /// `--bays` reads the home's bays file: the command's rules are the function's for those bays.
    @Test func theCommandTakesTheBaysFile() throws {
        try #require(FileManager.default.isExecutableFile(atPath: UdevRulesTests.binary), "recgate is not built: run `swift build`")
        let folder = try TempDirectory(prefix: "recgate-udev-bays")
        let file = folder.url.appendingPathComponent("bays.json")
        try BayConfiguration(bays: [.init(number: 1, portPath: "1-1.5.1"), .init(number: 2, label: "north", portPath: "1-1.5.2")])
            .write(to: file.path)
        let result = try run(UdevRulesTests.binary, ["udev-rules", "--volumes", "--bays", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == UdevRules.renderVolumes(BuiltInDrivers.registry, bayPorts: [(1, "1-1.5.1"), (2, "1-1.5.2")]))
        let missing = try run(UdevRulesTests.binary, ["udev-rules", "--volumes", "--bays", folder.url.appendingPathComponent("none.json").path])
        #expect(missing.status != 0 && missing.stderr.contains("no bays file"))
    }

    @Test func anEmptyTableMountsNothingAndSaysSo() {
        let rules = UdevRules.renderVolumes(DriverRegistry([TestDriver(name: "storage", kind: .storage,
                                                                        classMatches: [ClassMatch(.interface, ClassCode.massStorage)])]))
        #expect(!rules.contains("SYSTEMD_WANTS"))
        #expect(rules.contains("nothing is mounted"))
    }
}
