import Digest
import DeviceKit
import Foundation
import PTPDriver
import Testing
import TestSupport
import USBEmulation

extension Emulated {
    /// `bench/ptp.sh` (not part of `make test`: enabled by RECGATE_BENCH_PTP): offload throughput from the
    /// emulated MTP recorder through the real libusb path (CameraSession's reads, SHA-256 and a staging write as
    /// the offload does) against a plain read of the same bytes from a file, hashed and written the same way;
    /// the time per bulk transfer; and with a stall mid-object, the bytes read again. The emulator (umockdev's
    /// ioctl emulation, the Swift model generating the bytes) is part of the USB figure: it is not a USB bus.
    @Suite struct PTPBenchmark {
        static var megabytes: Int { Int(ProcessInfo.processInfo.environment["RECGATE_BENCH_PTP_MB"] ?? "") ?? 256 }

        static func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            try body()
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }

        @Test(.enabled(if: ProcessInfo.processInfo.environment["RECGATE_BENCH_PTP"] != nil))
        func throughputOverheadAndResumption() throws {
            let size = UInt64(Self.megabytes) << 20
            let object = EmulatedMTPDevice.Object(handle: 0x51, filename: "VID_20261204_120000.mp4", date: "20261204T120000",
                                                  size: size)
            let scratch = try TempDirectory()
            let source = scratch.url.appendingPathComponent("plain.bin")
            let staging = scratch.url.appendingPathComponent("staging.bin")
            try #require(FileManager.default.createFile(atPath: source.path, contents: nil))
            let out = try FileHandle(forWritingTo: source)
            var offset: UInt64 = 0
            while offset < size {
                let end = min(size, offset + (8 << 20))
                try out.write(contentsOf: object.bytes(offset..<end))
                offset = end
            }
            try out.close()

            func sink(to path: URL) throws -> (MultiDigest, FileHandle) {
                guard FileManager.default.createFile(atPath: path.path, contents: nil) else {
                    throw TestSupportError("cannot create \(path.path)")
                }
                return (MultiDigest([.sha256]), try FileHandle(forWritingTo: path))
            }

            // Plain: the same bytes from a file (in the page cache), 16 KiB reads, hashed and written.
            var plainDigest = ""
            let plain = try Self.seconds {
                let input = try FileHandle(forReadingFrom: source)
                let (hasher, output) = try sink(to: staging)
                while let chunk = try input.read(upToCount: 16 * 1024), !chunk.isEmpty {
                    chunk.withUnsafeBytes { hasher.update($0) }
                    try output.write(contentsOf: chunk)
                }
                try output.close()
                plainDigest = hasher.finalize().sha256
            }

            // Through libusb from the emulated recorder.
            let device = EmulatedMTPDevice(objects: [object])
            var usbDigest = ""
            var transfers = 0
            let usb = try MTPDock.with(device) { _, _ in
                let session = try CameraSession(portPath: MTPDock.port, zone: MTPDock.zone)
                let recording = try #require(try session.recordings().recordings.first)
                let before = device.sent.count
                let seconds = try Self.seconds {
                    guard case .stream(let stream) = try session.read(recording) else { return }
                    let (hasher, output) = try sink(to: staging)
                    _ = try stream.send { bytes in
                        hasher.update(bytes)
                        output.write(Data(bytes))
                    }
                    try output.close()
                    usbDigest = hasher.finalize().sha256
                }
                transfers = device.sent.count - before
                return seconds
            }
            #expect(usbDigest == plainDigest)

            // Resumption: a stall in the middle; what was read again.
            let resumed = EmulatedMTPDevice(objects: [object])
            resumed.interrupt(object.handle, at: size / 2 + 12_345, .stall)
            var reread: UInt64 = 0
            var again: UInt64 = 0
            let resumedSeconds = try MTPDock.with(resumed) { _, _ in
                let session = try CameraSession(portPath: MTPDock.port, zone: MTPDock.zone)
                let recording = try #require(try session.recordings().recordings.first)
                return try Self.seconds {
                    guard case .stream(let stream) = try session.read(recording) else { return }
                    let hasher = MultiDigest([.sha256])
                    _ = try stream.send { hasher.update($0) }
                    #expect(hasher.finalize().sha256 == plainDigest)
                }
            }
            reread = resumed.bytesSent(object.handle) - size
            again = resumed.resent(object.handle, below: size / 2 + 12_345)

            // The emulator's own share: making the bytes alone, in the reads' 16 KiB pieces.
            let generation = Self.seconds {
                var at: UInt64 = 0
                while at < size { _ = object.bytes(at..<min(size, at + 16 * 1024)); at += 16 * 1024 }
            }
            let mb = Double(size) / 1e6
            func rate(_ s: Double) -> String { String(format: "%8.1f MB/s", mb / s) }
            print("ptp-bench: object \(Self.megabytes) MiB, SHA-256 + staging write, 16 KiB reads")
            print("ptp-bench: plain file read         \(rate(plain))  (\(String(format: "%.2f", plain)) s)")
            print("ptp-bench: MTP over libusb (emul.) \(rate(usb))  (\(String(format: "%.2f", usb)) s, "
                  + "\(String(format: "%.1f", usb / plain))x the file's time)")
            print("ptp-bench: per bulk transfer       \(String(format: "%8.1f µs", usb / Double(max(transfers, 1)) * 1e6))  "
                  + "(\(transfers) transfers of up to 16 KiB; the file: "
                  + "\(String(format: "%.1f µs", plain / Double(max(transfers, 1)) * 1e6)) per 16 KiB)")
            print("ptp-bench: of which the emulator making the bytes \(rate(generation)) alone (part of the USB time)")
            print("ptp-bench: stalled at half, resumed \(rate(resumedSeconds)); bytes read again: \(reread) "
                  + "(below the stall point: \(again); target 0)")
        }
    }
}
