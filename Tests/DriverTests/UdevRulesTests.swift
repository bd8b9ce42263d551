import AllDrivers
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
