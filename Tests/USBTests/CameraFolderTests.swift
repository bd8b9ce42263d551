import AllDrivers
import DeviceKit
import Foundation
import PTPDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// A camera that keeps its files in DCIM/100CANON, as cameras do (DCF), rather than in the storage's root:
    /// the driver's GetObjectHandles means what gphoto2's does (`GPhoto2.findsObjectsInTheCamerasFolders`), and a
    /// camera session lists the files in the folders, never the folders themselves.
    @Suite struct CameraFolders {
        static let objects = EmulatedPTPCamera.Object.inDCIMFolder(EmulatedPTPCamera.sampleObjects)

        @Test func objectHandlesAreEveryObjectTheRootsOrAFoldersAsTheAssociationSays() throws {
            let camera = EmulatedPTPCamera(objects: Self.objects)
            try Dock.with(responders: [PTPCamera.port: camera]) { _, context in
                let session = try PTPSession(device: try context.devices().at(PTPCamera.port), timeout: .seconds(5))
                try session.openSession()
                #expect(try session.objectHandles() == [0x01, 0x02, 0x11, 0x12, 0x13, 0x14])
                #expect(try session.objectHandles(parent: 0xFFFF_FFFF) == [0x01])
                #expect(try session.objectHandles(storage: camera.storageID, parent: 0x01) == [0x02])
                #expect(try session.objectHandles(parent: 0x02) == [0x11, 0x12, 0x13, 0x14])
                #expect(try session.objectHandles(format: 0x300D) == [0x11, 0x14])
                let folder = try session.objectInfo(0x02)
                #expect(folder.objectFormat == 0x3001 && folder.filename == "100CANON" && folder.parentObject == 0x01)
                #expect(try session.objectInfo(0x11).parentObject == 0x02)
                // A handle that is no folder is not an association to list.
                let refused = #expect(throws: PTPError.self) { try session.objectHandles(parent: 0x11) }
                #expect(refused?.responseCode == 0x201A)
            }
        }

        @Test func aCameraSessionListsTheFilesInTheFoldersNotTheFolders() throws {
            let camera = EmulatedPTPCamera(objects: Self.objects)
            try Dock.with(responders: [PTPCamera.port: camera]) { _, _ in
                let session = try BuiltInDrivers.openSession(.usb(portPath: PTPCamera.port), CameraSessionContract.options)
                let listing = try session.recordings()
                #expect(listing.recordings.map(\.path).sorted() == ["00010001/IMG_0002.JPG", "00010001/MVI_0001.MP4", "00010001/MVI_0004.MP4"])
                #expect(listing.skipped.map(\.path) == ["00010001/NOTE0003.TXT"])
            }
        }
    }
}
