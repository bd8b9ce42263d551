import Foundation

/// What the browser tests drive: the project's Python environment (selenium from PyPI, made by
/// `make pyenv`) with Debian's chromium and chromedriver (`make deps`); nothing is downloaded.
public enum SeleniumChromium {
    public static let python = PackageRoot.url.appendingPathComponent(".build/pyenv/bin/python")

    /// Why a browser test cannot run here, or nil.
    public static var missing: String? {
        if !FileManager.default.isExecutableFile(atPath: python.path) { return "no .build/pyenv: run `make pyenv`" }
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing: run `make deps`"
        }
        return nil
    }
}
