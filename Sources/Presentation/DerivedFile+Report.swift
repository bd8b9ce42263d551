import Media

extension DerivedFile {
    /// What a derived-media command reports it made, as lines for people.
    public var reportLines: [String] {
        [
            "\(kind.rawValue) \(path)  \(size) bytes  sha256:\(sha256)",
            "  from \(sourceSHA256.map { "sha256:\($0)" } ?? sourcePath)",
            "  \(recipe)",
        ]
    }
}
