import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// The gateway's device operations, in process as the daemon will call them: the device view and the
    /// camera info are the documents the command line prints; the camera clock at the dock is read, set
    /// and recorded.
    @Suite struct GatewayViews {
        static let binary = PackageRoot.url.appendingPathComponent(".build/debug/recgate").path
        static let keyboard = PackageRoot.url.appendingPathComponent("fixtures/usb/keyboard-bay3.umockdev").path
        static let composite = PackageRoot.url.appendingPathComponent("fixtures/usb/composite-bay4.umockdev").path

        @Test func theDevicesDocumentIsTheOneTheCommandPrints() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let folder = try TempDirectory(prefix: "recgate-gateway")
            let home = GatewayHome(root: folder.url)
            let gateway = Gateway(home: home)
            let camera = EmulatedEchoDevice(strings: [1: "Canon Inc.", 2: "Canon Digital Camera", 3: "CN0001"])
            let (json, text, views) = try Dock.with(responders: ["1-1.5.3": camera]) { bed, _ in
                try bed.add(file: Self.keyboard)
                try bed.add(file: Self.composite)
                let json = try run(Self.binary, ["devices", "--json", "--home", folder.url.path])
                let text = try run(Self.binary, ["devices", "--home", folder.url.path])
                let views = try gateway.deviceViews(try gateway.attachedDevices(), bays: try gateway.bays())
                return (json, text, views)
            }
            #expect(json.status == 0 && text.status == 0, "\(json.stderr)\(text.stderr)")
            #expect(views.map(\.port_path) == ["usb1", "1-1", "1-1.2", "1-1.3", "1-1.4", "1-1.5", "1-1.5.3"])
            #expect(json.stdout == String(decoding: try DocumentEncoder.encode(views), as: UTF8.self) + "\n")
            #expect(text.stdout == views.map { $0.line + "\n" }.joined())
            // Listing devices makes no catalog.
            #expect(!FileManager.default.fileExists(atPath: home.catalogURL.path))
        }

        @Test func theCameraClockAtTheDockIsReadSetAndRecorded() throws {
            let folder = try TempDirectory(prefix: "recgate-gateway")
            let gateway = Gateway(home: GatewayHome(root: folder.url))
            let camera = EmulatedPTPCamera(clockOffset: 42)
            let (set, again) = try Dock.with(responders: ["1-1.5.3": camera]) { _, _ in
                (try gateway.cameraClockAtDock(portPath: "1-1.5.3", set: true),
                 try gateway.cameraClockAtDock(portPath: "1-1.5.3", set: false))
            }
            #expect(set.serial == "CN0001" && set.recorded == 2)
            #expect(set.readings.map(\.clockSet) == [true, false])
            #expect(camera.clockSets.count == 1)
            // Read before it was set: 42 s ahead; then as set.
            #expect(camera.clockReads.first?.offset == 42)
            #expect(again.recorded == 1 && again.readings.map(\.clockSet) == [false])
            // The catalog holds the three dock observations, in order, the first marked clock_set.
            let history = try gateway.caseDesk(create: false).desk.clockHistory(device: "CN0001")
            #expect(history.readings.map(\.source) == [.dock, .dock, .dock])
            #expect(history.readings.map(\.clockSet) == [true, false, false])
            #expect(history.readings.map(\.gatewayTime)
                    == (set.readings + again.readings).map { CameraClockAtDock.catalogTime($0.gatewayTime) })
        }

        @Test func aCameraThatIsNotThereIsAProblemAndNothingIsRecorded() throws {
            let folder = try TempDirectory(prefix: "recgate-gateway")
            let home = GatewayHome(root: folder.url)
            let gateway = Gateway(home: home)
            let outcome = try Dock.with { _, _ in
                Result { () throws(CameraClockAtDock.Problem) in try gateway.cameraClockAtDock(portPath: "1-1.9", set: true) }
            }
            guard case .failure(.camera(let error)) = outcome else {
                Issue.record("a missing camera gave \(outcome)")
                return
            }
            #expect("\(error)" == "no device at port 1-1.9")
            // The desk was opened for writing (the catalog made) but nothing was recorded.
            #expect(try gateway.caseDesk(create: false).desk.clockHistory(device: "CN0001").readings.isEmpty)
        }

        @Test func theCameraInfoDocumentIsTheOneTheCommandPrints() throws {
            try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "recgate is not built: run `swift build`")
            let camera = EmulatedPTPCamera(battery: 55)
            let (printed, info) = try Dock.with(responders: ["1-1.5.3": camera]) { _, _ in
                (try run(Self.binary, ["camera", "info", "1-1.5.3", "--json"]), try Gateway.cameraInfo(portPath: "1-1.5.3"))
            }
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(info.serial == "CN0001" && info.battery == 55)
            #expect(printed.stdout == String(decoding: try DocumentEncoder.encode(info), as: UTF8.self) + "\n")
        }
    }
}
