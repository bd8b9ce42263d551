#!/usr/bin/env python3
"""The dashboard in headless Chromium (selenium), driven by the BrowserTests.

    dashboard.py PLAN.json

PLAN is written by the Swift test: {"scenario": ..., "base": "http://127.0.0.1:PORT", "artifacts": DIR,
"accounts": {ROLE: {"name": ..., "password": ...}}, ...scenario fields}. Every check prints one JSON line
{"check": NAME, "ok": true|false, "detail": ...}; {"event": NAME} lines tell the test where the script is
(it acts on the daemon then); {"screenshot": PATH} names each picture kept. Exit status: 0 when every check
held, 1 when one failed, 2 when the script itself broke (the traceback is printed as a failed check).

Nothing waits on a clock: every wait is a WebDriverWait on the DOM, with a generous deadline so a slow,
shared machine never fails a check that would hold.
"""

import json
import os
import signal
import sys
import traceback
import urllib.parse

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PATIENCE = 240
failures = 0


def say(**fields):
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def check(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    say(check=name, ok=bool(ok), detail=detail)
    return ok


def browser(width=1366, height=768):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
                     "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def wait(driver, what, condition, seconds=PATIENCE, ignoring=()):
    """Waits for `condition(driver)` to be truthy; returns its value, or None (a failed check) after the deadline.
    Exceptions of the classes in `ignoring` count as "not yet"."""
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1, ignored_exceptions=ignoring).until(
            lambda d: condition(d))
    except Exception as error:  # TimeoutException, or the page going away
        check("wait: " + what, False, f"{type(error).__name__}: {error}")
        return None


def js(driver, script, *args):
    return driver.execute_script(script, *args)


def navigate_by(driver, what, element):
    """Clicks `element` and waits until the page it was on is gone and the next one has loaded, so no check
    reads the old page (which may hold what the new one should)."""
    # A mark on the old page's window: a new document has a new window object without it. Asking for an
    # element's staleness instead raced with chromedriver, which may answer "node does not belong to the
    # document" (a plain WebDriverException) while the old page is torn down; so, while the page changes,
    # any WebDriver error means "not yet".
    js(driver, "window.recgateOldPage = true")
    element.click()
    gone = wait(driver, what, lambda d: js(d, "return window.recgateOldPage !== true"), ignoring=(WebDriverException,))
    return gone and wait(driver, what + " loaded", lambda d: js(d, "return document.readyState") == "complete",
                         ignoring=(WebDriverException,))


def path_of(driver):
    return urllib.parse.urlparse(driver.current_url).path


def screenshot(driver, plan, name):
    folder = plan["artifacts"]
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".png")
    driver.save_screenshot(path)
    say(screenshot=path)
    return path


def sign_in(driver, plan, role, password=None):
    """The sign-in form, filled and submitted as a person would."""
    account = plan["accounts"][role]
    driver.get(plan["base"] + "/login")
    wait(driver, "the sign-in form", lambda d: d.find_elements(By.ID, "login-form"))
    driver.find_element(By.ID, "login-name").send_keys(account["name"])
    driver.find_element(By.ID, "login-password").send_keys(password if password is not None else account["password"])
    navigate_by(driver, "the answer to the sign-in", driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]"))


def signed_in(driver, plan, role):
    sign_in(driver, plan, role)
    return wait(driver, "signed in as " + role, lambda d: d.find_elements(By.ID, "account-name"))


# a) the bay grid kept current during an offload by the server-sent events, without a reload

def scenario_live(driver, plan):
    sign_in(driver, plan, "equipment_keeper")
    landed = wait(driver, "the page after signing in", lambda d: path_of(d) != "/login" and d.find_elements(By.ID, "account-name"))
    check("keeper lands on the bay grid", landed and path_of(driver) == "/bays"
          and js(driver, "return document.body.dataset.page") == "bays", driver.current_url)
    check("the grid is there", bool(driver.find_elements(By.ID, "bay-grid")))
    # A marker on the window: a reload or a navigation would lose it.
    js(driver, "window.recgateMarker = arguments[0];", plan["marker"])
    live = wait(driver, "the event stream open", lambda d: js(d, "var l = document.getElementById('live'); return l && l.dataset.live === 'on';"))
    check("the event stream is open", bool(live))
    check("no device row before the card docks",
          js(driver, "return document.querySelectorAll('#unplaced-devices tr[data-source]').length") == 0)
    say(event="ready")

    source = plan["source"]
    row_state = """
        var rows = document.querySelectorAll('#unplaced-devices tr[data-source]');
        for (var i = 0; i < rows.length; i++) {
          if (rows[i].getAttribute('data-source') !== arguments[0]) continue;
          var r = rows[i], bar = r.querySelector('progress'), state = r.querySelector('.state'), bytes = r.querySelector('.bytes');
          return {state: state && state.getAttribute('data-state'), label: state && state.textContent,
                  max: bar && bar.hasAttribute('max') ? Number(bar.max) : null,
                  value: bar && bar.hasAttribute('value') ? Number(bar.value) : null,
                  bytes: bytes ? bytes.textContent : null, serial: (r.querySelector('.serial') || {}).textContent,
                  hidden: document.getElementById('unplaced').hidden};
        }
        return null;"""
    held = wait(driver, "the card offloading with its progress",
                lambda d: (lambda r: r if r and r["state"] == "offloading" and r["max"] == plan["total_bytes"]
                                       and (r["value"] or 0) > 0 else None)(js(d, row_state, source)))
    if held:
        check("the card shows its progress while held", held["max"] == plan["total_bytes"] and held["value"] is not None
              and 0 < held["value"] < plan["total_bytes"] and not held["hidden"] and held["label"] == plan["labels"]["offloading"], held)
        check("the card names its device", held["serial"] == plan["serial"], held)
    screenshot(driver, plan, "live-offloading")
    say(event="progress-seen")

    done = wait(driver, "the card offloaded",
                lambda d: (lambda r: r if r and r["state"] == "offloaded" else None)(js(d, row_state, source)))
    if done:
        check("the card shows offloaded", done["label"] == plan["labels"]["offloaded"]
              and done["value"] == plan["total_bytes"] and done["max"] == plan["total_bytes"]
              and done["bytes"] == plan["bytes_text"], done)
    check("the page was never reloaded", js(driver, "return window.recgateMarker") == plan["marker"]
          and js(driver, "return performance.getEntriesByType('navigation').length") == 1)
    screenshot(driver, plan, "live-offloaded")


# b) clip search, the proxy played to its end, the download form asking for a reason

def scenario_clip(driver, plan):
    signed_in(driver, plan, "evidence_staff")
    driver.get(plan["base"] + "/clips")
    form = wait(driver, "the search form", lambda d: d.find_elements(By.ID, "clip-search"))
    for name, value in plan["search"].items():
        field = driver.find_element(By.CSS_SELECTOR, f"#clip-search [name='{name}']")
        field.clear()
        field.send_keys(value)
    navigate_by(driver, "the search's answer", driver.find_element(By.CSS_SELECTOR, "#clip-search button[type=submit]"))
    selector = f"#clip-results tr[data-clip-id='{plan['clip_id']}']"
    found = wait(driver, "the clip in the results", lambda d: d.find_elements(By.CSS_SELECTOR, selector))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query)
    check("the search was submitted with its filters", bool(form) and all(query.get(k) == [v] for k, v in plan["search"].items()),
          driver.current_url)
    ids = js(driver, "return Array.from(document.querySelectorAll('#clip-results tr[data-clip-id]')).map(r => r.dataset.clipId)")
    check("the results are the clips searched for", sorted(ids) == sorted(plan["expected_ids"]), ids)
    if not found:
        return
    navigate_by(driver, "the clip page", driver.find_element(By.CSS_SELECTOR, selector + " a[href^='/clips/']"))
    player = wait(driver, "the clip page's player", lambda d: d.find_elements(By.ID, "proxy-player"))
    check("the clip page opened", path_of(driver) == "/clips/" + plan["clip_id"], driver.current_url)
    if not player:
        return
    label = driver.find_element(By.ID, "player-label")
    check("the label says the review proxy plays, not the evidence",
          label.get_attribute("data-plays") == "proxy" and label.text.strip() == plan["proxy_label"]
          and player[0].get_attribute("data-plays") == "proxy", label.text)
    js(driver, """
        var v = document.getElementById('proxy-player');
        window.recgateEnded = false;
        v.addEventListener('ended', function () { window.recgateEnded = true; });
        v.muted = true;
        v.playbackRate = 8;  // to the end sooner; every frame is still decoded and the end still reached
        var p = v.play();
        if (p && p.catch) p.catch(function (e) { window.recgatePlayError = String(e); });""")
    ended = wait(driver, "the proxy played to its end",
                 lambda d: js(d, "return window.recgateEnded || window.recgatePlayError || (document.getElementById('proxy-player').error && 'media error') || false"))
    facts = js(driver, """var v = document.getElementById('proxy-player');
        return {ended: v.ended, currentTime: v.currentTime, duration: v.duration, error: v.error && v.error.code,
                width: v.videoWidth, height: v.videoHeight, src: v.currentSrc, playError: window.recgatePlayError || null};""")
    check("the proxy plays to its end", ended is True and facts["ended"] and facts["error"] is None
          and abs(facts["currentTime"] - facts["duration"]) < 0.001
          and abs(facts["duration"] - plan["proxy_duration"]) <= plan["duration_tolerance"]
          and facts["width"] == plan["proxy_width"] and facts["height"] == plan["proxy_height"], facts)
    check("the player plays the proxy's URL", urllib.parse.urlparse(facts["src"]).path == plan["proxy_path"], facts["src"])
    screenshot(driver, plan, "clip-played")

    # The download form: a reason is required; without one the browser does not send the form.
    reason = driver.find_elements(By.CSS_SELECTOR, "#download-form textarea[name='reason']")
    check("the download form asks for a reason", bool(reason) and reason[0].get_attribute("required") is not None
          and bool(driver.find_elements(By.CSS_SELECTOR, "#download-form label[for='download-reason']")))
    before = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#download-form button[type=submit]").click()
    refused = js(driver, """var t = document.getElementById('download-reason');
        return {valid: document.getElementById('download-form').checkValidity(), message: t.validationMessage};""")
    check("without a reason the form is not sent", driver.current_url == before and refused["valid"] is False
          and refused["message"] != "", refused)


# c) a case's step timeline shows its uncovered stretch

def scenario_case(driver, plan):
    signed_in(driver, plan, "legal_office")
    driver.get(plan["base"] + "/cases/" + urllib.parse.quote(plan["case_id"]))
    timelines = wait(driver, "the case's timelines", lambda d: d.find_elements(By.CSS_SELECTOR, ".step-timeline[data-step]"))
    check("the case page opened", path_of(driver) == "/cases/" + plan["case_id"] and bool(timelines), driver.current_url)
    gaps = js(driver, """var out = {};
        document.querySelectorAll('.step-timeline[data-step]').forEach(function (t) {
          out[t.dataset.step] = Array.from(t.querySelectorAll('.gap')).map(function (g) {
            var box = g.getBoundingClientRect();
            return {start: g.getAttribute('data-start'), end: g.getAttribute('data-end'),
                    seconds: Number(g.getAttribute('data-seconds')), width: box.width, height: box.height};
          });
        });
        return out;""")
    for step, expected in plan["gaps"].items():
        shown = gaps.get(step)
        check(f"step {step}'s timeline shows its gaps", shown is not None
              and [(g["start"], g["end"], g["seconds"]) for g in shown] == [tuple(e) for e in expected]
              and all(g["width"] > 0 and g["height"] > 0 for g in shown), shown)
    screenshot(driver, plan, "case-gap")


# d) a wrong password is told; the language switch gives English labels

def scenario_login(driver, plan):
    sign_in(driver, plan, "equipment_keeper", password=plan["wrong_password"])
    message = wait(driver, "the sign-in error", lambda d: [e for e in d.find_elements(By.ID, "login-message") if e.is_displayed()])
    check("a wrong password shows the error", bool(message) and message[0].get_attribute("data-problem") == "invalid"
          and message[0].text.strip() == plan["invalid_zh"] and path_of(driver) == "/login",
          message[0].text if message else None)
    check("no session was opened", not driver.find_elements(By.ID, "account-name"))
    screenshot(driver, plan, "login-refused")
    check("the page is Chinese first", js(driver, "return document.documentElement.lang") == "zh-CN"
          and driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").text.strip() == plan["sign_in_zh"])
    navigate_by(driver, "the other language", driver.find_element(By.ID, "lang-switch"))
    english = wait(driver, "the English page", lambda d: js(d, "return document.documentElement.lang") == "en")
    labels = js(driver, """return {button: document.querySelector('#login-form button[type=submit]').textContent.trim(),
        name: document.querySelector('label[for=login-name]').textContent.trim(),
        password: document.querySelector('label[for=login-password]').textContent.trim(),
        title: document.querySelector('h1').textContent.trim()};""")
    check("the language switch gives English labels", bool(english) and labels == plan["labels_en"], labels)
    # Signed in, the English pages stay English.
    signed_in(driver, plan, "equipment_keeper")
    driver.get(plan["base"] + "/bays?lang=en")
    check("a signed-in page in English", js(driver, "return document.documentElement.lang") == "en"
          and driver.find_element(By.CSS_SELECTOR, "#nav a[data-section='bays']").text.strip() == plan["bays_en"],
          driver.find_element(By.CSS_SELECTOR, "#nav a[data-section='bays']").text)
    screenshot(driver, plan, "bays-english")


# e) no horizontal scroll at a desktop and a tablet size; nothing fetched from elsewhere

def scenario_layout(driver, plan):
    gateway = urllib.parse.urlparse(plan["base"]).netloc
    for role, pages in plan["pages"].items():
        driver.delete_all_cookies()
        signed_in(driver, plan, role)
        for page in pages:
            driver.get(plan["base"] + page["path"])
            ready = wait(driver, page["name"] + " loaded", lambda d: js(d, "return document.readyState") == "complete"
                         and d.find_elements(By.CSS_SELECTOR, page["marker"]))
            size = js(driver, """return {scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
                                         outer: window.outerWidth};""")
            check(f"{page['name']} at {plan['size']}: no horizontal scroll", bool(ready) and size["scroll"] <= size["inner"], size)
            resources = js(driver, "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
            foreign = [r for r in resources if urllib.parse.urlparse(r).netloc != gateway]
            check(f"{page['name']} at {plan['size']}: every resource from the gateway", not foreign,
                  {"resources": resources, "foreign": foreign})
            screenshot(driver, plan, f"{page['name']}-{plan['size']}")


SCENARIOS = {"live": scenario_live, "clip": scenario_clip, "case": scenario_case, "login": scenario_login,
             "layout": scenario_layout}


def main():
    # Stopped by the test (SIGTERM), the browser and its driver are still closed (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    width, height = plan.get("window", [1366, 768])
    driver = browser(width, height)
    try:
        say(event="browser", version=driver.capabilities.get("browserVersion"))
        SCENARIOS[plan["scenario"]](driver, plan)
    except Exception:
        check("the script ran to its end", False, traceback.format_exc())
        try:
            screenshot(driver, plan, plan["scenario"] + "-broken")
        except Exception:
            pass
        return 2
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
