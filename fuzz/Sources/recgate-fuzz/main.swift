// recgate-fuzz TARGET [libFuzzer options and corpus folders]: fuzzes one parser of what devices send.
// recgate-fuzz --list: the targets' names, one a line.
// Built by `make fuzz` with libFuzzer and AddressSanitizer; a plain build (no libFuzzer) replays the files
// and folders given instead, printing each input's outcome, so a found input can be looked at anywhere.
import CFuzzerDriver
import Foundation
import FuzzTargets

var arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: recgate-fuzz TARGET [options] [corpus…] | --list\n".utf8))
    exit(2)
}
if arguments[1] == "--list" {
    for target in FuzzTarget.all { print("\(target.name) \(target.maxLength)") }
    exit(0)
}
guard let target = FuzzTarget.named(arguments[1]) else {
    FileHandle.standardError.write(Data("recgate-fuzz: no target \(arguments[1]) (--list names them)\n".utf8))
    exit(2)
}

/// The target libFuzzer's callback runs. `nonisolated(unsafe)`: written once here, before the driver starts,
/// and only read after, by libFuzzer's one fuzzing thread.
enum Selected {
    nonisolated(unsafe) static var target: FuzzTarget?
}
Selected.target = target

if recgate_fuzzer_linked() != 0 {
    // libFuzzer reads its own options from argv; the target's name is ours.
    arguments.remove(at: 1)
    var argc = Int32(arguments.count)
    var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let status = cStrings.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var argv = buffer.baseAddress
        return recgate_run_fuzzer(&argc, &argv) { data, size in
            let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
            if case .violation(let what) = Selected.target!.run(bytes) {
                // A crash, so libFuzzer keeps the input and stops.
                fatalError("\(Selected.target!.name): \(what)")
            }
            return 0
        }
    }
    exit(status)
}

// Replay: every file given, and every file in every folder given.
var failed = false
for path in arguments.dropFirst(2) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
    let files = isFolder.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        let outcome = target.run(Array(data))
        if case .violation = outcome { failed = true }
        print("\(file): \(outcome)")
    }
}
exit(failed ? 1 : 0)
