import Foundation
import FuzzTargets
import Testing
import TestSupport

/// Every input the fuzzer once found failing (fuzz/regressions/<target>/) and every seed (fuzz/corpus/<target>/),
/// replayed through its target under `make test`: each gives a value or the parser's typed error, and whatever
/// must hold of the value holds. A crash would end the test run, which fails it too.
@Suite struct FuzzRegressionTests {
    static let fuzz = PackageRoot.url.appendingPathComponent("fuzz")

    /// The files of `fuzz/<kind>/<target>/`, by name.
    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = fuzz.appendingPathComponent(kind).appendingPathComponent(target.name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func everyKeptFailureGivesAValueOrATypedError(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for file in Self.inputs("regressions", target) {
            let outcome = target.run(Array(try Data(contentsOf: file)))
            if case .violation(let what) = outcome { Issue.record("\(file.lastPathComponent): \(what)") }
        }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func everySeedParses(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = Self.inputs("corpus", target)
        // A target without seeds would start from nothing; its folder is how `make fuzz` finds it.
        #expect(!seeds.isEmpty, "fuzz/corpus/\(name)/ has no seeds")
        for file in seeds {
            let bytes = Array(try Data(contentsOf: file))
            #expect(bytes.count <= target.maxLength, "\(file.lastPathComponent) is longer than the target tries")
            let outcome = target.run(bytes)
            // Seeds are valid samples: each parses to a value.
            guard case .value = outcome else {
                Issue.record("\(file.lastPathComponent): \(outcome)")
                continue
            }
        }
    }
}
