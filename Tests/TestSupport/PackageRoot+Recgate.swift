import Foundation

extension PackageRoot {
    /// The built `recgate` executable (`.build/debug`, else `.build/release`): `swift build --build-tests`
    /// builds it with the tests. Its absence is a broken set-up, so it throws rather than skips.
    public static func recgate() throws -> String {
        for configuration in ["debug", "release"] {
            let candidate = url.appendingPathComponent(".build/\(configuration)/recgate").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("recgate is not built: run `swift build --build-tests` first")
    }
}
