import Compliance
import Foundation
import Testing

/// Art 16's "unless unsuitable for recording" and Art 35's handler, reviewer and approver: in case files
/// (JSON and CSV, accepted and refused with their places) and in the check.
@Suite struct ExemptionAndRolesTests {
    typealias F = Fixtures
    let catalogue = try! StepCatalogue.builtin()

    func problems(_ text: String, _ format: CaseFile.Format) -> [InputError] {
        do {
            _ = try CaseFile.parse(F.bytes(text), format: format, catalogue: catalogue)
            return []
        } catch {
            return error.errors
        }
    }

    static func jsonStep(_ type: String, _ extra: String) -> String {
        """
        {"case_id": "C1", "steps": [
          {"id": "S1", "type": "\(type)", "start": "2026-11-03T09:30:00+08:00", "end": "2026-11-03T10:00:00+08:00",
           "officers": ["310045"]\(extra)}]}
        """
    }

    // MARK: Art 16 in files

    @Test func anExemptionIsAcceptedOnTheStepsArt16Covers() throws {
        for type in ["on_site_inspection", "sampling", "hearing"] {
            let text = Self.jsonStep(type, #", "exemption": {"article": "16", "reason": "现场有易燃气体，设备可能引燃"}"#)
            let cases = try CaseFile.parse(F.bytes(text), format: .json, catalogue: catalogue)
            #expect(cases[0].steps[0].exemption == StepExemption(article: "16", reason: "现场有易燃气体，设备可能引燃"), "\(type)")
        }
        let csv = "case_id,step_id,type,start,end,officers,exemption_article,exemption_reason\n"
            + "C1,S1,hearing,2026-11-03T09:30:00+08:00,2026-11-03T10:00:00+08:00,310045,16,\"涉及国家秘密, 不公开\"\n"
            + "C1,S2,hearing,2026-11-03T10:30:00+08:00,2026-11-03T11:00:00+08:00,310045,,\n"
        let cases = try CaseFile.parse(F.bytes(csv), format: .csv, catalogue: catalogue)
        #expect(cases[0].steps[0].exemption?.reason == "涉及国家秘密, 不公开")
        #expect(cases[0].steps[1].exemption == nil)
    }

    @Test func anExemptionElsewhereOrIncompleteIsRefusedAtItsPlace() throws {
        // A step type whose recording Art 16 does not cover: the field is named.
        let elsewhere = problems(Self.jsonStep("investigation", #", "exemption": {"article": "16", "reason": "x"}"#), .json)
        #expect(elsewhere.places == ["field_not_allowed@3:steps[0].exemption"])
        #expect(elsewhere[0].message.contains("on_site_inspection, sampling, hearing"))
        // Another article, no reason, an unknown key.
        #expect(problems(Self.jsonStep("hearing", #", "exemption": {"article": "17", "reason": "x"}"#), .json).places
                == ["invalid_value@3:steps[0].exemption.article"])
        #expect(problems(Self.jsonStep("hearing", #", "exemption": {"article": "16"}"#), .json).places
                == ["missing_field@3:steps[0].exemption.reason"])
        #expect(problems(Self.jsonStep("hearing", #", "exemption": {"article": "16", "reason": " "}"#), .json).places
                == ["empty_value@3:steps[0].exemption.reason"])
        #expect(problems(Self.jsonStep("hearing", #", "exemption": {"article": "16", "reason": "x", "why": "y"}"#), .json).places
                == ["unknown_field@3:steps[0].exemption.why"])
        let csv = "case_id,step_id,type,start,end,officers,exemption_article,exemption_reason\n"
            + "C1,S1,service_lien,2026-11-03T09:30:00+08:00,2026-11-03T10:00:00+08:00,310045,16,拒收\n"
            + "C1,S2,sampling,2026-11-03T10:30:00+08:00,2026-11-03T11:00:00+08:00,310045,,无电\n"
        #expect(problems(csv, .csv).places == ["field_not_allowed@2:exemption_article", "missing_field@3:exemption_article"])
    }

    // MARK: Art 16 in the check

    @Test func anExemptedStepWithoutRecordingIsInformationNotAnError() throws {
        let exemption = StepExemption(reason: "爆炸物现场，禁止使用电子设备")
        let steps = [
            F.step("S1", "on_site_inspection", from: "09:30:00", to: "10:00:00", exemption: exemption),
            F.step("S2", "on_site_inspection", from: "11:00:00", to: "11:30:00"),
        ]
        let result = try F.check(steps, clips: [])
        #expect(result.findings.map { "\($0.kind.rawValue) \($0.severity.rawValue) \($0.stepID ?? "-")" }
                == ["recording_exempted info S1", "missing_recording error S2"])
        let exempted = result.findings[0]
        #expect(exempted.article == "16" && exempted.evidence.exemption == exemption)
        #expect(exempted.explanation.zh.contains(exemption.reason) && exempted.explanation.en.contains("(Art 16)"))
    }

    @Test func aRecordingFoundAnywayIsMatchedAsUsual() throws {
        let exemption = StepExemption(reason: "当事人情绪激动")
        // Whole process marked: the clip covers half of it, and the gap is still a finding.
        let step = F.step("S1", "hearing", from: "09:30:00", to: "09:40:00", fullProcess: true, exemption: exemption)
        let result = try F.check([step], clips: [F.video("v1", from: "09:30:00", seconds: 300)])
        #expect(result.steps[0].clips.map(\.clipID) == ["v1"])
        #expect(!result.findings.contains { $0.kind == .recordingExempted })
        #expect(result.findings.map(\.kind) == [.earlyEnd])
    }

    // MARK: Art 35

    @Test func rolesAreReadOnInternalStepsOnly() throws {
        let text = """
            {"case_id": "C1", "steps": [
              {"id": "S1", "type": "legal_review", "start": "2026-11-04T09:00:00+08:00", "end": "2026-11-04T10:00:00+08:00",
               "handler": "310045", "reviewer": "310050", "approver": "310060"},
              {"id": "S2", "type": "on_site_inspection", "start": "2026-11-04T09:00:00+08:00", "end": "2026-11-04T10:00:00+08:00",
               "officers": ["310045"], "approver": "310060"}]}
            """
        #expect(problems(text, .json).places == ["field_not_allowed@5:steps[1].approver"])
        let good = text.replacingOccurrences(of: #", "approver": "310060"}]}"#, with: "}]}")
        let cases = try CaseFile.parse(F.bytes(good), format: .json, catalogue: catalogue)
        #expect(cases[0].steps[0].roles == F.threeRoles)
        #expect(problems(text.replacingOccurrences(of: #""reviewer": "310050""#, with: #""reviewer": "31 0050""#), .json).places
                .contains("invalid_identifier@3:steps[0].reviewer"))

        let csv = "case_id,step_id,type,start,end,handler,reviewer,approver\n"
            + "C1,S1,approval,2026-11-04T09:00:00+08:00,2026-11-04T10:00:00+08:00,310045,,310060\n"
        let fromCSV = try CaseFile.parse(F.bytes(csv), format: .csv, catalogue: catalogue)
        #expect(fromCSV[0].steps[0].roles == InternalRoles(handler: "310045", approver: "310060"))
    }

    @Test func aMissingOrDoubledRoleIsAFindingCitingArt35() throws {
        let steps = [
            F.step("S1", "legal_review", from: "09:00:00", to: "09:30:00", officers: [], roles: F.threeRoles),
            F.step("S2", "collective_discussion", from: "10:00:00", to: "10:30:00", officers: [],
                   roles: InternalRoles(handler: "310045", approver: "310060")),
            F.step("S3", "approval", from: "11:00:00", to: "11:30:00", officers: [],
                   roles: InternalRoles(handler: "310045", reviewer: "310050", approver: "310045")),
            F.step("S4", "approval", from: "12:00:00", to: "12:30:00", officers: []),
        ]
        let result = try F.check(steps, clips: [])
        #expect(result.findings.map { "\($0.kind.rawValue) \($0.severity.rawValue) \($0.stepID ?? "-")" }
                == ["internal_roles warning S2", "internal_roles warning S3", "internal_roles warning S4"])
        #expect(result.findings.allSatisfy { $0.article == "35" })
        #expect(result.findings[0].evidence.roles == RoleProblems(missing: ["reviewer"], doubled: []))
        #expect(result.findings[1].evidence.roles == RoleProblems(missing: [], doubled: [RoleHolder(officer: "310045", roles: ["handler", "approver"])]))
        #expect(result.findings[1].explanation.en.contains("310045 is named as handler and approver"))
        #expect(result.findings[1].explanation.zh.contains("承办人、批准人"))
        #expect(result.findings[2].evidence.roles?.missing == ["handler", "reviewer", "approver"])
    }
}
