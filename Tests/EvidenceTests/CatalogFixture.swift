import Foundation

@testable import Evidence

/// A catalog in a fresh temporary folder, with helpers to make rows.
struct CatalogFixture {
    let directory: TemporaryDirectory
    let catalog: Catalog
    var databasePath: String { self.catalog.path.path }

    /// 2026-11-03T01:30:00Z, a dock at 09:30 China Standard Time.
    static let t0 = Date(timeIntervalSince1970: 1_793_669_400)

    init() throws {
        self.directory = try TemporaryDirectory("catalog")
        self.catalog = try Catalog(path: self.directory.url.appendingPathComponent("catalog.sqlite"))
    }

    /// A fixture around a catalog opened by the test (e.g. with an audit head copy).
    init(directory: TemporaryDirectory, catalog: Catalog) {
        self.directory = directory
        self.catalog = catalog
    }

    func remove() { self.directory.remove() }

    static func time(_ seconds: TimeInterval) -> Date {
        t0.addingTimeInterval(seconds)
    }

    /// A valid, distinct sha256-looking digest for `index` (the catalog does not hash).
    static func digest(_ index: Int) -> String {
        let hex = String(index, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    func device(_ serial: String = "A001234") throws -> DeviceRow {
        try self.catalog.upsertDevice(serial: serial, model: "DSJ-V9", profile: "mass-storage", at: Self.t0)
    }

    func session(_ device: DeviceRow, at: Date = t0) throws -> SessionRow {
        try self.catalog.beginSession(
            deviceID: device.id, volume: "/media/\(device.serial)", host: "gw-01", actor: "dock:3", at: at)
    }

    static func newClip(
        sha256: String, size: Int64 = 1024, device: DeviceRow, session: SessionRow,
        path: String = "DCIM/100MEDIA/A001234_20261103093000_0001.MP4", mtime: String = "2026-11-03 09:45:12"
    ) -> NewClip {
        NewClip(
            sha256: sha256, sm3: nil, size: size, kind: "video",
            storePath: "/store/objects/sha256/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)",
            deviceID: device.id, sessionID: session.id, sourcePath: path,
            sourceName: String(path.split(separator: "/").last ?? ""), fsMtimeRaw: mtime,
            fsMtime: t0.addingTimeInterval(912), nameStartRaw: "20261103093000", nameStart: t0,
            timeZone: "Asia/Shanghai", serialFromName: "A001234", officer: "310045", sequence: 1, locked: false)
    }
}
