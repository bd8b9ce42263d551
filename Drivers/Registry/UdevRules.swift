import DeviceKit

/// udev rules that give the gateway's group the USB devices its drivers claim, written from the registry
/// (model tables, class and vendor claims) so that the rules in deploy/ cannot drift from the drivers.
///
/// Each claim becomes a rule on the `usb_device` (its node under /dev/bus/usb, which libusb opens).
/// Interface classes are matched through `ID_USB_INTERFACES` (`:ccsspp:` per interface), which udev's
/// `usb_id` builtin sets in 50-udev-default.rules, before these rules run.
/// A driver that switches port power also gets the hubs' sysfs `disable` attributes (Linux 6.0 and
/// later): they are root's 0644, so a rule hands them to the group when the hub driver binds.
public enum UdevRules {
    public static let defaultGroup = "recgate"

    public static func render(_ registry: DriverRegistry, group: String = defaultGroup) -> String {
        let access = #"GROUP="\#(group)", MODE="0660""#
        var lines = [
            "# 99-recgate.rules: the recgate gateway's group (\(group)) may use the USB devices its drivers claim.",
            "# Written by `recgate udev-rules` from the driver registry: change the drivers, then regenerate.",
            "# Installing: deploy/README.md.",
            "",
            #"ACTION=="remove", GOTO="recgate_end""#,
            #"SUBSYSTEM!="usb", GOTO="recgate_end""#,
        ]
        var seen: Set<String> = []
        // udev has no comments at the end of a rule: a rule's comment is the line above it.
        func add(_ rule: String, comment: String? = nil) {
            guard seen.insert(rule).inserted else { return }
            if let comment { lines.append("# " + comment) }
            lines.append(rule)
        }
        let device = #"ENV{DEVTYPE}=="usb_device""#
        for driver in registry.drivers {
            lines.append("")
            lines.append("# \(driver.name) (\(driver.kind.rawValue)): \(driver.capabilities.names.joined(separator: ", "))")
            for model in driver.models {
                add(#"\#(device), ATTR{idVendor}=="\#(hex(model.vendorID))", ATTR{idProduct}=="\#(hex(model.productID))", \#(access)"#,
                    comment: model.name)
            }
            for match in driver.classMatches {
                add("\(device), \(condition(match)), \(access)", comment: "any other device " + describe(match))
            }
            for claim in driver.vendorClaims {
                let also = claim.requiring.map { ", " + condition($0) } ?? ""
                add(#"\#(device), ATTR{idVendor}=="\#(hex(claim.vendorID))"\#(also), \#(access)"#,
                    comment: "any other device of vendor \(hex(claim.vendorID))" + (claim.requiring.map { " " + describe($0) } ?? ""))
            }
            if driver.capabilities.contains(.portPower) {
                let ports = "$sys$devpath/*-port*/disable"
                add(#"ENV{DEVTYPE}=="usb_interface", DRIVER=="hub", RUN+="/bin/sh -c 'chgrp \#(group) \#(ports) && chmod g+w \#(ports)'""#,
                    comment: "port power through sysfs (Linux 6.0+): each <hub>-portN/disable, root's 0644, to the group")
            }
        }
        lines.append("")
        lines.append(#"LABEL="recgate_end""#)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `with interface class 06/01/01`, `of class 09`.
    static func describe(_ match: ClassMatch) -> String {
        let code = [hex(match.base)] + [match.subclass, match.protocol].compactMap { $0.map(hex) }
        switch match.scope {
        case .device: return "of class " + code.joined(separator: "/")
        case .interface: return "with interface class " + code.joined(separator: "/")
        }
    }

    /// The udev condition for a class claim.
    static func condition(_ match: ClassMatch) -> String {
        let sub = match.subclass.map(hex) ?? "??"
        let proto = match.protocol.map(hex) ?? "??"
        switch match.scope {
        case .device:
            var parts = [#"ATTR{bDeviceClass}=="\#(hex(match.base))""#]
            if let s = match.subclass { parts.append(#"ATTR{bDeviceSubClass}=="\#(hex(s))""#) }
            if let p = match.protocol { parts.append(#"ATTR{bDeviceProtocol}=="\#(hex(p))""#) }
            return parts.joined(separator: ", ")
        case .interface:
            return #"ENV{ID_USB_INTERFACES}=="*:\#(hex(match.base))\#(sub)\#(proto):*""#
        }
    }

    static func hex(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    static func hex(_ v: UInt8) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 2 - s.count) + s
    }
}
