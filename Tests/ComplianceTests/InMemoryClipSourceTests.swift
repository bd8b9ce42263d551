import Compliance
import DeviceKit
import Foundation
import Testing

@Suite struct InMemoryClipSourceTests {
    typealias F = Fixtures

    /// The binary search with the longest-span bound finds exactly what a scan finds.
    @Test func intervalQueriesAgreeWithAScan() throws {
        var generator = SplitMix64(seed: 42)
        let base = F.at("00:00:00")
        var clips: [ClipFacts] = []
        for i in 0..<2000 {
            let device = "D\(generator.next() % 5)"
            let start = base.addingTimeInterval(Double(generator.next() % 86_400))
            // Mostly short clips, a few very long ones (the bound must cover them).
            let duration = Double(i % 97 == 0 ? 7200 + generator.next() % 7200 : 1 + generator.next() % 600)
            var clip = F.video("c\(i)", device: device, start: F.reading(start), duration: duration, sequence: i)
            if i % 11 == 0 { clip.officer = "O\(generator.next() % 3)" }
            clips.append(clip)
        }
        let source = InMemoryClipSource(clips, zone: F.zone)
        for _ in 0..<200 {
            let start = base.addingTimeInterval(Double(generator.next() % 86_400))
            let interval = DateInterval(start: start, duration: Double(generator.next() % 3600))
            let devices: Set<String> = ["D\(generator.next() % 5)", "D\(generator.next() % 5)"]
            let officers: Set<String> = generator.next() % 2 == 0 ? ["O1"] : []
            let expected = clips.filter { clip in
                let span = clip.deviceSpan(in: F.zone)!
                return (devices.contains(clip.device) || clip.officer.map(officers.contains) == true)
                    && span.start <= interval.end && span.end >= interval.start
            }.map(\.id).sorted()
            #expect(source.clips(devices: devices, officers: officers, overlapping: interval).map(\.id).sorted() == expected)
        }
        #expect(source.clips(device: "D1", session: nil, sequences: 100...200).allSatisfy { $0.device == "D1" && (100...200).contains($0.sequence!) })
        #expect(source.clips(device: "D1", session: nil, sequences: 100...200).count
            == clips.filter { $0.device == "D1" && (100...200).contains($0.sequence!) }.count)
        #expect(source.clips(device: "D1", session: "other", sequences: 0...2000).isEmpty)
    }

    @Test func aClipWithNoTimeIsFoundBySequenceOnly() {
        let clip = ClipFacts(id: "x", device: "D", sequence: 5, nameStart: LocalTimestamp(year: 2026, month: 13, day: 1, hour: 0, minute: 0, second: 0))
        let source = InMemoryClipSource([clip], zone: F.zone)
        #expect(source.unplaced.map(\.id) == ["x"])
        #expect(source.clips(device: "D", session: nil, sequences: 5...5).map(\.id) == ["x"])
        #expect(clip.deviceSpan(in: F.zone) == nil)
    }
}

/// A small deterministic generator, so the test is the same every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
