import Evidence
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Gateway
import Testing
import TestSupport

/// `recgate derive` on a home holding one recording of each kind, offloaded through the real pipeline:
/// the decision per clip, the files made (judged by ffprobe and openssl), their catalogue rows and audit
/// entries, and a second run that finds nothing left to do.
@Suite struct DeriveCommandTests {
    /// One report line of `recgate derive --json`.
    struct Line: Decodable {
        var clip_id: String?
        var sha256: String
        var done: String
        var reason: String
        var derived: File?
        struct File: Decodable {
            var sha256: String
            var path: String
            var kind: String
            var recipe: String
        }
    }

    struct Report: Decodable {
        var clips: [Line]
        var failed: Int
    }

    static func derive(_ home: OffloadedHome, _ arguments: [String]) throws -> (status: Int32, report: Report?, stderr: String) {
        let run = try home.recgate(["derive"] + arguments + ["--json"])
        let report = try? JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        return (run.status, report, run.stderr)
    }

    /// ffprobe's video codec and whether `moov` comes before `mdat`.
    static func judge(_ path: String) throws -> (codec: String?, indexFirst: Bool) {
        let codec = try runChecked("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name",
                                               "-of", "csv=p=0", path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let trace = try runChecked("ffprobe", ["-v", "trace", path]).stderr
        guard let moov = trace.range(of: "type:'moov'"), let mdat = trace.range(of: "type:'mdat'") else { return (codec, false) }
        return (codec, moov.lowerBound < mdat.lowerBound)
    }

    @Test func pendingMakesWhatEachClipNeedsOnceAndAuditsIt() throws {
        let folder = try TempDirectory()
        let recordings: [String: URL] = [
            "FAST0001.MP4": try MaintenanceFixtures.indexFirst(),
            "LAST0002.MP4": try MaintenanceFixtures.indexLast(),
            "HEVC0003.MP4": try MediaFixtures.hevc(),
            "MJPG0004.AVI": try MaintenanceFixtures.mjpegAVI(),
            "PCMS0005.MOV": try MaintenanceFixtures.pcmMOV(),
            "CUT_0006.MP4": try MaintenanceFixtures.truncated(in: folder.url),
            "PHOT0007.JPG": try ClipFactory.photo(),
        ]
        let home = try OffloadedHome(recordings, configuration: #"{"proxy_policy": "all"}"#)
        let run = try Self.derive(home, ["--pending"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(run.report, "\(run.stderr)")
        #expect(report.failed == 0)
        var done: [String: Line] = [:]
        for line in report.clips {
            let name = try #require(home.stored.first { $0.value == line.sha256 }?.key)
            done[name] = line
        }
        let expected = ["FAST0001.MP4": "nothing", "LAST0002.MP4": "faststart", "HEVC0003.MP4": "proxy",
                        "MJPG0004.AVI": "proxy", "PCMS0005.MOV": "proxy", "CUT_0006.MP4": "recovered+proxy"]
        #expect(done.mapValues(\.done) == expected, "\(report.clips.map { "\($0.done): \($0.reason)" })")
        // The photo is no video: not pending at all, and asked for by name it needs nothing.
        #expect(done["PHOT0007.JPG"] == nil)
        let photo = try Self.derive(home, [String(try #require(home.stored["PHOT0007.JPG"]).prefix(12))])
        #expect(photo.status == 0 && photo.report?.clips.map(\.done) == ["nothing"], "\(photo.stderr)")
        #expect(photo.report?.clips.first?.reason.contains("a photo") == true)
        #expect(done["FAST0001.MP4"]?.reason.contains("index first") == true)
        #expect(done["HEVC0003.MP4"]?.reason.contains("hevc video") == true)
        #expect(done["PCMS0005.MOV"]?.reason.contains("pcm_s16le sound") == true)
        #expect(done["CUT_0006.MP4"]?.derived?.recipe.hasPrefix("recovered (reference \(home.stored["LAST0002.MP4"]!)") == true
                || done["CUT_0006.MP4"]?.derived?.recipe.hasPrefix("recovered (reference \(home.stored["FAST0001.MP4"]!)") == true,
                "\(done["CUT_0006.MP4"]?.derived?.recipe ?? "none")")

        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        for (name, line) in done {
            let clip = try #require(try catalog.clip(sha256: line.sha256))
            #expect(line.clip_id == clip.id)
            let rows = try catalog.derived(clipID: clip.id)
            guard line.done != "nothing" else {
                #expect(rows.isEmpty && line.derived == nil, "\(name)")
                continue
            }
            let file = try #require(line.derived, "\(name)")
            let row = try #require(rows.first, "\(name)")
            #expect(rows.count == 1)
            // The row is what was reported, the bytes are what the row says (openssl), outside the store.
            #expect(row.sha256 == file.sha256 && row.path == file.path && row.kind == file.kind && row.recipe == file.recipe)
            #expect(try MaintenanceFixtures.sha256(row.path) == row.sha256)
            #expect(row.path.hasPrefix(home.home.root.appendingPathComponent("derived/\(row.kind)/").path))
            #expect(row.kind == (line.done == "faststart" ? "faststart" : "proxy"), "\(name)")
            // Audited with its source.
            let entries = try catalog.auditEntries(object: "derived:\(row.id)")
            #expect(entries.map(\.action) == ["derived.made"] && entries.first?.digest == row.sha256, "\(name)")
            #expect(entries.first?.detail.contains(line.sha256) == true)
            // ffprobe: H.264, index first, for a faststart copy and every proxy.
            let judged = try Self.judge(row.path)
            #expect(judged.codec == "h264" && judged.indexFirst, "\(name): \(judged)")
        }
        // The proxy of the truncated clip holds what was recovered: about the half of the second that was kept.
        let cut = try #require(done["CUT_0006.MP4"]?.derived?.path)
        let duration = try runChecked("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", cut])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let seconds = try #require(Double(duration))
        #expect(seconds > 0.1 && seconds < 1.0, "\(seconds)")
        // No recovery leftovers beside the proxies.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: home.home.root.appendingPathComponent("derived").path)
            .filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // Again: every clip that needed a file has one, so only the clip that needs nothing is looked at.
        let again = try Self.derive(home, ["--pending"])
        #expect(again.status == 0)
        let second = try #require(again.report)
        #expect(second.clips.map(\.done) == ["nothing"] && second.clips.first?.sha256 == home.stored["FAST0001.MP4"])
        let audit = try home.recgate(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        let verify = try home.recgate(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func oneClipByShaPrefixOrIdIsMadeUnderAnyPolicy() throws {
        // proxy_policy none: the daemon makes nothing unattended, but a clip asked for by name is made.
        let home = try OffloadedHome(["HEVC0001.MP4": try MediaFixtures.hevc(), "LAST0002.MP4": try MaintenanceFixtures.indexLast()],
                                     configuration: #"{"proxy_policy": "none"}"#)
        let pending = try Self.derive(home, ["--pending"])
        #expect(pending.status == 0 && pending.report?.clips.isEmpty == true)

        let hevc = try #require(home.stored["HEVC0001.MP4"])
        let byPrefix = try Self.derive(home, [String(hevc.prefix(10))])
        #expect(byPrefix.status == 0, "\(byPrefix.stderr)")
        #expect(byPrefix.report?.clips.map(\.done) == ["proxy"])
        let again = try Self.derive(home, [String(hevc.prefix(10))])
        #expect(again.report?.clips.first?.done == "nothing")
        #expect(again.report?.clips.first?.reason.hasPrefix("already has a proxy") == true)

        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let lastSHA256 = try #require(home.stored["LAST0002.MP4"])
        let last = try #require(try catalog.clip(sha256: lastSHA256))
        let byID = try Self.derive(home, [last.id])
        #expect(byID.report?.clips.map(\.done) == ["faststart"])
        #expect(try catalog.derived(clipID: last.id).map(\.kind) == ["faststart"])

        // A text run prints the decision; an unknown clip is exit status 2.
        let text = try home.recgate(["derive", String(hevc.prefix(12))])
        #expect(text.status == 0 && text.stdout.contains("nothing: already has a proxy"), "\(text.stdout)")
        // FFmpeg's own chatter stays off standard error unless --verbose.
        #expect(byPrefix.stderr.isEmpty && byID.stderr.isEmpty, "\(byPrefix.stderr)\(byID.stderr)")
        let unknown = try home.recgate(["derive", "0000000000"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no clip 0000000000"), "\(unknown.stderr)")
        let both = try home.recgate(["derive", "--pending", last.id])
        #expect(both.status != 0 && both.stderr.contains("either CLIP or --pending"), "\(both.stderr)")
    }

    /// A truncated recording with no healthy clip of its device to recover it with fails, exit status 1,
    /// with the reason; the clip stays pending and its stored bytes are untouched.
    @Test func aTruncatedClipWithoutAReferenceFailsAndStaysPending() throws {
        let folder = try TempDirectory()
        let cut = try MaintenanceFixtures.truncated(in: folder.url)
        let home = try OffloadedHome(["CUT_0001.MP4": cut], configuration: #"{"proxy_policy": "all"}"#)
        let run = try Self.derive(home, ["--pending"])
        #expect(run.status == 1)
        let line = try #require(run.report?.clips.first)
        #expect(line.done == "failed" && line.reason.contains("no healthy H.264/AAC MP4 of the same device"), "\(line.reason)")
        #expect(run.report?.failed == 1)
        let sha256 = try #require(home.stored["CUT_0001.MP4"])
        #expect(try MaintenanceFixtures.sha256(home.gateway.storedObjectPath(sha256: sha256)) == sha256)
        #expect(try home.home.openCatalogForReading(try home.gateway.configuration()).clipsWithoutDerived(
            kinds: ["video"], derivedKinds: ["faststart", "proxy"]).map(\.sha256) == [sha256])
        let text = try home.recgate(["derive", "--pending"])
        #expect(text.status == 1 && text.stderr.contains("failed: no healthy"), "\(text.stderr)")
    }

    /// While another process of the home (the daemon's queue) holds `derived/.lock`, `recgate derive`
    /// waits for it (the kernel lists it as a blocked waiter in /proc/locks) and makes nothing; let go,
    /// it makes the clip's file.
    @Test func deriveWaitsForTheQueueOfTheSameHome() throws {
        let home = try OffloadedHome(["LAST0001.MP4": try MaintenanceFixtures.indexLast()])
        let sha256 = try #require(home.stored["LAST0001.MP4"])
        let root = home.home.root.appendingPathComponent("derived")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lockPath = root.appendingPathComponent(".lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        var closed = false
        defer { if !closed { close(fd) } }
        try #require(flock(fd, LOCK_EX) == 0)
        var info = stat()
        try #require(fstat(fd, &info) == 0)
        let inode = ":\(info.st_ino) "

        let output = try TempDirectory()
        let child = try SpawnedProcess(try PackageRoot.recgate(), ["--home", home.home.root.path, "derive", String(sha256.prefix(12))],
                                       outputFolder: output.url)
        // A state, not a time: the kernel's list of locks shows the child waiting on this file.
        let deadline = Date().addingTimeInterval(120)
        var waiting = false
        while !waiting && child.poll() == nil && Date() < deadline {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            waiting = locks.split(separator: "\n").contains { $0.contains("-> FLOCK") && $0.contains(" \(child.pid) ") && $0.contains(inode) }
            if !waiting { usleep(10_000) }
        }
        #expect(waiting, "recgate derive did not wait for the lock")
        let catalog = try home.home.openCatalogForReading(try home.gateway.configuration())
        let clip = try #require(try catalog.clip(sha256: sha256))
        #expect(try catalog.derived(clipID: clip.id).isEmpty)

        close(fd)
        closed = true
        #expect(try child.wait() == 0, "\(child.stderr())")
        let after = try home.home.openCatalogForReading(try home.gateway.configuration())
        #expect(try after.derived(clipID: clip.id).map(\.kind) == ["faststart"], "\(child.stdout())")
    }
}
