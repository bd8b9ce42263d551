import GRDB

extension Catalog {
    /// `clock_observation` learns how good the gateway's own clock was at a dock reading: whether the
    /// kernel called it synchronised and its error bound. A device's offset measured against an
    /// unsynchronised gateway says as much about the gateway as about the device. NULL for readings made
    /// before (and for manual and imported ones): not known.
    static func registerClockGatewaySyncMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-clock-gateway-sync") { db in
            try db.execute(sql: """
                ALTER TABLE clock_observation ADD COLUMN gateway_synchronised BOOLEAN;
                ALTER TABLE clock_observation ADD COLUMN gateway_max_error_us INTEGER CHECK (gateway_max_error_us >= 0);
                """)
        }
    }
}
