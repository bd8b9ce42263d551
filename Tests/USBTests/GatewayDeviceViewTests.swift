import Foundation
import Gateway
import Offload
import Presentation
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// The device and bay views the gateway offers, in process, are what `recgate devices` and
    /// `recgate docks` print: the daemon's status will serve the same documents.
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
    }
}
