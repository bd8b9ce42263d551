import Foundation
import MediaProbes
import Testing
import TestSupport

/// `recgate probe` as scripts run it: the JSON contract, the exit status, and agreement with the
/// in-process probe.
@Suite struct ProbeCommandTests {
    @Test func jsonContract() throws {
        let files = try [MediaFixtures.rotated(), MediaFixtures.mjpegAVI(), MediaFixtures.m4a(), ClipFactory.photo()]
        let (status, objects, output) = try Recgate.probeJSON(files.map(\.path))
        #expect(status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        try #require(objects.count == files.count)
        for (object, file) in zip(objects, files) {
            #expect(object["path"] as? String == file.path)
            #expect(object["integrity"] as? String == "ok")
            #expect(object["format"] is String)
            #expect(object["duration"] is NSNumber)
            #expect(object.keys.contains("creation_time"))
            let streams = try #require(object["streams"] as? [[String: Any]])
            #expect(!streams.isEmpty)
            for stream in streams {
                #expect(stream["codec"] is String)
                switch stream["type"] as? String {
                case "video":
                    #expect(stream["width"] is NSNumber && stream["height"] is NSNumber)
                case "audio":
                    #expect(stream["sample_rate"] is NSNumber && stream["channels"] is NSNumber)
                default:
                    Issue.record("unexpected stream type \(String(describing: stream["type"]))")
                }
                let packets = try #require(stream["packets"] as? [String: Any])
                #expect(packets["first_time"] is NSNumber && packets["last_time"] is NSNumber)
            }
        }
        #expect(objects[0]["creation_time"] as? String == MediaFixtures.rotatedCreationTime)
        #expect(objects[0]["rotation"] as? Int == 90)
        #expect(objects[1]["creation_time"] is NSNull)
    }

    @Test func jsonDecodesToWhatTheProbeReturns() throws {
        // A copy stamped at a whole second: JSON times carry milliseconds, the file system nanoseconds.
        let folder = try TempDirectory()
        let file = folder.path("clip.mp4")
        try FileManager.default.copyItem(at: MediaFixtures.rotated(), to: file)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_793_669_417)], ofItemAtPath: file.path)
        let output = try Recgate.run(["probe", "--json", "--deep", file.path])
        let decoded = try JSONDecoder().decode([MediaFacts].self, from: Data(output.stdout.utf8))
        // The command reads creation_time in the gateway's zone (Asia/Shanghai by default): true UTC here.
        let inProcess = try MediaProbe.probe(path: file.path, deep: true, zone: TimeZone(identifier: "Asia/Shanghai"))
        #expect(decoded == [inProcess])
        #expect(decoded.first?.timing?.creationTimeReading == "utc")
        #expect(decoded.first?.decodeErrors == 0)
    }

    @Test func brokenFilesAreReportedAndExitOne() throws {
        let folder = try TempDirectory()
        let missing = folder.path("missing.mp4").path
        let files = try [MediaFixtures.h264AAC().path, MediaFixtures.truncated(.noIndex).path, MediaFixtures.garbage().path,
                         MediaFixtures.empty().path, missing]
        let (status, objects, _) = try Recgate.probeJSON(files)
        #expect(status == 1)
        try #require(objects.count == 5)
        #expect(objects.map { $0["integrity"] as? String } == ["ok", "truncated", "corrupt", "corrupt", "corrupt"])
        #expect(objects[0]["error"] == nil)
        for object in objects.dropFirst() {
            #expect((object["error"] as? String)?.isEmpty == false)
            #expect(object["format"] is NSNull || object["format"] is String)
            #expect(object["duration"] is NSNull || object["duration"] is NSNumber)
            #expect(object["creation_time"] is NSNull)
        }
        #expect((objects[4]["error"] as? String)?.contains("No such file") == true)
    }

    @Test func nameStartAndHumanOutput() throws {
        let home = try TempDirectory()
        let file = try MediaFixtures.rotated()
        // The name's start in the home's zone (Asia/Shanghai by default) is 8 hours after creation_time UTC.
        let (_, objects, _) = try Recgate.probeJSON(["--home", home.url.path, "--name-start", "2026-11-03T09:30:15", file.path])
        let timing = try #require(objects.first?["timing"] as? [String: Any])
        #expect(timing["name_start"] as? String == "2026-11-03T01:30:15Z")
        let findings = try #require(timing["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["kind"] as? String == "start_mismatch" })

        let off = try Recgate.probeJSON(["--name-start", "2026-11-03T09:30:15Z", file.path])
        let offFindings = try #require((off.objects.first?["timing"] as? [String: Any])?["findings"] as? [[String: Any]])
        let start = try #require(offFindings.first { $0["kind"] as? String == "start_mismatch" })
        #expect(start["difference"] as? Double == -28_800)
        #expect((start["note"] as? String)?.contains("-8 h") == true)

        let text = try Recgate.run(["probe", file.path, MediaFixtures.truncated(.noIndex).path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("OK \(file.path)"))
        #expect(text.stdout.contains("TRUNCATED"))
        #expect(text.stdout.contains("h264 (Constrained Baseline) 160x120"))

        let usage = try Recgate.run(["probe"])
        #expect(usage.status == 64)
    }
}
