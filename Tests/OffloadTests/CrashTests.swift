import Foundation
@testable import Offload
import Testing
import TestSupport

/// kill -9 at every point an offload passes (recgate's test checkpoints: it stops itself there and is
/// killed while stopped, so the kill lands at that instant whatever the machine's load): the store never
/// holds a partial or wrong object, the catalog never has a row for an unverified clip, the audit chain
/// stays intact, nothing is deleted from the device unverified, and the next run completes.
@Suite(.serialized)
struct CrashTests {
    let recgate = RecgateBinary.shared

    /// How many times a whole run passed each point.
    static func counts(_ points: [String]) -> [String: Int] {
        points.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// The occurrences of a point to kill at: the first, one in the middle and the last.
    static func occurrences(of count: Int) -> [Int] {
        Array(Set([1, (count + 1) / 2, count])).sorted()
    }

    @Test func killAtEveryCheckpointLosesNothingAndTheNextRunCompletes() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        // Four clips: every point is passed several times, with the finishing stage's two threads at work.
        let sources = try Oracle.recorderFolder(volume, count: 4, size: 1 << 20, seed: 42)
        let truth = try Oracle.openssl("sha256", sources)
        let arguments = { (home: URL) in
            ["--home", home.path, "offload", "--volume", volume.path, "--digest", "sha256,sm3", "--json"]
        }

        // A whole run says which points a run passes and how often: every clip passes each of its points once.
        let wholeLog = temp.path("whole.log")
        let whole = try recgate.run(arguments(temp.path("whole")), checkpointLog: wholeLog)
        #expect(whole.status == 0 && !whole.killed, "\(whole.stderr)")
        let passed = Self.counts(RecgateBinary.checkpoints(in: wholeLog))
        #expect(passed == ["session-begun": 1, "staged": 4, "verified": 4, "committed": 4, "catalogued": 4, "probed": 4],
                "\(passed)")
        #expect(Set(passed.keys).isSubset(of: Checkpoint.names))

        for (name, count) in passed.sorted(by: { $0.key < $1.key }) {
            for occurrence in Self.occurrences(of: count) {
                let at = "\(name) #\(occurrence)"
                let home = temp.path("home-\(name)-\(occurrence)")
                let log = temp.path("\(name)-\(occurrence).log")
                let killed = try recgate.run(arguments(home), checkpointLog: log, stopAt: (name, occurrence))
                #expect(killed.killed, "the run did not stop at \(at): status \(killed.status), \(killed.stderr)")
                let reached = RecgateBinary.checkpoints(in: log)
                #expect(reached.last == name && Self.counts(reached)[name] == occurrence, "kill at \(at): \(reached)")

                // What the kill left: every stored object is whole and named by its digest; every catalogued
                // clip is present and matches (verify); the audit chain is intact.
                let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
                #expect(objects.mismatches.isEmpty, "kill at \(at) left bad objects: \(objects.mismatches)")
                // At least as many objects as commits were logged; a copy staged but not committed is
                // still in staging (the kill really landed mid-run).
                #expect(objects.count >= Self.counts(reached)["committed", default: 0], "kill at \(at): \(objects.count) objects")
                if name == "staged" || name == "verified" {
                    #expect(!Oracle.stagingLeftovers(home: home).isEmpty, "kill at \(at): no staging file")
                }
                let verify = try recgate.run(["--home", home.path, "verify"])
                #expect(verify.status == 0, "kill at \(at): \(verify.stdout) \(verify.stderr)")
                let audit = try recgate.run(["--home", home.path, "audit", "verify"])
                #expect(audit.status == 0, "kill at \(at): \(audit.stdout) \(audit.stderr)")

                // The next run cleans up and completes the job.
                let next = try recgate.run(arguments(home))
                #expect(next.status == 0, "after kill at \(at): \(next.stderr)")
                let clips = try Oracle.clips(fromJSON: next.stdout)
                #expect(clips.count == sources.count)
                for clip in clips {
                    let path = volume.appendingPathComponent(Oracle.text(clip["path"])).path
                    #expect(clip["sha256"] as? String == truth[path], "after kill at \(at): \(clip)")
                    #expect(["stored", "already_stored"].contains(Oracle.text(clip["status"])))
                }
                let after = try Oracle.storedObjectsMatchTheirNames(home: home)
                #expect(after.count == sources.count && after.mismatches.isEmpty)
                #expect(Oracle.stagingLeftovers(home: home).isEmpty, "staging not cleaned after kill at \(at)")
                #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
            }
        }
        // The device was only read.
        #expect(try Oracle.openssl("sha256", sources) == truth)
    }

    /// Without RECGATE_TEST_CHECKPOINTS the hook is off: a stop point alone neither stops the run nor
    /// writes anywhere.
    @Test func theHookIsOffWithoutItsVariable() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        try Oracle.recorderFolder(volume, count: 1, size: 64 * 1024, seed: 5)
        let outputs = try TempDirectory()
        let child = try SpawnedProcess(
            recgate.path, ["--home", temp.path("home").path, "offload", "--volume", volume.path],
            environment: ["RECGATE_TEST_CHECKPOINTS": "", "RECGATE_TEST_STOP_AT": "staged:1"], outputFolder: outputs.url)
        #expect(try child.waitUntilStopped() == false)
        #expect(try child.wait() == 0, "\(child.stderr())")
    }

    @Test func killAroundTheReleaseDeletesNothingUnstoredAndTheNextReleaseFinishes() throws {
        let temp = try TempDirectory()
        for name in ["release-audited", "released"] {
            for occurrence in [1, 3] {
                let at = "\(name) #\(occurrence)"
                let volume = temp.path("volume-\(name)-\(occurrence)")
                let sources = try Oracle.recorderFolder(volume, count: 3, size: 1 << 20, seed: 7)
                let truth = try Oracle.openssl("sha256", sources)
                let home = temp.path("home-\(name)-\(occurrence)")
                // --device: once every recording is deleted, the empty volume no longer names its device.
                let arguments = ["--home", home.path, "offload", "--volume", volume.path, "--device", "A001234",
                                 "--release", "--json"]

                let log = temp.path("\(name)-\(occurrence).log")
                let killed = try recgate.run(arguments, checkpointLog: log, stopAt: (name, occurrence))
                #expect(killed.killed, "the run did not stop at \(at): status \(killed.status), \(killed.stderr)")

                // Exactly the deletions logged happened, and every recording gone from the device is in the
                // store, verified, under its digest.
                let reached = Self.counts(RecgateBinary.checkpoints(in: log))
                #expect(Set(reached.keys).isSubset(of: Checkpoint.names), "\(reached)")
                let gone = sources.filter { !FileManager.default.fileExists(atPath: $0.path) }
                #expect(gone.count == reached["released", default: 0], "kill at \(at): \(gone) \(reached)")
                #expect(reached[name] == occurrence, "kill at \(at): \(reached)")
                let stored = Set(Oracle.files(below: home.appendingPathComponent("store/objects")).map(\.lastPathComponent))
                for file in gone { #expect(stored.contains(truth[file.path] ?? "?"), "kill at \(at): \(file.lastPathComponent) lost") }
                #expect(try recgate.run(["--home", home.path, "verify"]).status == 0, "kill at \(at)")
                #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0, "kill at \(at)")

                // The next --release run deletes what is left, each only with its copy stored.
                let next = try recgate.run(arguments)
                #expect(next.status == 0, "after kill at \(at): \(next.stderr)")
                let clips = try Oracle.clips(fromJSON: next.stdout)
                // A recording already deleted is no longer listed; the others are.
                #expect(clips.count == sources.count - gone.count, "after kill at \(at): \(clips)")
                for clip in clips {
                    let path = volume.appendingPathComponent(Oracle.text(clip["path"])).path
                    #expect(clip["sha256"] as? String == truth[path], "after kill at \(at): \(clip)")
                    #expect(clip["released"] as? Bool == true, "after kill at \(at): \(clip)")
                }
                #expect(sources.allSatisfy { !FileManager.default.fileExists(atPath: $0.path) }, "after kill at \(at)")
                let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
                #expect(objects.count == sources.count && objects.mismatches.isEmpty, "after kill at \(at)")
                #expect(Set(truth.values) == Set(Oracle.files(below: home.appendingPathComponent("store/objects")).map(\.lastPathComponent)))
            }
        }
    }
}
