import Foundation

/// The package's root folder, found from this source file's place in it (Tests/TestSupport/…), so that
/// fixtures are cached under `.build/` whichever folder the tests run from.
public enum PackageRoot {
    public static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `<package root>/.build/fixtures`, created on first use.
    public static func fixtures() throws -> URL {
        let url = url.appendingPathComponent(".build/fixtures", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
