import Accounts
import Foundation
import Testing
@testable import Dashboard

@Suite struct LayoutTests {
    @Test(arguments: Role.allCases)
    func theNavigationShowsOnlyWhatTheRoleMayUse(_ role: Role) throws {
        let expected: [String] = switch role {
        case .equipmentKeeper: ["/bays", "/devices"]
        case .evidenceStaff: ["/clips", "/cases"]
        case .legalOffice: ["/cases", "/report", "/audit"]
        case .approver: ["/cases", "/report"]
        case .administrator: ["/bays", "/devices", "/clips", "/cases", "/report", "/audit", "/accounts"]
        }
        for (name, page) in Fixtures.allPages(Fixtures.context(role)) where name != "login" {
            let doc = try page.tree()
            #expect(doc.select("#nav a").map { $0["href"] } == expected, "\(name)")
            #expect(doc.first("#account-name")?.textContent == "王警官")
            #expect(doc.first(".account .role")?["data-role"] == role.rawValue)
        }
        #expect(Section.start(for: role).path == expected[0])
    }

    @Test func theCurrentSectionIsMarked() throws {
        let doc = try Pages.clips(Fixtures.clipPage, filters: ClipFilters(), context: Fixtures.context(.administrator)).tree()
        #expect(doc.select("#nav a[aria-current]").map { $0["href"] } == ["/clips"])
    }

    /// Every page carries the token in its meta element, and every form that posts carries it once;
    /// GET forms never (a token in a URL leaks into logs).
    @Test(arguments: Language.allCases)
    func everyPostFormCarriesTheToken(_ language: Language) throws {
        var posts = 0
        for (name, page) in Fixtures.allPages(Fixtures.context(.administrator, language: language)) {
            let doc = try page.tree()
            #expect(doc.select("meta[name=\"csrf-token\"]").map { $0["content"] } == [Fixtures.token], "\(name)")
            for form in doc.select("form") {
                let tokens = form.select("input[name=\"_csrf\"]")
                if form["method"] == "post" {
                    posts += 1
                    #expect(tokens.count == 1, "\(name) \(form["action"] ?? "")")
                    #expect(tokens.first?["type"] == "hidden")
                    #expect(tokens.first?["value"] == Fixtures.token)
                } else {
                    #expect(form["method"] == "get", "\(name): a form is either GET or POST")
                    #expect(tokens.isEmpty, "\(name)")
                }
            }
            #expect(doc.select("form#logout-form[method=\"post\"][action=\"/logout\"]").count == 1, "\(name)")
        }
        // logout on every page, 3 power-cycles, verify, download, login
        #expect(posts == 12 + 3 + 2 + 1)
    }

    @Test func theLangAttributeAndSwitchFollowTheLanguage() throws {
        let zh = try Pages.bays(status: Fixtures.status, health: [], context: Fixtures.context(.equipmentKeeper, path: "/clips?device=A1&lang=zh")).tree()
        #expect(zh.first("html")?["lang"] == "zh-CN")
        #expect(zh.first("#lang-switch")?["href"] == "/clips?device=A1&lang=en")
        #expect(zh.first("#lang-switch")?.textContent == "English")
        #expect(zh.first("#nav a")?.textContent == "采集坞位")
        let en = try Pages.bays(status: Fixtures.status, health: [], context: Fixtures.context(.equipmentKeeper, language: .en, path: "/bays")).tree()
        #expect(en.first("html")?["lang"] == "en")
        #expect(en.first("#lang-switch")?["href"] == "/bays?lang=zh")
        #expect(en.first("#lang-switch")?.textContent == "中文")
        #expect(en.first("#nav a")?.textContent == "Bays")
        for language in Language.allCases {
            for (name, page) in Fixtures.allPages(Fixtures.context(.administrator, language: language)) {
                #expect(try page.tree().first("html")?["lang"] == (language == .zh ? "zh-CN" : "en"), "\(name)")
            }
        }
        #expect(Language(query: "en") == .en)
        #expect(Language(query: "fr") == .zh)
        #expect(Language(query: nil) == .zh)
    }

    /// Each label exists in both languages and says something different in each; the English pages
    /// carry no Chinese of their own (only what the documents hold).
    @Test func everyLabelIsInBothLanguagesAndTheyDiffer() throws {
        for text in Strings.allCases {
            #expect(!text.label.zh.isEmpty && !text.label.en.isEmpty, "\(text)")
            #expect(text.label.zh != text.label.en, "\(text)")
            #expect(text.label.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(text) zh has no Chinese")
            #expect(!text.label.en.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } || text == .languageName,
                    "\(text) en has Chinese")
        }
        let context = Fixtures.context(.administrator, name: "admin", language: .en)
        let documentChinese = ["前台左", "某工地", "现场检查", "城建监察一队", "李法制", "王警官", "（未填部门）"]
        for (name, page) in Fixtures.allPages(context) {
            var html = page.html
            for text in documentChinese { html = html.replacingOccurrences(of: text, with: "") }
            html = html.replacingOccurrences(of: ">中文</a>", with: "")
            // Article references are bilingual by design (第十一条… (Art 11(2))).
            html = html.replacingOccurrences(of: #"<span class="article">[^<]*</span>"#, with: "", options: .regularExpression)
            let han = html.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }
            #expect(han.isEmpty, "\(name): \(String(String.UnicodeScalarView(han)))")
        }
    }
}

@Suite struct EscapingTests {
    @Test func theEscaperLeavesNoMarkup() {
        #expect(HTML.escape("<script>\"a\" & 'b'</script>") == "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;")
        #expect(HTML.escape("a\u{0}b\u{1B}[31m\u{85}c\nd") == "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}c\nd")
        #expect(HTML.urlComponent("a b/é?&=") == "a%20b%2F%C3%A9%3F%26%3D")
    }

    /// Hostile names, models, officers, reasons and titles come back out as the same text, never as markup.
    @Test(arguments: Language.allCases)
    func hostileStringsAreTextOnEveryPage(_ language: Language) throws {
        for (name, page) in Fixtures.allPages(Fixtures.context(.administrator, name: Fixtures.hostile, language: language)) {
            let doc = try page.tree()
            #expect(!page.html.contains("<script>alert"), "\(name)")
            // The only scripts are the dashboard's own, loaded from its asset path.
            #expect(doc.select("script").map { $0["src"] } == ["/assets/dashboard.js"], "\(name)")
            #expect(doc.select("*").allSatisfy { node in !node.attributes.keys.contains { $0.hasPrefix("on") } }, "\(name)")
            if name != "login" { #expect(doc.first("#account-name")?.textContent == Fixtures.hostile) }
            #expect(doc.first("meta[name=\"csrf-token\"]")?["content"] == Fixtures.token)
            if name == "login" {
                #expect(doc.first("input[name=\"name\"]")?["value"] == Fixtures.hostile)
            } else {
                #expect(doc.textContent.contains(Fixtures.hostile), "\(name) shows the hostile text as text")
            }
        }
    }

    /// Nothing is loaded from elsewhere: every link, source and form target is a path of the gateway, and
    /// no script or style is written into a page.
    @Test func noPageLoadsAnOutsideResource() throws {
        for (name, page) in Fixtures.allPages(Fixtures.context(.administrator)) {
            let doc = try page.tree()
            for node in doc.select("*") {
                for attribute in ["href", "src", "action"] {
                    guard let value = node[attribute] else { continue }
                    #expect(value.hasPrefix("/") && !value.hasPrefix("//"), "\(name): \(node.tag) \(attribute)=\(value)")
                }
            }
            #expect(doc.select("link[rel=\"stylesheet\"]").map { $0["href"] } == ["/assets/dashboard.css"])
            // Nothing inline either, so the gateway may forbid it (Content-Security-Policy: default-src 'self').
            #expect(doc.select("script").allSatisfy { $0.children.isEmpty }, "\(name)")
            #expect(doc.select("style").isEmpty, "\(name)")
            #expect(doc.select("[style]").isEmpty, "\(name)")
        }
    }
}
