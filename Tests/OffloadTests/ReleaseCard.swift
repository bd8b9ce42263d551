import DeviceKit
import Foundation
import TestSupport

/// A recorder's card for the release tests: a FAT32 image, docked by mounting it `rw+` with fusefat
/// (recgate deletes through the mount) and changed between docks with mtools while it is unmounted, as
/// a recorder would change it; a plain folder where FUSE is missing.
final class ReleaseCard {
    let temp: TempDirectory
    let image: FATImage?
    let plain: URL
    /// Paths of the recordings, relative to the card's root.
    let paths: [String]
    let size: Int
    private var docks = 0

    init(_ temp: TempDirectory, count: Int, size: Int = 96 * 1024, seed: UInt64) throws {
        self.temp = temp
        self.size = size
        plain = temp.path("card")
        paths = (1...count).map {
            "DCIM/100MEDIA/20261103_09" + String(format: "%02d", $0) + "00_A001234_" + String(format: "%04d", $0) + ".MP4"
        }
        image = FATImage.fuseAvailable ? try FATImage(at: temp.path("card.img")) : nil
        for index in paths.indices { try write(index, seed: seed &* 1000 &+ UInt64(index)) }
    }

    /// The FAT time (or plain-folder mtime) each recording keeps, whatever its bytes.
    private func time(_ index: Int) -> LocalTimestamp {
        LocalTimestamp(year: 2026, month: 11, day: 3, hour: 9, minute: 10 + index, second: 0)
    }

    static func bytes(size: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: size)
        for i in bytes.indices {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            bytes[i] = UInt8(truncatingIfNeeded: state)
        }
        return Data(bytes)
    }

    /// New bytes of the same length for recording `index`, its time kept: the file changed in place.
    func write(_ index: Int, seed: UInt64) throws {
        let data = Self.bytes(size: size, seed: seed)
        if let image {
            try image.write(data, to: paths[index], modified: time(index))  // mcopy -o -m
        } else {
            let url = plain.appendingPathComponent(paths[index])
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            let instant = try unwrap(time(index).instant(in: TimeZone(identifier: "UTC")!))
            try FileManager.default.setAttributes([.modificationDate: instant], ofItemAtPath: url.path)
        }
    }

    /// The card docked: mounted writable while `body` runs with its root.
    func docked<T>(_ body: (URL) throws -> T) throws -> T {
        guard let image else { return try body(plain) }
        docks += 1
        let mount = try image.mount(readWrite: true, at: temp.path("dock\(docks)"))
        do {
            let value = try body(mount.root)
            try mount.unmount()
            return value
        } catch {
            try? mount.unmount()
            throw error
        }
    }

    /// Recording `index`'s bytes on the card now (undocked), or nil when it is gone.
    func contents(_ index: Int) throws -> Data? {
        guard let image else {
            return FileManager.default.contents(atPath: plain.appendingPathComponent(paths[index]).path)
        }
        let name = (paths[index] as NSString).lastPathComponent
        guard try image.mdir().contains(where: { $0.path.hasSuffix(name) }) else { return nil }
        return try image.contents(of: paths[index])
    }

    /// The FAT time mtools reads for recording `index` (undocked); nil on a plain folder.
    func fatTime(_ index: Int) throws -> LocalTimestamp? {
        try image?.fatTime(of: paths[index])
    }
}

private func unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw TestSupportError("a fixed test time is not representable") }
    return value
}
