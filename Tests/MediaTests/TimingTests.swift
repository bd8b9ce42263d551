import Foundation
import MediaProbes
import Testing
import TestSupport

/// Timing findings: each pair of sources compared, with the tolerance and the notes.
@Suite struct TimingTests {
    let start = Date(timeIntervalSince1970: 1_793_669_415)  // 2026-11-03T01:30:15Z

    @Test func agreeingSourcesGiveNoFindings() {
        let timing = ClipTiming(containerDuration: 600, packetDuration: 600.5, creationTime: start,
                                nameStart: start.addingTimeInterval(1), fileTime: start.addingTimeInterval(603))
        #expect(timing.findings.isEmpty, "\(timing.findings)")
    }

    @Test func durationMismatch() throws {
        let timing = ClipTiming(containerDuration: 20, packetDuration: 2, creationTime: nil, nameStart: nil, fileTime: nil)
        let finding = try #require(timing.findings.first)
        #expect(timing.findings.count == 1)
        #expect(finding.kind == .durationMismatch)
        #expect(finding.first.source == "container_duration" && finding.first.seconds == 20)
        #expect(finding.second.source == "packet_duration" && finding.second.seconds == 2)
        #expect(finding.difference == 18)
        #expect(finding.tolerance == 2)
    }

    @Test func zoneErrorIsNamed() throws {
        // The recorder wrote local time (UTC+8) into the UTC creation_time.
        let timing = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start.addingTimeInterval(8 * 3600),
                                nameStart: start, fileTime: start.addingTimeInterval(61))
        let startFinding = try #require(timing.findings.first { $0.kind == .startMismatch })
        #expect(startFinding.difference == 8 * 3600)
        #expect(startFinding.note?.contains("8 h") == true)
        let ends = timing.findings.filter { $0.kind == .endMismatch }
        #expect(ends.count == 1)
        #expect(ends.first?.second.source == "container_creation_time+duration")
        #expect(ends.first?.tolerance == 4)
    }

    @Test func theDevicesZoneTellsLocalDigitsFromUTCAndNothingElse() throws {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        // Local digits (UTC+8) written as UTC: how the recorder writes, not a mismatch.
        let local = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start.addingTimeInterval(8 * 3600),
                               nameStart: start, fileTime: start.addingTimeInterval(61), zone: zone)
        #expect(local.findings.isEmpty, "\(local.findings)")
        #expect(local.creationTimeReading == "local_digits")
        // True UTC, as the standard says.
        let utc = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start, nameStart: start,
                             fileTime: start.addingTimeInterval(61), zone: zone)
        #expect(utc.findings.isEmpty && utc.creationTimeReading == "utc")
        // No name: the file time less the duration tells.
        let unnamed = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start.addingTimeInterval(8 * 3600),
                                 nameStart: nil, fileTime: start.addingTimeInterval(61), zone: zone)
        #expect(unnamed.findings.isEmpty && unnamed.creationTimeReading == "local_digits")
        // Seven minutes more: neither reading explains it, and both comparisons say so.
        let off = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start.addingTimeInterval(8 * 3600 + 420),
                             nameStart: start, fileTime: start.addingTimeInterval(61), zone: zone)
        #expect(off.creationTimeReading == nil)
        #expect(off.findings.map(\.kind) == [.startMismatch, .endMismatch])
    }

    @Test func fileSystemToleranceIncludesFATResolution() {
        let within = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start, nameStart: nil,
                                fileTime: start.addingTimeInterval(63.9))
        #expect(within.findings.isEmpty)
        let beyond = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start, nameStart: nil,
                                fileTime: start.addingTimeInterval(64.1))
        #expect(beyond.findings.map(\.kind) == [.endMismatch])
        let strict = ClipTiming(containerDuration: 60, packetDuration: 60, creationTime: start, nameStart: nil,
                                fileTime: start.addingTimeInterval(61), tolerance: TimingTolerance(seconds: 0.5, fileSystemResolution: 0))
        #expect(strict.findings.map(\.kind) == [.endMismatch])
    }

    @Test func startStampedAsEndIsNoted() throws {
        // The file system time equals creation_time: the recorder stamped the start, or creation_time is the end.
        let timing = ClipTiming(containerDuration: 300, packetDuration: 300, creationTime: start, nameStart: nil, fileTime: start)
        let finding = try #require(timing.findings.first)
        #expect(finding.kind == .endMismatch)
        #expect(finding.difference == -300)
        #expect(finding.note?.contains("matches the end") == true)
    }

    @Test func probeComparesTheFileItsTimes() throws {
        let folder = try TempDirectory()
        let copy = folder.path("20261103_093015_A001234_0001.MP4")
        try FileManager.default.copyItem(at: MediaFixtures.rotated(), to: copy)
        let created = try #require(ISO8601DateFormatter().date(from: MediaFixtures.rotatedCreationTime))

        // Stamped at the end of the 2 s recording: no finding.
        try setModificationTime(copy, created.addingTimeInterval(2))
        let agreeing = try MediaProbe.probe(path: copy.path, nameStart: created)
        #expect(agreeing.timing?.findings == [])
        #expect(agreeing.timing?.creationTime == created)
        #expect(agreeing.timing?.nameStart == created)
        #expect(agreeing.timing?.fileTime == created.addingTimeInterval(2))
        #expect(agreeing.timing.map { abs(($0.packetDuration ?? 0) - 2) < 0.1 } == true)

        // A name an hour off and a file time ten minutes late: one start and two end findings.
        try setModificationTime(copy, created.addingTimeInterval(602))
        let disagreeing = try MediaProbe.probe(path: copy.path, nameStart: created.addingTimeInterval(3600))
        let findings = try #require(disagreeing.timing?.findings)
        #expect(findings.map(\.kind) == [.startMismatch, .endMismatch, .endMismatch])
        #expect(findings[0].difference == -3600)
        #expect(abs(findings[1].difference - 600) < 0.1)
        #expect(abs(findings[2].difference - (600 - 3600)) < 0.1)
    }

    @Test func containerDurationMismatchFromAFile() throws {
        let facts = try MediaProbe.probe(path: MediaFixtures.longContainerDuration().path)
        #expect(facts.integrity == .ok)
        #expect(facts.duration.map { abs($0 - 20) < 0.01 } == true)
        let finding = try #require(facts.timing?.findings.first { $0.kind == .durationMismatch })
        #expect(abs(finding.difference - 18) < 0.1)
    }

    private func setModificationTime(_ url: URL, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
    }
}
