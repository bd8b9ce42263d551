import Foundation
import Testing

@testable import Evidence

/// Staging folders per process: cleaning removes what dead processes left, never a live one's work.
/// A `flock` taken through another open file conflicts even within one process, so a claim held here
/// stands for another live process.
@Suite("StagingClaim")
struct StagingClaimTests {
    private func stage(_ store: EvidenceStore, _ text: String) throws -> String {
        let staging = try store.makeStagingFile()
        try staging.write(Array(text.utf8))
        let path = staging.path
        _ = consume staging  // left behind, as by a process stopped or killed mid-copy
        return path
    }

    @Test func aLiveClaimIsNeverCleanedAndADeadOneIs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shared = try EvidenceStore(root: dir.url)
        var live: EvidenceStore? = try shared.claimingStaging()
        let folder = try #require(live?.claim?.folder)
        let file = try self.stage(try #require(live), "copy in progress")
        #expect((file as NSString).deletingLastPathComponent == folder)

        #expect(try shared.removeStaleStaging() == 0)
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try live?.stagingEntries() == [(file as NSString).lastPathComponent])

        // The owner goes away with a file still staged (a crash): its lock is free, the folder stays.
        live = nil
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try shared.removeStaleStaging() == 1)
        #expect(try shared.stagingEntries().isEmpty)
    }

    @Test func aClaimThatEndsEmptyLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shared = try EvidenceStore(root: dir.url)
        do {
            let claimed = try shared.claimingStaging()
            #expect(try shared.stagingEntries().count == 2)  // <id>.lock and <id>/
            claimed.discard(try claimed.makeStagingFile())
        }
        #expect(try shared.stagingEntries().isEmpty)
    }

    @Test func aDeadProcesssFolderAndLockAreRemovedWithTheirFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shared = try EvidenceStore(root: dir.url)
        // What a process killed mid-copy leaves: its lock file (no longer locked), its folder, two files.
        let staging = dir.path + "/staging"
        #expect(FileManager.default.createFile(atPath: staging + "/dead.lock", contents: Data()))
        try FileManager.default.createDirectory(atPath: staging + "/dead", withIntermediateDirectories: false)
        for name in ["one", "two"] {
            #expect(FileManager.default.createFile(atPath: staging + "/dead/" + name, contents: Data(name.utf8)))
        }
        // And one that was being claimed when it died: locked under its pending name, never renamed.
        #expect(FileManager.default.createFile(atPath: staging + "/pending.new", contents: Data()))
        let live = try shared.claimingStaging()
        _ = try self.stage(live, "live")

        #expect(try shared.removeStaleStaging() == 2)
        #expect(try Set(shared.stagingEntries()) == Set([
            (live.claim!.lockPath as NSString).lastPathComponent, (live.claim!.folder as NSString).lastPathComponent,
        ]))
        #expect(try live.stagingEntries().count == 1)
    }
}
