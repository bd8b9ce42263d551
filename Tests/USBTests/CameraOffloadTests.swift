import Foundation
import PTPDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `recgate offload --camera` against the emulated PTP camera at the dock's 1-1.5.3.
    @Suite struct CameraOffload {
        static let port = PTPCamera.port
        static let binary = PTPCamera.binary

        struct Report: Decodable {
            struct Clip: Decodable {
                var path: String
                var size: Int64
                var sha256: String?
                var status: String
                var error: String?
                var released: Bool?
                var release_skipped: String?
                var store_path: String?
            }
            struct Summary: Decodable {
                var stored: Int
                var already_stored: Int
                var failed: Int
            }
            var session_id: String
            var volume: String
            var clips: [Clip]
            var skipped: [Skipped]
            var summary: Summary
            struct Skipped: Decodable {
                var path: String
                var reason: String
            }
        }

        /// The recordings of the model (photo, video and audio extensions): the note is not one.
        static func recordings(_ camera: EmulatedPTPCamera) -> [EmulatedPTPCamera.Object] {
            camera.objects.filter { !$0.filename.hasSuffix(".TXT") }
        }

        static func path(_ camera: EmulatedPTPCamera, _ object: EmulatedPTPCamera.Object) -> String {
            CameraSourcePath.storage(camera.storageID) + "/" + object.filename
        }

        func offload(_ camera: EmulatedPTPCamera, home: TempDirectory, _ extra: [String] = [])
            throws -> (ProcessOutput, Report?)
        {
            let out = try Dock.with(responders: [Self.port: camera]) { _, _ in
                try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path] + extra)
            }
            return (out, try? JSONDecoder().decode(Report.self, from: Data(out.stdout.utf8)))
        }

        func sha256(of bytes: [UInt8], in folder: TempDirectory) throws -> String {
            let file = folder.url.appendingPathComponent(UUID().uuidString)
            try Data(bytes).write(to: file)
            let openssl = try run("openssl", ["dgst", "-sha256", "-r", file.path])
            #expect(openssl.status == 0)
            return String(openssl.stdout.prefix(64))
        }

        /// One query on the home's catalog through the sqlite3 shell, rows as lines.
        func query(_ home: TempDirectory, _ sql: String) throws -> [String] {
            let out = try run("sqlite3", ["-readonly", home.url.appendingPathComponent("catalog.sqlite").path, sql])
            #expect(out.status == 0, "\(out.stderr)")
            return out.stdout.split(separator: "\n").map(String.init)
        }

        /// Every regular file under the store's `staging/` and `objects/`.
        func storeFiles(_ home: TempDirectory) -> (staging: [String], objects: [String]) {
            func files(_ folder: String) -> [String] {
                let root = home.url.appendingPathComponent("store/" + folder)
                guard let walk = FileManager.default.enumerator(atPath: root.path) else { return [] }
                return walk.compactMap { $0 as? String }.filter {
                    var isFolder: ObjCBool = false
                    FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &isFolder)
                    return !isFolder.boolValue
                }
            }
            return (files("staging"), files("objects"))
        }

        @Test func storesEveryRecordingVerifiedAndARerunCopiesNothing() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let scratch = try TempDirectory()
            let camera = EmulatedPTPCamera()
            let (first, report) = try offload(camera, home: home)
            #expect(first.status == 0, "\(first.stderr)")
            let stored = try #require(report, "\(first.stdout)")
            #expect(stored.volume == "camera:\(Self.port)")
            let expected = Self.recordings(camera)
            #expect(stored.clips.map(\.path) == expected.map { Self.path(camera, $0) })
            // The note is on the camera too, and the report says why it was not offloaded.
            let notes = camera.objects.filter { $0.filename.hasSuffix(".TXT") }
            #expect(stored.skipped.map(\.path) == notes.map { Self.path(camera, $0) })
            #expect(stored.skipped.allSatisfy { $0.reason == "not_a_recording" })
            for object in expected {
                let clip = try #require(stored.clips.first { $0.path == Self.path(camera, object) })
                #expect(clip.status == "stored" && clip.size == Int64(object.bytes.count), "\(clip)")
                #expect(clip.sha256 == (try sha256(of: object.bytes, in: scratch)), "\(object.filename)")
                let storePath = try #require(clip.store_path)
                #expect(try Data(contentsOf: URL(fileURLWithPath: storePath)) == Data(object.bytes))
            }
            // Nothing was deleted without --release.
            #expect(camera.objects.count == 4)
            #expect(!camera.operations.contains(PTPOperation.deleteObject))

            let (second, again) = try offload(camera, home: home)
            #expect(second.status == 0, "\(second.stderr)")
            let rerun = try #require(again, "\(second.stdout)")
            #expect(rerun.clips.map(\.status) == Array(repeating: "already_stored", count: expected.count))
            #expect(rerun.summary.stored == 0 && rerun.summary.already_stored == expected.count)
            #expect(camera.objects.count == 4)

            // Released later: recordings stored by an earlier run are not copied again, but each is hashed
            // again (one GetObject) so that only the bytes stored are deleted.
            let reads = camera.operations.filter { $0 == PTPOperation.getObject }.count
            let (third, released) = try offload(camera, home: home, ["--release"])
            #expect(third.status == 0, "\(third.stderr)")
            #expect(released?.clips.map(\.status) == Array(repeating: "already_stored", count: expected.count))
            #expect(released?.clips.allSatisfy { $0.released == true } == true)
            #expect(camera.operations.filter { $0 == PTPOperation.getObject }.count == reads + expected.count)
            #expect(storeFiles(home).staging.isEmpty)
            #expect(camera.objects.map(\.filename) == ["NOTE0003.TXT"])

            // The catalog names the camera's serial as the device and the clips' camera paths.
            let rows = try query(home, "SELECT d.serial, c.source_path, c.kind, c.fs_mtime_raw, c.fs_mtime IS NOT NULL "
                                 + "FROM clip c JOIN device d ON d.id = c.device_id ORDER BY c.source_path")
            let wanted = expected.sorted { $0.filename < $1.filename }.map { object in
                let kind = object.filename.hasSuffix(".JPG") ? "photo" : "video"
                return "CN0001|\(Self.path(camera, object))|\(kind)|\(object.captureDate)|1"
            }
            #expect(rows == wanted)
        }

        @Test func anObjectChangedOnTheCameraAfterItWasReadIsKept() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let camera = EmulatedPTPCamera()
            // Right after GetObject served the clip, the camera rewrites its entry (same size, another date).
            var edited = try #require(camera.objects.first { $0.filename == "MVI_0001.MP4" })
            edited.captureDate = "20261103T093017"
            camera.change(afterRead: edited)
            let (out, parsed) = try offload(camera, home: home, ["--release"])
            #expect(out.status == 0, "\(out.stderr)")
            let report = try #require(parsed, "\(out.stdout) \(out.stderr)")
            let clip = try #require(report.clips.first { $0.path.hasSuffix("/MVI_0001.MP4") })
            #expect(clip.status == "stored" && clip.released == false, "\(clip)")
            #expect(clip.release_skipped?.contains("changed on the camera") == true, "\(clip)")
            #expect(report.clips.filter { !$0.path.hasSuffix("/MVI_0001.MP4") }.allSatisfy { $0.released == true })
            #expect(camera.objects.map(\.filename) == ["MVI_0001.MP4", "NOTE0003.TXT"])
        }

        @Test func releaseDeletesExactlyTheVerifiedObjects() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let camera = EmulatedPTPCamera()
            // The first GetObject is refused: that recording is not stored, so it must stay on the camera.
            camera.inject(.responseCode(PTPResponse.deviceBusy), on: PTPOperation.getObject)
            let (out, parsed) = try offload(camera, home: home, ["--release"])
            #expect(out.status == 1)
            let report = try #require(parsed, "\(out.stdout) \(out.stderr)")
            #expect(report.clips.map(\.status) == ["failed", "stored", "stored"], "\(report.clips)")
            #expect(report.clips.map { $0.released ?? false } == [false, true, true])
            // The failed clip and the note (not a recording) stay; the verified ones are gone.
            #expect(camera.objects.map(\.filename) == ["MVI_0001.MP4", "NOTE0003.TXT"])

            // A second run stores the one left and releases it.
            let (again, rerun) = try offload(camera, home: home, ["--release"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(rerun?.clips.map(\.status) == ["stored"])
            #expect(rerun?.clips.first?.released == true)
            #expect(camera.objects.map(\.filename) == ["NOTE0003.TXT"])
        }

        @Test func anObjectChangedOnTheCameraSinceItWasStoredIsKept() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let (first, stored) = try offload(EmulatedPTPCamera(), home: home)
            #expect(first.status == 0 && stored?.summary.stored == 3, "\(first.stdout) \(first.stderr)")

            // Docked again with MVI_0004.MP4 rewritten: same handle, name, dates and size, other bytes.
            let objects = EmulatedPTPCamera.sampleObjects.map { object in
                var object = object
                if object.filename == "MVI_0004.MP4" { object.bytes = object.bytes.map { $0 ^ 0x5A } }
                return object
            }
            let camera = EmulatedPTPCamera(objects: objects)
            let (out, parsed) = try offload(camera, home: home, ["--release"])
            #expect(out.status == 0, "\(out.stderr)")
            let report = try #require(parsed, "\(out.stdout)")
            let changed = try #require(report.clips.first { $0.path.hasSuffix("MVI_0004.MP4") })
            #expect(changed.status == "already_stored" && changed.released == false, "\(changed)")
            #expect(changed.release_skipped?.contains("the device's bytes differ from the stored copy") == true,
                    "\(changed)")
            #expect(report.clips.filter { $0.released == true }.count == 2, "\(report.clips)")
            #expect(camera.objects.map(\.filename).sorted() == ["MVI_0004.MP4", "NOTE0003.TXT"])
            #expect(try query(home, "SELECT action FROM audit WHERE action LIKE 'device.release%' ORDER BY seq")
                .sorted() == ["device.release", "device.release", "device.release_skipped"])
        }

        @Test func aCameraPulledOutMidObjectLeavesNothingAndTheNextRunCompletes() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let home = try TempDirectory()
            let camera = EmulatedPTPCamera()
            camera.inject(.hangInData(after: 100_000), on: PTPOperation.getObject)
            let (out, pulled) = try Dock.with(responders: [Self.port: camera]) { bed, _ in
                let pulled = pullDuringTransfer(bed, Self.port)
                let out = try run(Self.binary, ["offload", "--camera", Self.port, "--json", "--home", home.url.path])
                return (out, pulled())
            }
            #expect(pulled)
            #expect(out.status == 1)
            let report = try #require(try? JSONDecoder().decode(Report.self, from: Data(out.stdout.utf8)),
                                      "\(out.stdout) \(out.stderr)")
            #expect(report.summary.stored == 0 && report.summary.failed == 3, "\(report.clips)")
            #expect(report.clips.first?.error?.contains("GetObject") == true, "\(report.clips)")
            let files = storeFiles(home)
            #expect(files.staging.isEmpty && files.objects.isEmpty, "\(files)")
            #expect(try query(home, "SELECT status FROM offload_session WHERE id = '\(report.session_id)'") == ["failed"])
            #expect(try query(home, "SELECT count(*) FROM clip") == ["0"])

            // Plugged in again (a fresh connection to the same recordings): everything is offloaded whole.
            let back = EmulatedPTPCamera()
            let (again, rerun) = try offload(back, home: home)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(rerun?.clips.map(\.status) == ["stored", "stored", "stored"])
            #expect(storeFiles(home).objects.count == 3 && storeFiles(home).staging.isEmpty)
        }
    }
}

/// The storage part of a camera recording's path, as the offload writes it.
enum CameraSourcePath {
    static func storage(_ id: UInt32) -> String {
        let s = String(id, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
