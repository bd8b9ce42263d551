import DeviceKit
import Compliance
import Foundation
import Testing

@Suite struct ResultEncodingTests {
    typealias F = Fixtures

    @Test func snakeCaseKeysAndRFC3339Times() throws {
        let result = try F.check([F.step("S1", from: "09:30:00", to: "10:15:00", fullProcess: true)],
                                 clips: [F.video("v1", from: "09:31:00", seconds: 2640)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["case_id", "steps", "findings", "catalogue"])
        let catalogue = try #require(object["catalogue"] as? [String: Any])
        #expect(catalogue["source"] as? String == "shipped")
        #expect((catalogue["sha256"] as? String)?.count == 64)
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == ["kind", "severity", "step_id", "article", "evidence", "explanation"])
        #expect(finding["kind"] as? String == "late_start")
        #expect(finding["step_id"] as? String == "S1")
        let step = try #require((object["steps"] as? [[String: Any]])?.first)
        #expect(step["step_id"] as? String == "S1")
        #expect(step["start"] as? String == "2026-11-03T01:30:00Z")
        let coverage = try #require(step["coverage"] as? [String: Any])
        #expect(Set(coverage.keys) == ["covered_seconds", "fraction", "uncovered"])
        let clip = try #require((step["clips"] as? [[String: Any]])?.first)
        #expect(clip["clip_id"] as? String == "v1")
        #expect(clip["matched_by"] as? [String] == ["custody:310045"])
        let start = try #require(clip["start"] as? [String: Any])
        #expect(Set(start.keys) == ["instant", "uncertainty", "reading_uncertainty", "device_time", "source", "offset", "anchored_by"])
        #expect(start["instant"] as? String == "2026-11-03T01:31:00Z")
        // And back, whatever date strategy the decoder has.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(CaseCheck.self, from: data) == result)
    }

    @Test func casesAndCustodyRoundTrip() throws {
        let record = CaseRecord(caseID: "C", title: "t", steps: [F.step("S1", from: "09:30:00", to: "10:00:00", fullProcess: true)])
        let data = try JSONEncoder().encode(record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"case_id\":\"C\""))
        #expect(text.contains("\"full_process\":true"))
        #expect(try JSONDecoder().decode(CaseRecord.self, from: data) == record)
        let open = F.custody()
        let custodyText = String(decoding: try JSONEncoder().encode(open), as: UTF8.self)
        #expect(custodyText.contains("\"to\":null"))
        #expect(try JSONDecoder().decode(CustodyRecord.self, from: Data("{\"officer\":\"1\",\"device\":\"D\",\"from\":\"2026-11-01T08:00:00+08:00\"}".utf8)).to == nil)
    }
}
