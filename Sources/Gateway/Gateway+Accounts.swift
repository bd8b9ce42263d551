import Accounts
import Evidence
import Offload

extension Gateway {
    /// The accounts on the home's catalog (created and migrated when needed, as for any change), new
    /// passwords hashed at the configured `password_cost`.
    public func accounts() throws -> AccountBook {
        let configuration = try configuration()
        return AccountBook(catalog: try catalog(),
                           cost: configuration.passwordCost ?? AccountBook.defaultCost)
    }

    /// The accounts on the home's catalog opened read-only (listing changes nothing, creates nothing).
    public func accountsForReading() throws -> AccountBook {
        let configuration = try configuration()
        return AccountBook(catalog: try home.openCatalogForReading(configuration),
                           cost: configuration.passwordCost ?? AccountBook.defaultCost)
    }
}
