import Compliance
import Evidence
import Foundation

/// Every device's clock model, built from one read of `clock_observation` and kept while the table is
/// unchanged (it is insert-only: its highest rowid tells), per catalog file and clock policy. A search
/// with no device named bounds every device's corrected times; building five hundred models from
/// their readings for each page would cost more than the search.
///
/// `@unchecked Sendable`: `kept` is only read or written while holding `lock`.
final class ClockModelCache: @unchecked Sendable {
    static let shared = ClockModelCache()

    private struct Key: Hashable {
        var path: String
        var policy: ClockPolicy
    }

    private let lock = NSLock()
    private var kept: [Key: (version: Int64, models: [String: ClockModel])] = [:]
    /// Catalogs kept at once (a daemon has one; tests open many).
    static let limit = 8

    func models(catalog: Catalog, policy: ClockPolicy) throws -> [String: ClockModel] {
        let key = Key(path: catalog.path.path, policy: policy)
        let version = try catalog.clockObservationsVersion()
        if let known = lock.withLock({ kept[key] }), known.version == version { return known.models }
        var readings: [String: [ClockObservation]] = [:]
        for row in try catalog.clockObservations() {
            if let observation = CatalogClockReadings.observation(row) { readings[row.deviceSerial, default: []].append(observation) }
        }
        let models = readings.reduce(into: [String: ClockModel]()) { models, entry in
            models[entry.key] = ClockModel(device: entry.key, observations: entry.value, policy: policy)
        }
        lock.withLock {
            if kept.count >= Self.limit { kept = [:] }
            kept[key] = (version, models)
        }
        return models
    }
}
