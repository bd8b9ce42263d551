import Evidence
import Foundation
import Presentation
import Testing
@testable import Dashboard

@Suite struct DevicePageTests {
    func chart(_ readings: [ClipDetail.ClockReading]) throws -> HTMLNode {
        try Pages.device(Fixtures.dossier(clock: readings), context: Fixtures.context(.equipmentKeeper)).tree()
    }

    @Test func noReadingSaysSoInsteadOfAChart() throws {
        let doc = try chart([])
        let empty = try #require(doc.first("#clock-chart"))
        #expect(empty.tag == "p")
        #expect(empty["data-points"] == "0")
        #expect(doc.select("circle.point").isEmpty)
    }

    @Test func oneReadingIsOnePointInTheMiddle() throws {
        let doc = try chart([.init(at: "2026-11-03T01:05:30Z", device_time: "x", offset_s: 3.5, source: "dock")])
        let svg = try #require(doc.first("svg#clock-chart"))
        let points = svg.select("circle.point")
        try #require(points.count == 1)
        let width = Double(svg["viewBox"]!.split(separator: " ")[2])!
        let plotLeft = ClockChart.left, plotRight = width - ClockChart.right
        #expect(abs(Double(points[0]["cx"]!)! - (plotLeft + plotRight) / 2) < 0.1)
        #expect(svg.first("polyline") == nil)
        #expect(points[0]["data-offset"] == "3.5")
    }

    /// A clock a year off and one minutes off on the same chart: every point inside the plot, the
    /// extremes labelled in days, the zero line between them.
    @Test func hugeOffsetsStayInsideThePlot() throws {
        let readings: [ClipDetail.ClockReading] = [
            .init(at: "2026-01-01T00:00:00Z", device_time: "x", offset_s: -31_536_000, source: "dock"),
            .init(at: "2026-06-01T00:00:00Z", device_time: "x", offset_s: 120, source: "dock"),
            .init(at: "2026-11-01T00:00:00Z", device_time: "x", offset_s: 2_000_000_000, source: "manual"),
            .init(at: "not a time", device_time: "x", offset_s: 5, source: "manual"),
        ]
        let doc = try chart(readings)
        let svg = try #require(doc.first("svg#clock-chart"))
        let parts = svg["viewBox"]!.split(separator: " ").map { Double($0)! }
        let points = svg.select("circle.point")
        #expect(points.count == 3)
        for point in points {
            let cx = Double(point["cx"]!)!, cy = Double(point["cy"]!)!
            #expect(cx >= ClockChart.left && cx <= parts[2] - ClockChart.right)
            #expect(cy >= ClockChart.top && cy <= parts[3] - ClockChart.bottom)
        }
        // Oldest left, newest right; the largest offset highest.
        let xs = points.map { Double($0["cx"]!)! }, ys = points.map { Double($0["cy"]!)! }
        #expect(xs == xs.sorted())
        #expect(ys[2] < ys[1] && ys[1] < ys[0])
        let labels = svg.select("text.y").map(\.textContent)
        #expect(labels.contains("−365.0 d"))
        #expect(labels.contains("+23148.1 d"))
        #expect(svg.first("polyline")?["points"]?.split(separator: " ").count == 3)
        // Every reading is still in the table, the unreadable time shown as it is.
        #expect(doc.select("#clock-readings tbody tr").count == 4)
    }

    @Test func identityHistoryAndHealth() throws {
        let doc = try chart([])
        #expect(doc.first("#device")?["data-serial"] == "DSJ-A1001")
        #expect(doc.select("#visits tr[data-session]").map { $0["data-state"] } == ["interrupted"])
        #expect(doc.select("#health-probes tr[data-status=\"fault\"]").map { $0["data-probe"] } == ["sequence_gaps"])
        let list = try Pages.devices(health: Fixtures.health, context: Fixtures.context(.equipmentKeeper)).tree()
        #expect(list.first("#devices tr[data-serial=\"DSJ-A1001\"]")?["data-health"] == "fault")
        #expect(list.first("#devices tr[data-serial=\"DSJ-A1001\"] a")?["href"] == "/devices/DSJ-A1001")
    }
}

@Suite struct ReportAuditAccountsTests {
    @Test func theReportChartsDepartmentsAndOfficers() throws {
        let doc = try Pages.report(Fixtures.report, context: Fixtures.context(.legalOffice)).tree()
        let departments = doc.select("#chart-departments g.row")
        #expect(departments.map { $0["data-name"] } == ["城建监察一队", "（未填部门）"])
        #expect(departments.map { $0["data-total"] } == ["3", "1"])
        #expect(departments.map { $0["data-part"] } == ["2", "0"])
        // The bars are drawn to scale: 3 steps is three times 1 step.
        let widths = departments.map { Double($0.first("rect.total")!["width"]!)! }
        #expect(abs(widths[0] / widths[1] - 3) < 0.01)
        #expect(Double(departments[1].first("rect.part")!["width"]!)! == 0)
        let officers = doc.select("#chart-officers g.row")
        #expect(officers.map { $0["data-name"] } == ["110023", "110045", "110099"])
        #expect(officers.map { $0["data-part"] } == ["2", "1", "0"])
        #expect(Set(doc.select("#chart-kinds g.row").map { $0["data-name"]! }) == ["录像中断", "未找到录像", "未匹配任何环节的录像"])
        #expect(doc.select("#report-cases tr[data-case]").map { $0["data-case"] } == ["JZ-2026-0117", "JZ-2026-0200"])
        #expect(doc.first("[data-total=\"errors\"] .n")?.textContent == "1")
    }

    @Test func theAuditTrailIsATablePagedByEntry() throws {
        let doc = try Pages.audit(Fixtures.audit, olderBefore: 30, context: Fixtures.context(.legalOffice, language: .en)).tree()
        let rows = doc.select("#audit-trail tr[data-seq]")
        #expect(rows.map { $0["data-seq"] } == ["31", "30"])
        #expect(rows[0].select("td").map(\.textContent)[2...3] == ["王警官", "clip.downloaded"])
        #expect(rows[0].first("a")?["href"] == "/clips/0b6c1c2e-1111-4c7e-9f00-000000000001")
        #expect(rows[1].select("td")[2].textContent == Fixtures.hostile)
        #expect(doc.first("#next-page")?["href"] == "/audit?before=30&lang=en")
        let last = try Pages.audit(Fixtures.audit, olderBefore: nil, context: Fixtures.context(.legalOffice)).tree()
        #expect(last.first("#next-page") == nil)
    }

    @Test func accountsAreListedWithRoleAndState() throws {
        let doc = try Pages.accounts(Fixtures.accounts, context: Fixtures.context(.administrator, language: .en)).tree()
        let rows = doc.select("#accounts tr[data-account]")
        #expect(rows.map { $0["data-account"] } == [Fixtures.hostile, "admin", "李法制"])
        #expect(rows.map { $0.select("td").map(\.textContent) } == [
            [Fixtures.hostile, "equipment keeper", "locked"], ["admin", "administrator", "active"], ["李法制", "legal office", "disabled"],
        ])
    }

    @Test func errorsShowTheirStatusAndMessageInTheLayout() throws {
        for (status, title) in [(400, "请求有误"), (403, "无权访问"), (404, "未找到"), (500, "出错了")] {
            let doc = try Pages.error(status: status, message: "no clip \(Fixtures.hostile)", context: Fixtures.context(.approver)).tree()
            #expect(doc.first("#error")?["data-status"] == String(status))
            #expect(doc.first("h1")?.textContent == title)
            #expect(doc.first("#error-message")?.textContent == "no clip \(Fixtures.hostile)")
            #expect(doc.first("#nav") != nil)
        }
        let anonymous = try Pages.error(status: 403, message: "sign in", context: Fixtures.context(nil)).tree()
        #expect(anonymous.first("#nav") == nil)
        #expect(anonymous.first("#logout-form") == nil)
    }

    @Test func theLoginPageHasItsFormAndMessages() throws {
        let plain = try Pages.login(context: Fixtures.context(nil)).tree()
        let form = try #require(plain.first("form#login-form"))
        #expect(form["method"] == "post")
        #expect(form["action"] == "/login")
        #expect(form.first("input[name=\"name\"]") != nil)
        #expect(form.first("input[name=\"password\"]")?["type"] == "password")
        #expect(form.select("input[name=\"_csrf\"]").map { $0["value"] } == [Fixtures.token])
        #expect(plain.first("#login-message")?["hidden"] != nil)
        #expect(plain.first("#nav") == nil)

        let invalid = try Pages.login(problem: .invalid, name: "zhang", context: Fixtures.context(nil)).tree()
        #expect(invalid.first("#login-message")?["data-problem"] == "invalid")
        #expect(invalid.first("#login-message")?.textContent == "账户名或密码错误。")
        #expect(invalid.first("input[name=\"name\"]")?["value"] == "zhang")
        #expect(invalid.first("input[name=\"password\"]")?["value"] == nil)

        let throttled = try Pages.login(problem: .throttled(retryAfterSeconds: 42), context: Fixtures.context(nil, language: .en)).tree()
        #expect(throttled.first("#login-message")?["data-retry-after"] == "42")
        #expect(throttled.first("#login-message")?.textContent == "Too many failed attempts. Try again in 42 seconds.")
    }
}
