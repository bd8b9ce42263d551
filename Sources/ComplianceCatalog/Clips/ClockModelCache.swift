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
    /// Bounds of corrected times computed from these models (``bounds(_:catalog:policy:version:compute:)``).
    private var keptBounds: [Key: (version: Int64, bounds: [String: ClosedRange<Double>])] = [:]
    /// Catalogs kept at once (a daemon has one; tests open many).
    static let limit = 8

    /// Every device's model, and the version of the readings they were built from.
    func models(catalog: Catalog, policy: ClockPolicy) throws -> (models: [String: ClockModel], version: Int64) {
        let key = Key(path: catalog.path.path, policy: policy)
        let version = try catalog.clockObservationsVersion()
        if let known = lock.withLock({ kept[key] }), known.version == version { return (known.models, version) }
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
        return (models, version)
    }

    /// A bound computed from the models of `version` (named by `name`: the scope and the device-time
    /// extent it was computed for), kept while the readings are unchanged: bounding five hundred devices'
    /// corrected times for every page cost as much as a small search.
    func bounds(_ name: String, catalog: Catalog, policy: ClockPolicy, version: Int64, compute: () -> ClosedRange<Double>)
        -> ClosedRange<Double>
    {
        let key = Key(path: catalog.path.path, policy: policy)
        if let known = lock.withLock({ keptBounds[key] }), known.version == version, let bounds = known.bounds[name] { return bounds }
        let bounds = compute()
        lock.withLock {
            var entry: (version: Int64, bounds: [String: ClosedRange<Double>]) = keptBounds[key].flatMap { $0.version == version ? $0 : nil } ?? (version, [:])
            if entry.bounds.count >= 1024 { entry.bounds = [:] }
            entry.bounds[name] = bounds
            keptBounds[key] = entry
        }
        return bounds
    }
}
