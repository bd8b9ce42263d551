import Foundation

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    let url: URL
    var path: String { self.url.path }

    init(_ label: String = "evidence") throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("recgate-\(label)-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.url = url
    }

    func remove() {
        // Objects are 0444 in 0755 folders: removal works for their owner.
        try? FileManager.default.removeItem(at: self.url)
    }
}
