import Accounts
import Foundation
import Gateway
import HealthProbes
import HubDriver
import Hummingbird
import Presentation

/// The equipment keepers' API: the bay board, device health and history, and a bay's power cycle.
extension WebHandlers {
    static let keepers: Access = .roles([.equipmentKeeper])

    func registerBays(_ book: inout RouteBook) {
        book.add(.init(.get, "/api/bays", Self.keepers, .api, "The bays with the device in each, its progress, battery, storage, clock and health")) { _, _ in
            try Response.json(bayBoard())
        }
        book.add(.init(.post, "/api/bays/{bay}/power-cycle", Self.keepers, .api, "Switches a bay's power off and on again (audited)")) { _, context in
            try Response.json(try powerCycle(context))
        }
        book.add(.init(.get, "/api/devices", Self.keepers, .api, "Every device the catalog knows, with its health")) { _, _ in
            try Response.json(try deviceHealth())
        }
        book.add(.init(.get, "/api/devices/{serial}", Self.keepers, .api, "One device: health, offload sessions, clock readings, battery and storage")) { _, context in
            let serial = try parameter("serial", context)
            guard let record = try deviceRecord(serial) else { throw WebError(.notFound, "no device \(serial) in the catalog") }
            return try Response.json(record)
        }
    }

    func bayBoard() throws -> BayBoard {
        let status = live.status()
        var records: [String: DeviceRecord] = [:]
        for serial in Set(status.devices.compactMap(\.serial)) {
            records[serial] = try deviceRecord(serial)
        }
        return BayBoard.make(status: status, records: records)
    }

    /// A device's record; nil when the catalog does not know it (or there is no catalog yet).
    func deviceRecord(_ serial: String) throws -> DeviceRecord? {
        do {
            return try gateway.deviceRecord(serial: serial)
        } catch {
            if case .noCatalog = error { return nil }
            throw error
        }
    }

    /// Every known device's health; none before the first offload made a catalog.
    func deviceHealth() throws -> [DeviceHealth] {
        do {
            return try gateway.deviceHealth()
        } catch {
            if case .noCatalog = error { return [] }
            throw error
        }
    }

    /// Power-cycles bay `{bay}` (off 2 s), audited `bay.power_cycled` with the account.
    func powerCycle(_ context: WebContext) throws -> DockPowerReport {
        let identity = try identity(context)
        guard let bay = Int(try parameter("bay", context)) else { throw WebError(.badRequest, "the bay is a number") }
        let switched: [PortSwitch]
        do {
            switched = try gateway.dockPower(bay: bay, .cycle, offSeconds: 2)
        } catch {
            if case .notConfigured = error { throw WebError(.notFound, "no bay \(bay) in the bays file") }
            throw WebError(.conflict, "bay \(bay) cannot be power-cycled: \(error)")
        }
        try gateway.auditBayPower(bay: bay, action: DockPowerAction.cycle.rawValue, actor: identity.actor)
        logger.info("bay \(bay) power-cycled by \(identity.name)")
        return DockPowerReport(bay: bay, action: DockPowerAction.cycle.rawValue, switched: switched.map(PortSwitchReport.init))
    }
}
