import Digest
import Foundation
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// gphoto2 (libgphoto2's ptp2 driver, through its own libusb) against the emulated camera: a client nobody
    /// here wrote must accept the emulator, or the emulator could speak a dialect only our driver understands.
    /// gphoto2 runs as a child process; it inherits umockdev's preload and testbed, so its libusb sees the dock.
    /// With `--debug-logfile` each run leaves libgphoto2's account of the exchange in `.build/artifacts/gphoto2/`.
    @Suite struct GPhoto2 {
        static let port = "1-1.5.3"
        /// The dock fixture gives the camera bus 1, device 5.
        static let gphotoPort = "usb:001,005"

        static let artifacts = PackageRoot.url.appendingPathComponent(".build/artifacts/gphoto2")

        struct Session {
            let folder: TempDirectory
            /// The test's name, which its logs are named after.
            let name: String
            var runs = 0

            /// `gphoto2 --port usb:001,005 <args>` in the session's folder, its debug log kept beside; a failed
            /// run is a test failure that shows gphoto2's message and where the log is.
            mutating func gphoto2(_ args: [String], port: Bool = true, environment: [String: String] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
                runs += 1
                try FileManager.default.createDirectory(at: GPhoto2.artifacts, withIntermediateDirectories: true)
                let log = GPhoto2.artifacts.appendingPathComponent("\(name)-\(runs).log").path
                let result = try run("gphoto2", ["--debug", "--debug-logfile", log] + (port ? ["--port", gphotoPort] : []) + args,
                                     environment: environment, currentDirectory: folder.url)
                #expect(result.status == 0, "gphoto2 \(args): \(result.stderr) (log: \(log))", sourceLocation: sourceLocation)
                return result.stdout
            }
        }

        func withGPhoto2<T>(_ camera: EmulatedPTPCamera, name: String = #function, _ body: (inout Session) throws -> T) throws -> T {
            try Dock.with(responders: [Self.port: camera]) { _, _ in
                var session = Session(folder: try TempDirectory(prefix: "recgate-gphoto2"),
                                      name: String(name.prefix { $0 != "(" }))
                return try body(&session)
            }
        }

        /// `--list-files` lines: `#1     MVI_0001.MP4   rd   293 KB video/quicktime 1793698215` under
        /// `There are 4 files in folder '/store_00010001'.`, as (folder, name) pairs.
        static func listed(_ output: String) -> [(folder: String, name: String)] {
            var folder = ""
            var files: [(String, String)] = []
            for line in output.split(separator: "\n") {
                if line.hasPrefix("There "), let open = line.firstIndex(of: "'"), let close = line.lastIndex(of: "'"), open < close {
                    folder = String(line[line.index(after: open)..<close])
                } else if line.hasPrefix("#") {
                    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                    if fields.count > 1 { files.append((folder, String(fields[1]))) }
                }
            }
            return files
        }

        /// The SHA-256 of each file gphoto2 saved, by openssl, against the emulator's bytes hashed here.
        static func expectSavedAsHeld(_ objects: [EmulatedPTPCamera.Object], in folder: URL,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
            for object in objects {
                let file = folder.appendingPathComponent(object.filename)
                let openssl = try run("openssl", ["dgst", "-sha256", "-r", file.path])
                #expect(openssl.status == 0, "\(object.filename) was not saved: \(openssl.stderr)", sourceLocation: sourceLocation)
                #expect(String(openssl.stdout.prefix(64)) == hex(DigestAlgorithm.sha256.hash(data: object.bytes)),
                        "\(object.filename)", sourceLocation: sourceLocation)
            }
        }

        @Test func detectsListsAndDownloadsEveryObjectAsTheCameraHoldsIt() throws {
            let camera = EmulatedPTPCamera()
            try withGPhoto2(camera) { gphoto2 in
                // Detected on its port by its USB IDs, among whatever else gphoto2 finds on this machine.
                let detected = try gphoto2.gphoto2(["--auto-detect"], port: false)
                #expect(detected.split(separator: "\n").contains {
                    $0.hasPrefix("Canon PowerShot SX200 IS") && $0.split(separator: " ").last == Substring(Self.gphotoPort)
                }, "\(detected)")

                let listing = Self.listed(try gphoto2.gphoto2(["--list-files"]))
                #expect(listing.map(\.folder).allSatisfy { $0 == "/store_00010001" }, "\(listing)")
                #expect(Set(listing.map(\.name)) == Set(camera.objects.map(\.filename)) && listing.count == camera.objects.count)

                // Every object whole: the 300 000-byte clip over many reads, the photo whose container is exactly
                // two packets and the clip of exactly 32 KiB (zero-length packets), the 13-byte note.
                _ = try gphoto2.gphoto2(["--get-all-files"])
                try Self.expectSavedAsHeld(camera.objects, in: gphoto2.folder.url)
                // One object by its number, into a name of our choosing.
                let number = try #require(listing.firstIndex { $0.name == "MVI_0004.MP4" }) + 1
                _ = try gphoto2.gphoto2(["--get-file", "\(number)", "--filename", "again-%f.%C"])
                var again = try #require(camera.objects.first { $0.filename == "MVI_0004.MP4" })
                again.filename = "again-MVI_0004.MP4"
                try Self.expectSavedAsHeld([again], in: gphoto2.folder.url)
                #expect(camera.operations.contains(0x1009) && !camera.isSessionOpen)
            }
        }

        @Test func readsTheBatteryAndTheClockAsTheCameraServedThem() throws {
            let camera = EmulatedPTPCamera(clockOffset: 3725, battery: 64)
            try withGPhoto2(camera) { gphoto2 in
                // libgphoto2 reads a property's type, range and value from GetDevicePropDesc; the battery's range
                // 0–100 makes 64 "64%".
                let battery = try gphoto2.gphoto2(["--get-config", "batterylevel"])
                #expect(battery.split(separator: "\n").contains("Current: 64%"), "\(battery)")
                #expect(camera.operations.contains(0x1014))

                // DateTime as a local time: gphoto2 makes it an instant with mktime in its own zone, so it runs in
                // the camera's. The instant is one the camera served.
                let before = camera.clockReads.count
                let clock = try gphoto2.gphoto2(["--get-config", "datetime"], environment: ["TZ": "Asia/Shanghai"])
                let current = try #require(clock.split(separator: "\n").first { $0.hasPrefix("Current: ") }, "\(clock)")
                let seconds = try #require(Double(current.dropFirst("Current: ".count)), "\(current)")
                let served = camera.clockReads.dropFirst(before)
                #expect(!served.isEmpty)
                #expect(served.contains { event in
                    let shown = EmulatedPTPCamera.parse(event.text, zone: camera.zone)?.timeIntervalSince1970
                    return shown == seconds
                }, "gphoto2 showed \(seconds); the camera served \(served.map(\.text))")
            }
        }

        @Test func findsObjectsInTheCamerasFolders() throws {
            let camera = EmulatedPTPCamera(objects: EmulatedPTPCamera.Object.inDCIMFolder(EmulatedPTPCamera.sampleObjects))
            try withGPhoto2(camera) { gphoto2 in
                // libgphoto2 walks the folders with GetObjectHandles(storage, 0, association): the root's
                // (0xFFFFFFFF) holds DCIM only, DCIM's holds 100CANON, which holds the files.
                let listing = Self.listed(try gphoto2.gphoto2(["--list-files"]))
                #expect(listing.map(\.folder) == Array(repeating: "/store_00010001/DCIM/100CANON", count: 4), "\(listing)")
                #expect(Set(listing.map(\.name)) == Set(EmulatedPTPCamera.sampleObjects.map(\.filename)))
                _ = try gphoto2.gphoto2(["--get-all-files"])
                try Self.expectSavedAsHeld(EmulatedPTPCamera.sampleObjects, in: gphoto2.folder.url)
            }
        }
    }
}
