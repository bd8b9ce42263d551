// recgate-bench: performance reports, one subcommand per benchmark.
//
// Each benchmark lives in its own file as a type conforming to `Benchmark`; add it to `benchmarks`
// below to make it reachable as `recgate-bench <name>`. Benchmarks are reports: they exit 0 whether
// or not a target is met, and say which in their output.

import Foundation

let benchmarks: [any Benchmark.Type] = [
    DigestBenchmark.self,
    ProbeBenchmark.self,
    ProxyBenchmark.self,
    ShrinkBenchmark.self,
    FaststartBenchmark.self,
    CaseBenchmark.self,
    SeedClipsBenchmark.self,
    ClipSearchBenchmark.self,
]

func usage(_ benchmarks: [any Benchmark.Type]) -> String {
    var text = "usage: recgate-bench <benchmark> [options]\n\nbenchmarks:\n"
    for benchmark in benchmarks {
        text += "  \(benchmark.name.padding(to: 10))\(benchmark.summary)\n"
    }
    text += "\n`recgate-bench <benchmark> --help` lists a benchmark's options.\n"
    return text
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "--help", name != "-h" else {
    print(usage(benchmarks), terminator: "")
    exit(arguments.isEmpty ? 64 : 0)
}
guard let benchmark = benchmarks.first(where: { $0.name == name }) else {
    printError("recgate-bench: unknown benchmark '\(name)'\n\n\(usage(benchmarks))")
    exit(64)
}
do {
    try benchmark.run(arguments: Array(arguments.dropFirst()))
} catch {
    printError("recgate-bench \(name): \(error)")
    exit(1)
}
