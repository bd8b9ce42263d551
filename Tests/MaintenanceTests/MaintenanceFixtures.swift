import Evidence
import Foundation
import Gateway
import Offload
import TestSupport

/// Recordings of the kinds a browser does or does not play, made by ffmpeg (cached), and a home with
/// them offloaded through the real pipeline.
enum MaintenanceFixtures {
    static let picture = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1"]
    static let sound = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-map", "0:v", "-map", "1:a"]

    /// H.264/AAC MP4, index at the end (ffmpeg's default).
    static func indexLast() throws -> URL { try DerivedClipFactory.clip(seconds: 1) }

    /// H.264/AAC MP4, index first.
    static func indexFirst() throws -> URL {
        try DerivedClipFactory.make(picture + sound + ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                                                       "-movflags", "+faststart", "-f", "mp4"], ext: "mp4")
    }

    /// HEVC in MP4 where ffmpeg has libx265, else MJPEG with PCM sound in AVI: video no browser plays.
    static func unplayable() throws -> URL {
        let encoders = try runChecked("ffmpeg", ["-hide_banner", "-encoders"]).stdout
        if encoders.contains("libx265") {
            return try DerivedClipFactory.make(picture + ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                                                          "log-level=error", "-tag:v", "hvc1", "-f", "mp4"], ext: "mp4")
        }
        return try mjpegAVI()
    }

    /// MJPEG with PCM sound in AVI.
    static func mjpegAVI() throws -> URL {
        try DerivedClipFactory.make(picture + sound + ["-c:v", "mjpeg", "-c:a", "pcm_s16le", "-f", "avi"], ext: "avi")
    }

    /// H.264 with PCM sound in MOV (as many cameras write it): the sound is what a browser cannot play.
    static func pcmMOV() throws -> URL {
        try DerivedClipFactory.make(picture + sound + ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le",
                                                       "-f", "mov"], ext: "mov")
    }

    /// An MP4 cut off before its index (the recorder lost power).
    static func truncated(in folder: URL) throws -> URL {
        let whole = try Data(contentsOf: try indexLast())
        let target = folder.appendingPathComponent("truncated.mp4")
        try whole.prefix(whole.count / 2).write(to: target)
        return target
    }

    /// `openssl dgst -sha256` of a file.
    static func sha256(_ path: String) throws -> String {
        let output = try runChecked("openssl", ["dgst", "-sha256", "-r", path]).stdout
        return String(output.prefix { !$0.isWhitespace })
    }
}

/// A home in a temporary folder with recordings offloaded from a plain folder, as `recgate offload
/// --volume` does.
struct OffloadedHome {
    let temp: TempDirectory
    let gateway: Gateway
    /// The SHA-256 of each recording, by the name it had on the volume.
    let stored: [String: String]

    var home: GatewayHome { gateway.home }

    /// Offloads `recordings` (volume name → file) with `configuration` as `recgate.json`.
    init(_ recordings: [String: URL], configuration: String = "{}") throws {
        temp = try TempDirectory(prefix: "recgate-maintenance")
        let root = temp.path("home")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(configuration.utf8).write(to: root.appendingPathComponent("recgate.json"))
        let volume = temp.path("volume")
        var stored: [String: String] = [:]
        for (name, source) in recordings {
            let target = volume.appendingPathComponent("DCIM").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
            stored[name] = try MaintenanceFixtures.sha256(target.path)
        }
        gateway = Gateway(home: GatewayHome(root: root))
        let report = try gateway.offload(OffloadRequest(volume: volume, deviceSerial: "T000001"),
                                         configuration: try gateway.configuration())
        self.stored = stored
        let catalog = try gateway.home.openCatalogForReading(try gateway.configuration())
        for (name, sha256) in stored where try catalog.clip(sha256: sha256) == nil {
            throw TestSupportError("\(name) was not stored: \(report)")
        }
    }

    /// `recgate ARGS --home HOME` through the built binary.
    func recgate(_ arguments: [String]) throws -> ProcessOutput {
        try run(try PackageRoot.recgate(), ["--home", home.root.path] + arguments)
    }
}
