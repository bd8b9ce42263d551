import AllDrivers
import Foundation
import Offload

extension Gateway {
    /// Offloads one device through the verified pipeline (list, copy with hashing, verify, catalog, and
    /// release when the request asks), as the home's configuration says. `control` lets a long-running
    /// process stop it between recordings and follow its progress.
    public func offload(_ request: OffloadRequest, configuration: GatewayConfiguration,
                        progress: ProgressReporter? = nil, control: OffloadControl? = nil) throws -> OffloadReport {
        try OffloadJob(home: home, configuration: configuration, request: request, progress: progress,
                       control: control, sessions: BuiltInDrivers.openSession).run()
    }

    /// Re-hashes the whole store against the catalog (opened read-only) and accounts for every object.
    public func verifyStore(progress: ProgressReporter? = nil) throws -> StoreVerification {
        try StoreVerifier(home: home, progress: progress).run()
    }
}
