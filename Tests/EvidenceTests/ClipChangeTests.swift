import Foundation
import Testing

@testable import Evidence

/// The clip change log (`clip_change`, written by triggers) that a server's clip search follows: every
/// change a search page shows of a clip is named, each as what it is.
@Suite("Clip change log")
struct ClipChangeTests {
    @Test func storingProbingReleasingAndAReadingAreEachLogged() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let device = try fixture.device("A001234")
        let session = try fixture.session(device)

        var seen = try catalog.latestClipChange()
        func changes() throws -> ClipChanges {
            let read = try catalog.clipChanges(after: seen)
            seen = read.latest
            return read
        }

        guard case .newClip(let clip, let sighting) = try catalog.recordVerified(
            CatalogFixture.newClip(sha256: CatalogFixture.digest(1), device: device, session: session), actor: "dock:1",
            at: CatalogFixture.t0)
        else {
            Issue.record("expected a new clip")
            return
        }
        let stored = try changes()
        #expect(stored.placed.map(\.clip) == [clip.id], "its place in time")
        #expect(stored.placed.map(\.device) == ["A001234"])
        #expect(stored.devices.isEmpty)
        #expect(stored.latest == seen && seen > 0)

        try catalog.recordMedia(ClipMediaRow(clipID: clip.id, prober: "test", probedAt: CatalogFixture.time(5), format: "mov",
                                             duration: 10, integrity: "truncated", creationTime: nil, facts: "{}"), actor: "test")
        #expect(try changes().facts.map(\.clip).contains(clip.id), "the probe")

        _ = try catalog.confirmRelease(sightingID: sighting.id, at: CatalogFixture.time(10))
        let released = try changes()
        #expect(released.facts.map(\.clip) == [clip.id], "the release")
        #expect(released.placed.isEmpty && released.devices.isEmpty)

        let reading = NewClockObservation(deviceSerial: "A001234", deviceTime: "2026-11-03T09:30:02", gatewayTime: CatalogFixture.t0,
                                          source: "manual")
        #expect(try catalog.recordClockObservations([reading], actor: "keeper", at: CatalogFixture.t0) == 1)
        let read = try changes()
        #expect(read.devices == ["A001234"], "a reading moves every clip of its device")
        #expect(read.placed.isEmpty && read.facts.isEmpty)

        #expect(try catalog.clipChanges(after: seen).latest == seen, "nothing after the last")
    }
}

/// The data version a server keeps what it read under (``Catalog/dataVersion()``): unchanged while
/// nothing is committed, changed by a commit of this catalog's own connections or another process's.
@Suite("Catalog data version")
struct CatalogDataVersionTests {
    @Test func onlyACommitMovesIt() throws {
        let fixture = try CatalogFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        let first = try catalog.dataVersion()
        _ = try catalog.clips()
        #expect(try catalog.dataVersion() == first, "a read is no commit")
        _ = try fixture.device("A001234")
        let afterOwn = try catalog.dataVersion()
        #expect(afterOwn != first, "a commit of the catalog's writer")
        let other = try Catalog(path: catalog.path)
        _ = try other.upsertDevice(serial: "B005678", model: "DSJ-V9", profile: "mass-storage", at: CatalogFixture.t0)
        #expect(try catalog.dataVersion() != afterOwn, "a commit of another connection")
    }
}
