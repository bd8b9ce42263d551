import Foundation

/// A fresh folder under the system's temporary directory, removed with everything in it when the last
/// reference goes. Keep it alive (a `let` in the test) for as long as its files are used.
public final class TempDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "recgate-test") throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw TestSupportError("mkdtemp \(template) failed (errno \(errno))")
        }
        url = URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// A path inside the folder (nothing is created).
    public func path(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
