import Compliance
import Foundation
import Testing

@Suite struct CatalogueTests {
    @Test func theShippedCatalogueFollowsTheRegulation() throws {
        let catalogue = try StepCatalogue.builtin()
        #expect(catalogue.typeNames == [
            "on_site_inspection", "random_inspection", "investigation", "evidence_preservation", "sampling", "hearing",
            "reconsideration_hearing", "interview", "service_direct", "service_lien", "service_public_notice", "service_mail",
            "service_entrusted", "legal_review", "collective_discussion", "approval",
        ])
        func entry(_ type: String) throws -> StepType { try #require(catalogue[type]) }
        // Art 11(1): the listed on-site activities need audio-visual recording; Art 11(2) marks whole-process ones.
        #expect(try entry("on_site_inspection").recording == .avPortable)
        #expect(try entry("on_site_inspection").recordingArticle == "11(1)")
        #expect(try entry("on_site_inspection").fullProcess == .whenMarked)
        #expect(try entry("on_site_inspection").fullProcessArticle == "11(2)")
        #expect(try entry("sampling").recordingArticle == "16")
        // Art 12: interviews and reconsideration hearings by fixed equipment.
        #expect(try entry("interview").recording == .avFixed)
        #expect(try entry("interview").recordingArticle == "12(1)")
        #expect(try entry("reconsideration_hearing").recordingArticle == "12(2)")
        // Art 25 and 27: lien and public-notice service are recorded; lien service records the process.
        #expect(try entry("service_lien").fullProcess == .always)
        #expect(try entry("service_lien").fullProcessArticle == "25")
        #expect(try entry("service_public_notice").recordingArticle == "27")
        // Documents only.
        for type in ["service_mail", "service_entrusted", "legal_review", "collective_discussion", "approval"] {
            #expect(try entry(type).recording == .documents)
            #expect(try entry(type).fullProcess == .never)
        }
        #expect(try entry("approval").nameZh == "负责人审批")
        #expect(ArticleReference("11(2)")?.chinese == "第十一条第（二）项")
        #expect(ArticleReference("25")?.chinese == "第二十五条")
        #expect(ArticleReference("11(x)") == nil)
    }

    @Test func anOverrideWithProblemsIsRefusedWithPlaces() throws {
        let json = """
        {"version": 2,
         "steps": [
          {"type": "on_site_inspection", "name_zh": "现场检查", "name_en": "on-site inspection",
           "recording": "video", "recording_articles": ["11(1)"], "full_process": "when_marked", "full_process_articles": ["11(2)"]},
          {"type": "approval", "name_zh": "", "name_en": "approval", "recording": "documents",
           "recording_articles": ["第22条"], "full_process": "always", "full_process_articles": []},
          {"type": "approval", "name_zh": "负责人审批", "name_en": "approval", "recording": "documents",
           "recording_articles": ["22"], "full_process": "never", "full_process_articles": [], "colour": "red"},
          {"type": "hearing", "name_zh": "听证", "name_en": "hearing", "recording": "av_portable",
           "recording_articles": [], "full_process": "always", "full_process_articles": []}
         ]}
        """
        let failure = try #require(throws: ImportFailure.self) { try StepCatalogue.parse(Fixtures.bytes(json)) }
        #expect(failure.errors.places == [
            "invalid_value@1:version",
            "invalid_value@4:steps[0].recording",
            "empty_value@5:steps[1].name_zh",
            "invalid_value@6:steps[1].recording_articles[0]",
            "invalid_value@6:steps[1].full_process",
            "duplicate_type@7:steps[2].type",
            "unknown_field@8:steps[2].colour",
            "empty_value@10:steps[3].recording_articles",
            "empty_value@10:steps[3].full_process_articles",
        ])
    }

    @Test func aValidOverrideReplacesTheShippedOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("steps.json")
        try """
        {"version": 1, "steps": [{"type": "patrol", "name_zh": "巡查", "name_en": "patrol", "recording": "av_portable",
          "recording_articles": ["11(3)"], "full_process": "always", "full_process_articles": ["11(2)"], "note": "local rule"}]}
        """.write(to: url, atomically: true, encoding: .utf8)
        let catalogue = try StepCatalogue.load(override: url)
        #expect(catalogue.typeNames == ["patrol"])
        #expect(catalogue["patrol"]?.fullProcess == .always)
        #expect(try StepCatalogue.load(override: nil).types.count == 16)
        // Case files are checked against the catalogue in effect.
        let failure = try #require(throws: ImportFailure.self) {
            try CaseFile.parse(Fixtures.bytes("""
            {"case_id": "C", "steps": [{"id": "S", "type": "hearing", "start": "2026-11-03T09:30:00+08:00", "end": "2026-11-03T10:00:00+08:00", "officers": ["1"]}]}
            """), format: .json, catalogue: catalogue)
        }
        #expect(failure.errors.places == ["unknown_step_type@1:steps[0].type"])
    }
}
