import Foundation

/// The dashboard's stylesheet and script, served by the gateway at `/assets/NAME`. Nothing else: the
/// pages load no outside resource.
public enum Assets {
    /// The files and their content types.
    static let files: [String: String] = [
        "dashboard.css": "text/css; charset=utf-8",
        "dashboard.js": "text/javascript; charset=utf-8",
    ]

    /// The bytes and content type of `name` (`dashboard.css`, `dashboard.js`); nil for any other name,
    /// so a path like `../x` finds nothing.
    public static func named(_ name: String) -> (bytes: [UInt8], contentType: String)? {
        guard let type = files[name], let bytes = loaded[name] else { return nil }
        return (bytes, type)
    }

    /// Read from the bundle once (a static is initialised once, whichever thread asks first).
    private static let loaded: [String: [UInt8]] = files.keys.reduce(into: [:]) { loaded, name in
        if let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets"),
           let data = try? Data(contentsOf: url) {
            loaded[name] = [UInt8](data)
        }
    }
}
