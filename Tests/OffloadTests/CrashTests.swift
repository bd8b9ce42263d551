import Foundation
import Testing
import TestSupport

/// kill -9 at many instants of an offload: the store never holds a partial or wrong object, the catalog
/// never has a row for an unverified clip, the audit chain stays intact, and the next run completes.
@Suite(.serialized)
struct CrashTests {
    let recgate = RecgateBinary.shared

    @Test func killAtManyPointsLosesNothingAndTheNextRunCompletes() throws {
        let temp = try TempDirectory()
        let volume = temp.path("volume")
        let sources = try Oracle.recorderFolder(volume, count: 8, size: 3 << 20, seed: 42)
        let truth = try Oracle.openssl("sha256", sources)
        let arguments = { (home: URL) in
            ["--home", home.path, "offload", "--volume", volume.path, "--digest", "sha256,sm3", "--json"]
        }

        // How long a whole run takes here, to spread the kill points over it: the shorter of two runs
        // (the first also warms the caches), and only the first 90 % of it, so that a run that goes
        // faster than the measured ones is still caught while it works.
        var duration = Double.infinity
        for attempt in 0..<2 {
            let started = Date()
            let whole = try recgate.run(arguments(temp.path("timing-\(attempt)")))
            duration = min(duration, Date().timeIntervalSince(started) * 0.9)
            #expect(whole.status == 0, "\(whole.stderr)")
        }

        let points = 14
        var killedMidway = 0
        for point in 0..<points {
            let home = temp.path("home-\(point)")
            let delay = duration * (Double(point) + 0.5) / Double(points)
            let killed = try recgate.run(arguments(home), killAfter: delay)
            if killed.killed { killedMidway += 1 }

            // What the kill left: every stored object is whole and named by its digest; every catalogued
            // clip is present and matches (verify); the audit chain is intact.
            if FileManager.default.fileExists(atPath: home.appendingPathComponent("catalog.sqlite").path) {
                let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
                #expect(objects.mismatches.isEmpty, "kill at \(delay)s left bad objects: \(objects.mismatches)")
                let verify = try recgate.run(["--home", home.path, "verify"])
                #expect(verify.status == 0, "kill at \(delay)s: \(verify.stdout) \(verify.stderr)")
                let audit = try recgate.run(["--home", home.path, "audit", "verify"])
                #expect(audit.status == 0, "kill at \(delay)s: \(audit.stdout) \(audit.stderr)")
            }

            // The next run cleans up and completes the job.
            let next = try recgate.run(arguments(home))
            #expect(next.status == 0, "after kill at \(delay)s: \(next.stderr)")
            let clips = try Oracle.clips(fromJSON: next.stdout)
            #expect(clips.count == sources.count)
            for clip in clips {
                let path = volume.appendingPathComponent(Oracle.text(clip["path"])).path
                #expect(clip["sha256"] as? String == truth[path], "after kill at \(delay)s: \(clip)")
                #expect(["stored", "already_stored"].contains(Oracle.text(clip["status"])))
            }
            let objects = try Oracle.storedObjectsMatchTheirNames(home: home)
            #expect(objects.count == sources.count && objects.mismatches.isEmpty)
            #expect(Oracle.stagingLeftovers(home: home).isEmpty, "staging not cleaned after kill at \(delay)s")
            #expect(try recgate.run(["--home", home.path, "audit", "verify"]).status == 0)
        }
        // Kill points must land while the offload is running, or the test shows nothing.
        #expect(killedMidway >= points / 3, "only \(killedMidway) of \(points) kills hit a running offload")
    }
}
