import Foundation

/// One `recgate-bench` subcommand.
protocol Benchmark {
    /// The subcommand name, e.g. `digest`.
    static var name: String { get }
    /// One line for the usage text.
    static var summary: String { get }
    /// Runs the benchmark with the arguments after its name, printing its report.
    static func run(arguments: [String]) throws
}

/// A bad command line or a missing tool, reported as `recgate-bench <name>: <message>`.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension String {
    /// `self` padded with spaces on the right to `width` characters (never truncated).
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// `self` padded with spaces on the left to `width` characters (never truncated).
    func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// `value` with `digits` digits after the point.
func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// Bytes per second over two clocks: wall time, and CPU time of the calling thread.
struct Rates {
    var wall: Double
    var cpu: Double
}

/// CPU time consumed so far by the calling thread, in seconds.
func threadCPUTime() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// Calls `body` repeatedly for about `seconds` of wall time and returns the bytes per second it got
/// through, given that each call processes `bytesPerCall` bytes.
func throughput(seconds: Double, bytesPerCall: Int, _ body: () -> Void) -> Rates {
    let clock = ContinuousClock()
    let budget = Duration.nanoseconds(Int64(seconds * 1e9))
    body()  // warm-up: page in the buffer, start threads, let the CPU clock settle
    var calls = 0
    let start = clock.now
    let cpuStart = threadCPUTime()
    var elapsed = Duration.zero
    repeat {
        body()
        calls += 1
        elapsed = start.duration(to: clock.now)
    } while elapsed < budget
    let cpu = threadCPUTime() - cpuStart
    let (s, attoseconds) = elapsed.components
    let bytes = Double(calls * bytesPerCall)
    return Rates(wall: bytes / (Double(s) + Double(attoseconds) * 1e-18), cpu: bytes / cpu)
}

/// Keeps a computed value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Reads `--name value` options into a dictionary, rejecting names not in `known`.
func parseOptions(_ arguments: [String], known: Set<String>, command: String) throws -> [String: String] {
    var options: [String: String] = [:]
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        guard argument.hasPrefix("--"), known.contains(String(argument.dropFirst(2))) else {
            throw UsageError(description: "unknown option '\(argument)' (see `recgate-bench \(command) --help`)")
        }
        guard let value = rest.popFirst() else {
            throw UsageError(description: "option \(argument) needs a value")
        }
        options[String(argument.dropFirst(2))] = value
    }
    return options
}
