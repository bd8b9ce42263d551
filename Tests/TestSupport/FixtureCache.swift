import Foundation

/// Generated test media cached under `<package root>/.build/fixtures/`, one file per key.
public enum FixtureCache {
    /// `<fixtures>/<key>.<ext>`, made by `make` beside it and renamed into place on first use (tests run
    /// in parallel, and a reader must never see half a file).
    public static func file(_ key: String, _ ext: String, make: (URL) throws -> Void) throws -> URL {
        let folder = try PackageRoot.fixtures()
        let target = folder.appendingPathComponent("\(key).\(ext)")
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let partial = folder.appendingPathComponent(".partial-\(UUID().uuidString).\(ext)")
        defer { try? FileManager.default.removeItem(at: partial) }
        try make(partial)
        guard rename(partial.path, target.path) == 0 else {
            throw TestSupportError("cannot move \(partial.path) to \(target.path) (errno \(errno))")
        }
        return target
    }

    /// A cached file made by ffmpeg from `args` (inputs and encoding options, no output), bit-exact;
    /// `dropMetadata` also leaves out the inputs' tags.
    public static func ffmpeg(_ key: String, _ ext: String, _ args: [String], dropMetadata: Bool = true) throws -> URL {
        try file(key, ext) { output in
            var flags = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
            if dropMetadata { flags += ["-map_metadata", "-1"] }
            try runChecked("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + args + flags + [output.path])
        }
    }

    /// FNV-1a: stable across runs, unlike `hashValue`, for keys and variations.
    public static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
