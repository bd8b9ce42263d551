import Foundation
import Gateway
import Testing

/// Clip searches run on threads below the offloads' priority, and their results and errors come back.
@Suite struct ReadingWorkersTests {
    /// The nice value of the calling thread, from /proc (field 19 of its stat line; the name in
    /// parentheses before may hold spaces, so the fields are counted after it).
    static func currentNice() throws -> Int {
        let stat = try String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)
        let fields = try #require(stat.range(of: ") ")).map { stat[$0.upperBound...].split(separator: " ") } ?? []
        return try #require(Int(fields[16]))
    }

    @Test func jobsRunAtNiceTenAndAnswer() async throws {
        let workers = ReadingWorkers(count: 2)
        let nices = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await workers.run { try Self.currentNice() } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(nices == Array(repeating: Int(ReadingWorkers.nice), count: 8))
    }

    struct Refused: Error, Equatable {}

    @Test func anErrorComesBackToTheCaller() async {
        let workers = ReadingWorkers(count: 1)
        await #expect(throws: Refused.self) { try await workers.run { () throws -> Int in throw Refused() } }
    }
}

/// The pacing of reading work while offloads run: the bucket's arithmetic at given instants (no sleeping,
/// no timing), and workers that still answer under a tight budget.
@Suite struct ReadingBudgetTests {
    @Test func withNoOffloadNothingWaitsWhateverIsSpent() {
        let budget = ReadingBudget(cpuPerSecond: 0.3, burst: 0.05)
        budget.spend(10, at: 1)
        #expect(budget.delay(at: 1) == 0)
    }

    @Test func duringOffloadsDebtIsRepaidAtTheRate() {
        let budget = ReadingBudget(cpuPerSecond: 0.3, burst: 0.05)
        budget.offloadsRunning(2)
        #expect(budget.delay(at: 0) == 0)
        // 0.2 s of CPU against a full bucket of 0.05: 0.15 in debt, repaid at 0.3 a second.
        budget.spend(0.2, at: 0)
        #expect(abs(budget.delay(at: 0) - 0.5) < 1e-9)
        #expect(abs(budget.delay(at: 0.25) - 0.25) < 1e-9)
        #expect(budget.delay(at: 0.5) < 1e-9)
    }

    @Test func aQuietSpellFillsTheBucketOnlyToItsBurst() {
        let budget = ReadingBudget(cpuPerSecond: 0.3, burst: 0.05)
        budget.offloadsRunning(1)
        budget.spend(0.01, at: 0)
        // Ten seconds later the bucket holds 0.05, not 3: a person's search fits, a sustained load does not.
        budget.spend(0.08, at: 10)
        #expect(abs(budget.delay(at: 10) - 0.1) < 1e-9)
    }

    @Test func whenTheOffloadsEndTheDebtIsForgiven() {
        let budget = ReadingBudget(cpuPerSecond: 0.3, burst: 0.05)
        budget.offloadsRunning(1)
        budget.spend(3, at: 0)
        #expect(budget.delay(at: 0) > 9)
        budget.offloadsRunning(0)
        #expect(budget.delay(at: 0) == 0)
    }

    @Test func workersUnderATightBudgetStillAnswerEveryJob() async throws {
        let budget = ReadingBudget(cpuPerSecond: 0.5, burst: 0.001)
        budget.offloadsRunning(1)
        let workers = ReadingWorkers(count: 2, budget: budget)
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<16 { group.addTask { try await workers.run { (0..<20_000).reduce(n) { $0 &+ $1 % 7 } } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.sorted() == (0..<16).map { n in (0..<20_000).reduce(n) { $0 &+ $1 % 7 } }.sorted())
    }
}
