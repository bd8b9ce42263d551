import Evidence
import Foundation
import HealthProbes
import Testing
import TestSupport

/// What the newest offload found: missing sequence numbers, damaged files.
@Suite(.serialized)
struct RecordingHealthTests {
    @Test func aMissingSequenceNumberIsAPossibleDeletion() throws {
        let h = try HealthHome()
        try h.offload(serial: "G000001", files: [.init(sequence: 1, hoursAgo: 5), .init(sequence: 2, hoursAgo: 4),
                                                 .init(sequence: 4, hoursAgo: 2), .init(sequence: 5, hoursAgo: 1)])
        let health = try h.health(of: "G000001")
        let gaps = try health.probe("sequence_gaps")
        #expect(gaps.status == .fault, "\(gaps)")
        #expect(gaps.reason.hasPrefix("1 recording missing (3) between ") && gaps.reason.contains("_0002.MP4 and ")
                && gaps.reason.contains("_0004.MP4"), "\(gaps.reason)")
        #expect(health.status == .fault)
    }

    /// Loop recording overwrites the oldest unlocked file: a hole just above locked clips is not a
    /// deletion (the case check's sequence rule).
    @Test func aHoleLoopRecordingExplainsIsNotAGap() throws {
        let h = try HealthHome()
        try h.offload(serial: "G000002", files: [.init(sequence: 1, hoursAgo: 9, locked: true), .init(sequence: 2, hoursAgo: 8, locked: true),
                                                 .init(sequence: 5, hoursAgo: 2), .init(sequence: 6, hoursAgo: 1)])
        let gaps = try h.health(of: "G000002").probe("sequence_gaps")
        #expect(gaps.status == .ok, "\(gaps)")
    }

    /// Numbers stored at an earlier dock are not missing when a later card still holds some of them
    /// (an offload does not catalog again what it stored before).
    @Test func numbersStoredAtAnEarlierDockAreNotMissing() throws {
        let h = try HealthHome()
        try h.offload(serial: "G000003", files: [.init(sequence: 1, hoursAgo: 30), .init(sequence: 2, hoursAgo: 29),
                                                 .init(sequence: 3, hoursAgo: 28)])
        // Not released: the card still holds 1–3, and 4–5 are new.
        try h.offload(serial: "G000003", files: [.init(sequence: 1, hoursAgo: 30), .init(sequence: 2, hoursAgo: 29),
                                                 .init(sequence: 3, hoursAgo: 28), .init(sequence: 4, hoursAgo: 2),
                                                 .init(sequence: 5, hoursAgo: 1)])
        let gaps = try h.health(of: "G000003").probe("sequence_gaps")
        #expect(gaps.status == .ok, "\(gaps)")
    }

    @Test func aTruncatedFileIsAWarning() throws {
        let h = try HealthHome()
        try h.offload(serial: "T000001", files: [.init(sequence: 1, hoursAgo: 3), .init(sequence: 2, hoursAgo: 2, content: .cut)])
        let integrity = try h.health(of: "T000001").probe("file_integrity")
        #expect(integrity.status == .warning, "\(integrity)")
        #expect(integrity.reason.hasPrefix("1 truncated file (") && integrity.reason.contains("_0002.MP4"), "\(integrity.reason)")
    }

    @Test func aZeroLengthFileIsAFault() throws {
        let h = try HealthHome()
        try h.offload(serial: "Z000001", files: [.init(sequence: 1, hoursAgo: 3), .init(sequence: 2, hoursAgo: 2, content: .empty),
                                                 .init(sequence: 3, hoursAgo: 1)])
        let health = try h.health(of: "Z000001")
        let integrity = try health.probe("file_integrity")
        #expect(integrity.status == .fault, "\(integrity)")
        #expect(integrity.reason.hasPrefix("1 zero-length file (") && integrity.reason.contains("_0002.MP4"), "\(integrity.reason)")
        // The empty file is accounted for (stored), so its number is not a gap.
        #expect(try health.probe("sequence_gaps").status == .ok)
    }
}
