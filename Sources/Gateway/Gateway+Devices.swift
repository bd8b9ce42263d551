import Evidence
import Foundation
import HubDriver
import Presentation
import USB

extension Gateway {
    /// The USB devices attached now.
    public func attachedDevices() throws -> [USBDevice] {
        try USBContext().devices()
    }

    /// Each device as `recgate devices` shows it: depth-first by port path (a hub before what is plugged
    /// into it), with its bay when bays are configured and, when the home has a catalog, how it writes
    /// its container times. Listing devices creates no catalog.
    public func deviceViews(_ devices: [USBDevice], bays: BayConfiguration?) throws -> [DeviceReport] {
        let sorted = devices.sorted {
            $0.busNumber != $1.busNumber ? $0.busNumber < $1.busNumber
                : $0.portNumbers.lexicographicallyPrecedes($1.portNumbers)
        }
        // On a USB 3 dock a bay is one port on each half; its file names one of them.
        let companions = bays == nil ? [:] : DockTopology(devices: devices).companions
        var reports = sorted.map { DeviceReport($0, bay: bays?.bay(at: $0.portPath, companions: companions)?.number) }
        // The catalog's learnt habits, when there is a catalog.
        if FileManager.default.fileExists(atPath: home.catalogURL.path) {
            let habits = try Catalog(path: home.catalogURL).timeHabits()
            for i in reports.indices {
                reports[i].container_time = reports[i].serial.flatMap { habits[$0] }.map(ContainerTimeReport.init)
            }
        }
        return reports
    }

    /// Each configured bay as `recgate docks` shows it: power, port state and the device in it.
    public func bayViews(_ bays: BayConfiguration, devices: [USBDevice]) -> [BayReport] {
        DockSurvey.survey(bays, devices: devices, topology: DockTopology(devices: devices)).map(BayReport.init)
    }
}
