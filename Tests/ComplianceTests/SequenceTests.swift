import Compliance
import Foundation
import Testing

/// Sequence numbers against loop recording and clocks.
@Suite struct SequenceTests {
    typealias F = Fixtures
    let step = F.step("S1", from: "09:30:00", to: "10:30:00")

    @Test func aHoleInTheMiddleIsASequenceGap() throws {
        let clips = [
            F.video("c10", start: F.reading(F.at("16:00:00", day: 2)), duration: 60, sequence: 10),
            F.video("c11", from: "09:31:00", seconds: 300, sequence: 11),
            F.video("c12", from: "09:40:00", seconds: 300, sequence: 12),
            F.video("c15", from: "10:10:00", seconds: 300, sequence: 15),
        ]
        let result = try F.check([step], clips: clips)
        #expect(result.findings.map(\.kind) == [.sequenceGap])
        let gap = result.findings[0]
        #expect(gap.severity == .error)
        #expect(gap.evidence.sequences == [13, 14])
        #expect(gap.evidence.clips.map(\.clipID) == ["c12", "c15"])
        #expect(gap.explanation.zh.contains("缺少序号 13, 14"))
        #expect(gap.explanation.en.contains("Art 34"))
    }

    /// Loop recording overwrites the oldest unlocked files first: a hole after nothing but locked files
    /// is the old end of the card.
    @Test func loopOverwriteAtTheOldEndIsNoFinding() throws {
        var clips = [
            F.video("c3", start: F.reading(F.at("16:00:00", day: 1)), duration: 60, sequence: 3, locked: true),
            F.video("c4", from: "09:31:00", seconds: 120, sequence: 4, locked: true),
            F.video("c9", from: "09:50:00", seconds: 300, sequence: 9),
            F.video("c10", from: "09:56:00", seconds: 300, sequence: 10),
        ]
        #expect(try F.check([step], clips: clips).findings.isEmpty)
        // The file just before the hole unlocked: it would have gone before anything newer.
        var unlockedBefore = clips
        unlockedBefore[1].locked = false
        #expect(try F.check([step], clips: unlockedBefore).findings.map(\.kind) == [.sequenceGap])
        // An older unlocked file still on the card: loop recording would have taken it first.
        clips.append(F.video("c2", start: F.reading(F.at("15:00:00", day: 1)), duration: 60, sequence: 2))
        let result = try F.check([step], clips: clips)
        #expect(result.findings.map(\.kind) == [.sequenceGap])
        #expect(result.findings[0].evidence.sequences == [5, 6, 7, 8])
        // The same clip from another offload session says nothing about this card.
        clips[4].session = "S0"
        #expect(try F.check([step], clips: clips).findings.isEmpty)
    }

    @Test func numbersOutOfOrderWithTimesAreAClockReset() throws {
        let clips = [
            F.video("c21", from: "09:40:00", seconds: 300, sequence: 21),
            F.video("c22", from: "09:35:00", seconds: 120, sequence: 22),
        ]
        let result = try F.check([step], clips: clips)
        #expect(result.findings.map(\.kind) == [.clockReset])
        #expect(result.findings[0].evidence.clips.map(\.clipID) == ["c21", "c22"])
        #expect(result.findings[0].explanation.en.contains("out of order"))
    }

    /// The missing number exists, with a time far away (a clock gone to its default date): not a
    /// missing recording, a clock problem.
    @Test func aMissingNumberFoundElsewhereIsAClockReset() throws {
        let clips = [
            F.video("c31", from: "09:40:00", seconds: 300, sequence: 31),
            F.video("c32", start: F.local("2000-01-01 00:03:00"), duration: 300, sequence: 32),
            F.video("c33", from: "09:55:00", seconds: 300, sequence: 33),
        ]
        let result = try F.check([step], clips: clips)
        #expect(result.findings.map(\.kind) == [.clockReset])
        #expect(result.findings[0].evidence.clips.map(\.clipID) == ["c31", "c32", "c33"])
        #expect(result.findings[0].evidence.clips[1].clock == .defaultDate)
    }
}
