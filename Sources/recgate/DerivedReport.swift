import Media

/// How derived-media commands report what they made.
enum DerivedReport {
    static func print(_ file: DerivedFile, json: Bool) throws {
        if json {
            try Output.json(file)
        } else {
            Output.line("\(file.kind.rawValue) \(file.path)  \(file.size) bytes  sha256:\(file.sha256)")
            Output.line("  from \(file.sourceSHA256.map { "sha256:\($0)" } ?? file.sourcePath)")
            Output.line("  \(file.recipe)")
        }
    }
}
