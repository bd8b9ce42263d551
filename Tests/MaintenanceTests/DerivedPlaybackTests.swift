import Foundation
import Testing
import TestSupport

/// What `recgate derive` makes plays to its end in headless Chromium (Debian's, as evidence staff use
/// it), driven by selenium from the project's Python environment (`make pyenv`); a MJPEG AVI original,
/// which it cannot play, is the control that shows the judge can say no.
@Suite(.enabled(if: SeleniumChromium.missing == nil, "needs selenium and chromium (make pyenv, make deps)"))
struct DerivedPlaybackTests {
    @Test func everyDerivedFilePlaysToItsEndInChromium() throws {
        let folder = try TempDirectory()
        let home = try OffloadedHome([
            "LAST0001.MP4": try MaintenanceFixtures.indexLast(),
            "HEVC0002.MP4": try MediaFixtures.hevc(),
            "MJPG0003.AVI": try MaintenanceFixtures.mjpegAVI(),
            "CUT_0004.MP4": try MaintenanceFixtures.truncated(in: folder.url),
        ], configuration: #"{"proxy_policy": "all"}"#)
        let derive = try home.recgate(["derive", "--pending", "--json"])
        #expect(derive.status == 0, "\(derive.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(derive.stdout.utf8)) as? [String: Any])
        let clips = try #require(report["clips"] as? [[String: Any]])
        let made = clips.compactMap { ($0["derived"] as? [String: Any])?["path"] as? String }
        #expect(made.count == 4, "\(clips)")

        let avi = home.gateway.storedObjectPath(sha256: try #require(home.stored["MJPG0003.AVI"]))
        let outcomes = try ChromiumPlayer.play(made + [avi])
        for path in made {
            let outcome = outcomes[path]
            #expect(outcome?["ended"] as? Bool == true, "\(path): \(outcome ?? [:])")
        }
        // The control: the MJPEG AVI original does not play here, so "ended" above is the browser's word.
        // (This Chromium does play HEVC in MP4; other browsers staff may use do not, so HEVC stays proxied.)
        #expect(outcomes[avi]?["ended"] as? Bool == false, "\(outcomes[avi] ?? [:])")
    }
}

/// Plays files in a `<video>` element of headless Chromium.
enum ChromiumPlayer {
    /// Loads each file in a `<video>` element and prints one JSON line per file: whether it reached
    /// `ended`, or the media error. Every wait is on the page's state, with a generous deadline.
    static let script = #"""
        import json, os, sys
        os.environ.setdefault("SE_OFFLINE", "true")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait

        plan = json.load(open(sys.argv[1]))
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--autoplay-policy=no-user-gesture-required"):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            for index, path in enumerate(plan["files"]):
                page = os.path.join(plan["folder"], f"play{index}.html")
                with open(page, "w") as out:
                    out.write(f"""<!doctype html><video id="v" muted playsinline src="file://{path}"></video><script>
        const v = document.getElementById("v"); window.outcome = null;
        v.addEventListener("ended", () => {{ window.outcome = {{ended: true, time: v.currentTime, duration: v.duration}}; }});
        v.addEventListener("error", () => {{ window.outcome = {{ended: false, error: v.error ? v.error.code : -1}}; }});
        v.play().catch(e => {{ if (!window.outcome) window.outcome = {{ended: false, error: String(e)}}; }});
        </script>""")
                driver.get("file://" + page)
                outcome = WebDriverWait(driver, 240, poll_frequency=0.1).until(lambda d: d.execute_script("return window.outcome"))
                print(json.dumps({"path": path, **outcome}), flush=True)
        finally:
            driver.quit()
        """#

    /// Plays each file; the outcome per path.
    static func play(_ files: [String]) throws -> [String: [String: Any]] {
        let folder = try TempDirectory(prefix: "recgate-playback")
        let script = folder.path("play.py"), plan = folder.path("plan.json")
        try Data(Self.script.utf8).write(to: script)
        try JSONSerialization.data(withJSONObject: ["files": files, "folder": folder.url.path]).write(to: plan)
        // The browser needs none of umockdev's preload.
        let run = try run(SeleniumChromium.python.path, [script.path, plan.path], environment: ["LD_PRELOAD": "", "SE_OFFLINE": "true"])
        #expect(run.status == 0, "\(run.stderr)")
        var outcomes: [String: [String: Any]] = [:]
        for line in run.stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let path = object["path"] as? String else { continue }
            outcomes[path] = object
        }
        return outcomes
    }
}
