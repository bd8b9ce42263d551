import Media
import Presentation

/// How derived-media commands report what they made.
enum DerivedReport {
    static func print(_ file: DerivedFile, json: Bool) throws {
        if json {
            try Output.json(file)
        } else {
            for line in file.reportLines { Output.line(line) }
        }
    }
}
