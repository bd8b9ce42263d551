import Foundation
import GRDB
import Testing

@testable import Evidence

/// A clock that cannot be read is bounded, not observed: bounds are kept apart from readings, once each,
/// audited, and never changed or deleted.
@Suite struct ClockBoundTests {
    @Test func aLowerBoundIsKeptOnceAuditedAndNeverChanged() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let bound = NewClockBound(deviceSerial: "A001240", deviceTime: "2026-11-03T09:30:00", gatewayTime: CatalogFixture.t0,
                                  clockSet: true, note: "ambarella 1-1.5.2: newest recording")
        #expect(try catalog.recordClockLowerBound(bound, actor: "gateway", at: CatalogFixture.t0))
        #expect(try !catalog.recordClockLowerBound(bound, actor: "gateway", at: CatalogFixture.t0))
        let rows = try catalog.clockBounds(deviceSerial: "A001240")
        #expect(rows.count == 1 && rows[0].kind == "lower" && rows[0].clockSet && rows[0].deviceTime == "2026-11-03T09:30:00")
        #expect(rows[0].gatewayS == CatalogFixture.t0.timeIntervalSince1970)
        // Not a reading: the clock was never read.
        #expect(try catalog.clockObservations(deviceSerial: "A001240").isEmpty)
        let audit = try catalog.auditEntries(object: "device:A001240")
        #expect(audit.map(\.action) == ["clock.bounded"] && audit[0].detail.contains(#""kind":"lower""#), "\(audit)")
        #expect(throws: (any Error).self) {
            try catalog.write("test") { db in try db.execute(sql: "UPDATE clock_bound SET device_time = '2000-01-01T00:00:00'") }
        }
        #expect(throws: (any Error).self) {
            try catalog.write("test") { db in try db.execute(sql: "DELETE FROM clock_bound") }
        }
        #expect(throws: (any Error).self) {
            try catalog.write("test") { db in
                try db.execute(sql: "INSERT INTO clock_bound (id, device_serial, device_time, gateway_s, kind, recorded_at, actor) "
                               + "VALUES ('x', 'A001240', '2026-11-03T09:30:00', 1, 'upper', '2026-12-05T00:00:00Z', 'a')")
            }
        }
        #expect(throws: EvidenceError.self) {
            try catalog.recordClockLowerBound(NewClockBound(deviceSerial: "", deviceTime: "2026-11-03T09:30:00",
                                                            gatewayTime: CatalogFixture.t0, clockSet: false),
                                              actor: "gateway", at: CatalogFixture.t0)
        }
    }

    @Test func aRefusedLoginIsAuditedWithoutAnySecret() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let entry = try fixture.catalog.recordLoginRefused(device: "A001240", portPath: "1-1.5.2", driver: "ambarella",
                                                           operation: "Gdv", actor: "gateway", at: CatalogFixture.t0)
        #expect(entry.action == "device.login_refused" && entry.object == "device:A001240")
        #expect(entry.detail == #"{"driver":"ambarella","operation":"Gdv","port_path":"1-1.5.2"}"#, "\(entry.detail)")
    }
}
