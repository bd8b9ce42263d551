import Compliance
import ComplianceCatalog
import Evidence
import Foundation
import Offload

/// What the case, custody and clock commands share: the home's catalog, the step catalogue in effect
/// (`<home>/steps.json` when present, else the shipped one), and the check policy from `recgate.json`
/// and the command's options.
public struct CaseDeskSetup {
    public let home: GatewayHome
    public let configuration: GatewayConfiguration
    public let zone: TimeZone
    /// The step catalogue override, when the home has one.
    public let catalogueFile: URL?
    public let desk: CaseDesk

    /// Why the desk could not be opened.
    public enum Problem: Error, CustomStringConvertible {
        /// The home has no catalog yet (read-only commands do not create one).
        case noCatalog(URL)
        /// `<home>/steps.json` has problems, each with its place.
        case catalogue(URL, ImportFailure)
        case other(String)

        public var description: String {
            switch self {
            case .noCatalog(let url): "no catalog at \(url.path) (nothing has been imported into this home)"
            case .catalogue(let url, let failure): "the step catalogue \(url.path) cannot be used: \(failure)"
            case .other(let text): text
            }
        }
    }

    /// Opens the desk. `create`: make the home and its catalog when missing (imports); otherwise a
    /// missing catalog is ``Problem/noCatalog`` and the catalog is opened read-only. `margin` overrides
    /// the configuration's `match_margin`. `configuration`: the one already read, else `recgate.json` is.
    /// The desk over a catalog already open for changes (a long-running process's).
    static func open(_ home: GatewayHome, configuration loaded: GatewayConfiguration?, catalog: Catalog) throws(Problem) -> CaseDeskSetup {
        let (configuration, zone, catalogueFile, catalogue, policy) = try settings(home, loaded, margin: nil)
        do {
            let desk = CaseDesk(catalog: catalog, catalogue: catalogue, policy: policy)
            if try desk.catalogueChanged() { try desk.noteCatalogue(actor: OffloadRequest.currentActor()) }
            return CaseDeskSetup(home: home, configuration: configuration, zone: zone, catalogueFile: catalogueFile, desk: desk)
        } catch {
            throw .other("cannot open the catalog \(home.catalogURL.path): \(error)")
        }
    }

    public static func open(_ home: GatewayHome, configuration loaded: GatewayConfiguration? = nil, create: Bool,
                            margin: Double? = nil) throws(Problem) -> CaseDeskSetup {
        let (configuration, zone, catalogueFile, catalogue, policy) = try settings(home, loaded, margin: margin)
        if !create && !FileManager.default.fileExists(atPath: home.catalogURL.path) {
            throw .noCatalog(home.catalogURL)
        }
        do {
            if create { try home.prepare() }
            // Commands that only read open it read-only: they never create, migrate or write it...
            var catalog = create ? try home.openCatalog(configuration) : try home.openCatalogForReading(configuration)
            var desk = CaseDesk(catalog: catalog, catalogue: catalogue, policy: policy)
            // ...except for the one trace every command that loads the catalogue leaves when it is not the
            // one loaded last: only then does a reading command open the catalog for writing.
            if try desk.catalogueChanged() {
                if catalog.isReadOnly {
                    catalog = try home.openCatalog(configuration)
                    desk = CaseDesk(catalog: catalog, catalogue: catalogue, policy: policy)
                }
                try desk.noteCatalogue(actor: OffloadRequest.currentActor())
            }
            return CaseDeskSetup(home: home, configuration: configuration, zone: zone, catalogueFile: catalogueFile, desk: desk)
        } catch {
            throw .other("cannot open the catalog \(home.catalogURL.path): \(error)")
        }
    }
}

extension CaseDeskSetup {
    /// The configuration (read unless given), its zone, the step catalogue in effect and the check policy.
    static func settings(_ home: GatewayHome, _ loaded: GatewayConfiguration?, margin: Double?) throws(Problem)
        -> (GatewayConfiguration, TimeZone, URL?, StepCatalogue, CheckPolicy)
    {
        let configuration: GatewayConfiguration
        let zone: TimeZone
        do {
            configuration = try loaded ?? GatewayConfiguration.load(from: home)
            zone = try configuration.zone()
        } catch {
            throw .other("\(error)")
        }
        let override = home.root.appendingPathComponent("steps.json")
        let catalogueFile = FileManager.default.fileExists(atPath: override.path) ? override : nil
        let catalogue: StepCatalogue
        do {
            catalogue = try StepCatalogue.load(override: catalogueFile)
        } catch {
            throw .catalogue(catalogueFile ?? URL(fileURLWithPath: "steps.json"), error)
        }
        var policy = CheckPolicy(clock: ClockPolicy(zone: zone))
        if let value = margin ?? configuration.matchMargin { policy.matchMargin = value }
        if let value = configuration.coverageTolerance { policy.coverageTolerance = value }
        return (configuration, zone, catalogueFile, catalogue, policy)
    }
}
