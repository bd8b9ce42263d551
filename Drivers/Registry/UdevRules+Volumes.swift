import DeviceKit

extension UdevRules {
    /// The systemd unit template a recorder's volume is mounted by (deploy/recgate-volume@.service).
    public static let volumeUnit = "recgate-volume@.service"

    /// udev rules that mount the volumes of recorders in storage mode: for a block device (a partition, or a
    /// disk formatted without a partition table) with a file system, on a USB device whose VID:PID is in the
    /// model table of a driver that claims mass-storage interfaces, udev asks systemd for
    /// `recgate-volume@<kernel name>.service`, which mounts it for the gateway (deploy/README.md). The unit
    /// is bound to the device, so pulling the recorder out stops it (and unmounts).
    ///
    /// Only listed models, and whatever is docked in a bay (`bayPorts`: the USB port paths of the dock's
    /// bays): most recorders in storage mode show a generic VID:PID, and a device put into a bay is there
    /// to be offloaded. A USB disk elsewhere (a keeper's stick in the gateway's own port) is never mounted
    /// for the gateway. `ID_VENDOR_ID`, `ID_MODEL_ID` and `ID_FS_USAGE` come from 60-persistent-storage.rules
    /// (udev's `usb_id` and `blkid` builtins), which run before these rules; `KERNELS` matches the USB device
    /// among the block device's ancestors by its port path.
    public static func renderVolumes(_ registry: DriverRegistry, bayPorts: [(bay: Int, portPath: String)] = []) -> String {
        let unit = volumeUnit.replacingOccurrences(of: "@.", with: "@%k.")
        var lines = [
            "# 99-recgate-volumes.rules: recorders' volumes mounted for the recgate gateway (\(volumeUnit)).",
            "# Written by `recgate udev-rules --volumes` from the mass-storage drivers' model tables: change them, then regenerate.",
            "# Installing: deploy/README.md.",
            "",
            #"ACTION=="remove", GOTO="recgate_volumes_end""#,
            #"SUBSYSTEM!="block", GOTO="recgate_volumes_end""#,
            #"ENV{ID_BUS}!="usb", GOTO="recgate_volumes_end""#,
            #"ENV{ID_FS_USAGE}!="filesystem", GOTO="recgate_volumes_end""#,
        ]
        var seen: Set<String> = []
        let models = volumeModels(registry)
        for (driver, model) in models {
            let rule = #"ENV{ID_VENDOR_ID}=="\#(hex(model.vendorID))", ENV{ID_MODEL_ID}=="\#(hex(model.productID))", TAG+="systemd", ENV{SYSTEMD_WANTS}+="\#(unit)""#
            guard seen.insert(rule).inserted else { continue }
            lines.append("")
            lines.append("# \(model.name) (\(driver))")
            lines.append(rule)
        }
        for (bay, port) in bayPorts where isPortPath(port) {
            let rule = #"KERNELS=="\#(port)", TAG+="systemd", ENV{SYSTEMD_WANTS}+="\#(unit)""#
            guard seen.insert(rule).inserted else { continue }
            lines.append("")
            lines.append("# bay \(bay): whatever is docked at USB port \(port)")
            lines.append(rule)
        }
        if models.isEmpty && bayPorts.isEmpty {
            lines.append("")
            lines.append("# No recorder's storage-mode VID:PID is in a model table yet and no bays were given: nothing is mounted.")
            lines.append("# Regenerate with `recgate udev-rules --volumes --bays BAYS.json` (the home's bays.json), or add the model")
            lines.append("# to Drivers/MassStorage/MassStorageFamily+Models.swift.")
        }
        lines.append("")
        lines.append(#"LABEL="recgate_volumes_end""#)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A USB port path as the kernel names the device there (`1-1.5.2`): nothing a udev match could read
    /// as a pattern or that could leave its quotes.
    static func isPortPath(_ text: String) -> Bool {
        !text.isEmpty && text.first!.isNumber && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }
    }

    /// The models of every driver that claims mass-storage interfaces, with the driver's name, in registry order.
    public static func volumeModels(_ registry: DriverRegistry) -> [(driver: String, model: DeviceModel)] {
        registry.drivers.filter { driver in
            driver.classMatches.contains { $0.scope == .interface && $0.base == ClassCode.massStorage }
        }.flatMap { driver in driver.models.map { (driver.name, $0) } }
    }
}
