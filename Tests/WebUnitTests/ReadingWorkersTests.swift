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
