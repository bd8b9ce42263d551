import Evidence
import Foundation
import Testing

@testable import Offload

/// Which session explains an object no clip claims: one that did not complete and was running when
/// the object was linked into place.
struct UncataloguedObjectTests {
    static let t0 = Date(timeIntervalSince1970: 1_793_669_400)

    func session(_ id: String, from start: Double, to end: Double?, _ status: SessionStatus) -> SessionRow {
        SessionRow(id: id, deviceID: "d", volume: "/v", host: "h", actor: "a", startedAt: Self.t0.addingTimeInterval(start),
                   endedAt: end.map { Self.t0.addingTimeInterval($0) }, status: status, stored: 0, alreadyStored: 0,
                   failed: 0, error: nil)
    }

    func object(changedAt offset: Double) -> StoredObject {
        StoredObject(path: "/store/objects/sha256/00/00/x", sha256: String(repeating: "0", count: 64),
                     changed: Self.t0.addingTimeInterval(offset))
    }

    @Test func theSessionRunningWhenTheObjectWasLinkedExplainsIt() {
        let sessions = [session("failed", from: 0, to: 100, .failed), session("running", from: 500, to: nil, .running)]
        #expect(StoreVerifier.session(publishing: object(changedAt: 50), among: sessions) == "failed")
        #expect(StoreVerifier.session(publishing: object(changedAt: 100.5), among: sessions) == "failed")
        #expect(StoreVerifier.session(publishing: object(changedAt: 10_000), among: sessions) == "running")
        // Between the two, or before any: no session explains it.
        #expect(StoreVerifier.session(publishing: object(changedAt: 200), among: sessions) == nil)
        #expect(StoreVerifier.session(publishing: object(changedAt: -5), among: sessions) == nil)
        #expect(StoreVerifier.session(publishing: object(changedAt: 50), among: []) == nil)
    }
}
