import Accounts
import Foundation
import Testing
@testable import Dashboard

/// The pages checked by parsers that are not ours: python3's html.parser with a nesting check (every
/// element closed in order, void elements never closed, ids unique), and libxml2's HTML parser.
@Suite struct WellFormedTests {
    static let checker = #"""
        import sys
        from html.parser import HTMLParser
        VOID = {"area","base","br","col","embed","hr","img","input","link","meta","source","track","wbr"}
        class Check(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.ids, self.problems = [], set(), []
            def handle_starttag(self, tag, attrs):
                names = [a for a, _ in attrs]
                if len(names) != len(set(names)): self.problems.append("repeated attribute in <%s> at %s" % (tag, self.getpos()))
                for a, v in attrs:
                    if a == "id":
                        if v in self.ids: self.problems.append("id %r twice" % v)
                        self.ids.add(v)
                if tag not in VOID: self.stack.append((tag, self.getpos()))
            def handle_startendtag(self, tag, attrs):
                self.handle_starttag(tag, attrs)
                if tag not in VOID: self.stack.pop()
            def handle_endtag(self, tag):
                if tag in VOID: self.problems.append("</%s> closes a void element at %s" % (tag, self.getpos())); return
                if not self.stack or self.stack[-1][0] != tag:
                    self.problems.append("</%s> at %s does not close %s" % (tag, self.getpos(), self.stack[-1] if self.stack else None)); return
                self.stack.pop()
        c = Check()
        c.feed(sys.stdin.read()); c.close()
        if c.stack: c.problems.append("never closed: %s" % c.stack)
        print("\n".join(c.problems)); sys.exit(1 if c.problems else 0)
        """#

    static func run(_ executable: String, _ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static var xmllintInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") }

    @Test(arguments: Language.allCases)
    func pythonsParserFindsEveryElementClosedInOrder(_ language: Language) throws {
        for role in [Role.administrator, .equipmentKeeper] {
            for (name, page) in Fixtures.allPages(Fixtures.context(role, language: language)) {
                let result = try Self.run("python3", ["-c", Self.checker], input: page.html)
                #expect(result.status == 0, "\(name): \(result.output)")
            }
        }
    }

    /// The checker is a real judge: it refuses a misnested page.
    @Test func thePythonCheckerRefusesBrokenMarkup() throws {
        let broken = try Self.run("python3", ["-c", Self.checker], input: "<div><span></div></span>")
        #expect(broken.status == 1)
        let twice = try Self.run("python3", ["-c", Self.checker], input: "<p id=\"a\"></p><p id=\"a\"></p>")
        #expect(twice.status == 1)
    }

    /// libxml2 predates HTML5: it calls section, nav, svg and the like unknown tags, which is all it may
    /// say; anything else (an unclosed or misnested element, a bad attribute) fails.
    @Test(.enabled(if: xmllintInstalled, "needs xmllint (libxml2-utils)"), arguments: Language.allCases)
    func libxml2FindsNothingButHTML5Tags(_ language: Language) throws {
        for (name, page) in Fixtures.allPages(Fixtures.context(.administrator, language: language)) {
            let result = try Self.run("xmllint", ["--html", "--noout", "-"], input: page.html)
            let lines = result.output.split(separator: "\n")
            let errors = lines.enumerated().filter { _, line in line.contains("parser error") && !line.contains("invalid") }
            #expect(errors.isEmpty, "\(name): \(result.output)")
            for (_, line) in lines.enumerated() where line.contains("parser error") {
                #expect(line.contains(try Regex(#"Tag [a-z]+ invalid"#)), "\(name): \(line)")
            }
        }
        let broken = try Self.run("xmllint", ["--html", "--noout", "-"], input: "<!DOCTYPE html><html><body><p><b>x</p></body></html>")
        #expect(broken.output.contains("parser error"))
    }
}
