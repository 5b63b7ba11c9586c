#!/usr/bin/python3
"""Opens vigil's HTML reports in headless Chromium and checks what a reader
sees: the rendered DOM, the filters, expanding a control, no console
errors, no network request, nothing executed from hostile text, a page
without JavaScript, and a 100k-row report. Saves a screenshot of the demo
report.

  html_browser_test.py --writer report_sample_writer --vigil vigil \\
      --source-dir SRC --out DIR [--screenshot docs/images/report.png]
      [--test-screenshot docs/images/test-report.png]

Needs Debian's chromium, chromium-driver and python3-selenium
(scripts/install-deps.sh). Without them it exits 77 (skipped), except
under CI (CI=true), where it fails: CI installs them.

The page is opened from a file:// URL. Network use is read from Chrome's
performance log (DevTools Network events), console errors from the browser
log (goog:loggingPrefs).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

SKIP = 77
CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]
CHROMEDRIVER = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
WAIT = 120  # seconds; a bound against hangs, not a timing assertion

# Markers the hostile payloads would set if any of them ran.
PWNED = "__vigil_pwned"


def missing_browser():
    """Returns why the browser test cannot run, or None."""
    if not any(os.path.exists(p) for p in CHROMIUM):
        return "chromium is not installed (Debian package chromium)"
    if not any(os.path.exists(p) for p in CHROMEDRIVER):
        return "chromedriver is not installed (Debian package chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "python3-selenium is not installed (run with Debian's /usr/bin/python3)"
    return None


def first(paths):
    return next(p for p in paths if os.path.exists(p))


class Browser:
    """One headless Chromium session with its own fresh profile."""

    def __init__(self, javascript=True, width=1280, height=1000):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="vigil-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = first(CHROMIUM)
        for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--user-data-dir=" + self.profile,
                     "--window-size=%d,%d" % (width, height)]:
            opts.add_argument(flag)
        if not javascript:
            opts.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2})
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        service = Service(executable_path=first(CHROMEDRIVER))
        self.driver = webdriver.Chrome(service=service, options=opts)
        self.driver.set_page_load_timeout(WAIT)
        self.driver.set_script_timeout(WAIT)

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path, wait_ready=True):
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver.get_log("performance")  # drop what came before this page
        self.driver.get("file://" + os.path.abspath(path))
        if wait_ready:
            WebDriverWait(self.driver, WAIT).until(
                lambda d: d.execute_script(
                    "return document.documentElement.getAttribute('data-vigil-ready')") == "1")

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def console_errors(self):
        return [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def requests(self):
        """(url, documentURL) of every request since the page was opened
        (DevTools Network events)."""
        reqs = []
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                p = msg["params"]
                reqs.append((p["request"]["url"], p.get("documentURL", "")))
            elif msg.get("method") == "Network.webSocketCreated":
                reqs.append((msg["params"]["url"], ""))
        return reqs

    def wait(self, predicate, what):
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, WAIT).until(lambda d: predicate(), message=what)


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed.append(what)
            print("FAIL:", what, flush=True)
        return cond

    def equal(self, got, want, what):
        return self.check(got == want, "%s: got %r, want %r" % (what, got, want))


def visible_items(b):
    return b.js("return Array.from(document.querySelectorAll('details.item'))"
                ".filter(e => !e.hidden).map(e => e.id)")


def select_facet(b, facet, value):
    b.js("""const s = document.querySelector('select[data-facet="' + arguments[0] + '"]');
            s.value = arguments[1];
            s.dispatchEvent(new Event('change'));""", facet, value)


def type_text(b, text):
    from selenium.webdriver.common.by import By

    box = b.driver.find_element(By.ID, "f-text")
    box.clear()
    box.send_keys(text)


def expect_clean(c, b, name, page_url):
    """No console error, no request but the page itself, nothing ran."""
    errors = b.console_errors()
    c.check(not errors, "%s: console errors: %s" % (name, errors))
    # Anything the page asked for besides itself, and anything at all that
    # went to the network.
    others = [u for u, doc in b.requests()
              if u != page_url and (doc == page_url or
                                    u.split(":", 1)[0] in ("http", "https", "ws", "wss"))]
    c.check(not others, "%s: network requests besides the page: %s" % (name, others))
    c.equal(b.js("return typeof window.%s" % PWNED), "undefined", "%s: injected code ran" % name)


def check_demo(c, b, out, demo_html, demo_json, screenshot):
    with open(demo_json, encoding="utf-8") as f:
        report = json.load(f)
    summary = report["summary"]
    b.open(demo_html)
    url = "file://" + os.path.abspath(demo_html)

    # The summary cards show the report's counts.
    counts = b.js("""const o = {};
        document.querySelectorAll('[data-count]').forEach(e =>
          o[e.getAttribute('data-count')] = Number(e.querySelector('.card-n').textContent));
        return o;""")
    c.equal(counts.get("failed"), summary["failed"], "demo: failed card")
    c.equal(counts.get("passed"), summary["passed"], "demo: passed card")
    c.equal(counts.get("waived"), summary["waived"], "demo: waived card")
    c.equal(counts.get("errors"), summary["errors"], "demo: errors card")
    c.equal(counts.get("offending"), summary["offending_assets"], "demo: offending card")
    c.equal(counts.get("assets"), summary["assets_evaluated"], "demo: assets card")
    c.equal(len(visible_items(b)), summary["controls"], "demo: controls listed")
    c.check(b.js("return !document.getElementById('filters').hidden"),
            "demo: the script shows the filters")
    c.check(b.js("return document.querySelectorAll('svg[role=img]').length") >= 4,
            "demo: charts drawn")

    # A status filter narrows the list to the failed controls.
    options = b.js("return Array.from(document.querySelectorAll("
                   "'select[data-facet=status] option')).map(o => o.value)")
    c.equal(options, [""] + [s for s in ("fail", "error", "waived", "pass")
                             if summary[{"fail": "failed", "error": "errors",
                                         "waived": "waived", "pass": "passed"}[s]] > 0],
            "demo: status filter options")
    for status, key in (("fail", "failed"), ("waived", "waived"), ("pass", "passed")):
        if summary[key] == 0:
            continue
        select_facet(b, "status", status)
        c.equal(len(visible_items(b)), summary[key], "demo: status=%s narrows the list" % status)
        c.check(("Showing %d of" % summary[key]) in b.js(
            "return document.getElementById('f-count').textContent"), "demo: count text")
    b.js("document.getElementById('f-reset').click()")
    c.equal(len(visible_items(b)), summary["controls"], "demo: reset shows all")

    # Expanding a failed control shows its offending assets, grouped.
    failed = [ctl for ctl in report["controls"] if ctl["status"] == "fail"]
    if c.check(failed, "demo: the demo has a failed control"):
        ctl = failed[0]
        ids = [r["id"] for ch in ctl["checks"] for r in ch["offending"]]
        item = b.js("""return Array.from(document.querySelectorAll('details.item')).find(
                         e => e.querySelector('.ctl-id').textContent === arguments[0]).id""",
                    ctl["id"])
        b.js("document.getElementById(arguments[0]).open = true", item)
        b.wait(lambda: b.js("""return document.querySelectorAll(
                 '#' + arguments[0] + ' .rows[data-kind=offending] tbody tr').length > 0""", item),
               "demo: rows rendered")
        shown = b.js("""return Array.from(document.querySelectorAll(
                 '#' + arguments[0] + ' .rows[data-kind=offending] td.aid')).map(e => e.textContent)""",
                     item)
        distinct = sorted(set(ids))
        c.equal(sorted(shown), distinct[:len(shown)] if len(shown) < len(distinct) else distinct,
                "demo: offending asset ids of %s" % ctl["id"])
        groups = b.js("""return document.querySelectorAll(
                 '#' + arguments[0] + ' .rows[data-kind=offending] details.grp').length""", item)
        want_groups = {(r["account_id"], r["region"]) for ch in ctl["checks"] for r in ch["offending"]}
        c.equal(groups, len(want_groups), "demo: account/region groups")
        body = b.js("return document.getElementById(arguments[0]).innerText", item)
        if ctl["remediation"]:
            c.check(ctl["remediation"][:40] in body, "demo: remediation shown")
        if ctl["rationale"]:
            c.check(ctl["rationale"][:40] in body, "demo: rationale shown")

        # A text filter with one asset id keeps that control and narrows its rows.
        type_text(b, ids[0])
        b.wait(lambda: len(visible_items(b)) < summary["controls"] or summary["controls"] == 1,
               "demo: text filter applied")
        c.check(item in visible_items(b), "demo: text filter keeps the control of the asset")
        b.wait(lambda: b.js("""return document.querySelectorAll(
                 '#' + arguments[0] + ' .rows[data-kind=offending] td.aid').length""", item) == 1,
               "demo: text filter narrows the rows to one")
        b.js("document.getElementById('f-reset').click()")

    # Sorting by control id orders the list by id.
    b.js("document.querySelector('.item-head [data-sort=control] button').click()")
    order = b.js("return Array.from(document.querySelectorAll('details.item .ctl-id'))"
                 ".map(e => e.textContent)")
    c.equal(order, sorted(order, key=lambda s: [int(p) if p.isdigit() else p
                                               for p in s.replace('-', '.').split('.')]),
            "demo: sort by control")
    # Counts sort the largest first.
    b.js("document.querySelector('.item-head [data-sort=offending] button').click()")
    counts = b.js("return Array.from(document.querySelectorAll('details.item'))"
                  ".map(e => Number(e.querySelectorAll('summary .num')[0].textContent) || 0)")
    c.equal(counts, sorted(counts, reverse=True), "demo: sort by offending")

    # The screenshot for the README: the top of the report, sorted as
    # written, with the first control open.
    b.open(demo_html)
    b.js("document.querySelector('details.item').open = true")
    b.driver.set_window_size(1280, 1700)
    b.js("window.scrollTo(0, 0)")
    path = os.path.join(out, "report.png")
    b.driver.save_screenshot(path)
    c.check(os.path.getsize(path) > 10000, "demo: screenshot saved")
    if screenshot:
        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        shutil.copyfile(path, screenshot)
        print("screenshot:", screenshot)
    expect_clean(c, b, "demo", url)


def check_mixed(c, b, path):
    """Filters, sorting and links over the five controls of MixedReport."""
    b.open(path)
    url = "file://" + os.path.abspath(path)

    def ids():
        return b.js("return Array.from(document.querySelectorAll('details.item'))"
                    ".filter(e => !e.hidden).map(e => e.querySelector('.ctl-id').textContent)")

    c.equal(len(ids()), 5, "mixed: controls")
    c.equal(ids()[:2], ["cis-aws-3.7", "cis-aws-4.1"], "mixed: failures first")
    for facet, value, want in (("status", "fail", ["cis-aws-3.7", "cis-aws-4.1"]),
                               ("severity", "critical", ["cis-aws-1.4"]),
                               ("account", "444455556666", ["cis-aws-3.7"]),
                               ("region", "us-east-1", ["cis-aws-3.7", "cis-aws-2.1"])):
        select_facet(b, facet, value)
        c.equal(ids(), want, "mixed: %s=%s" % (facet, value))
        select_facet(b, facet, "")
    type_text(b, "LOGS-A")  # an asset id, any case
    b.wait(lambda: len(ids()) < 5, "mixed: text filter applied")
    c.equal(ids(), ["cis-aws-2.1"], "mixed: text filter by asset id")
    type_text(b, "multi-region")  # a title
    b.wait(lambda: ids() == ["cis-aws-4.1"], "mixed: text filter by title")
    b.js("document.getElementById('f-reset').click()")
    c.equal(len(ids()), 5, "mixed: reset")

    b.js("document.querySelector('.item-head [data-sort=control] button').click()")
    c.equal(ids()[:4], ["cis-aws-1.4", "cis-aws-2.1", "cis-aws-3.7", "cis-aws-4.1"],
            "mixed: sort by control")
    b.js("document.querySelector('.item-head [data-sort=control] button').click()")
    c.equal(ids()[-4:], ["cis-aws-4.1", "cis-aws-3.7", "cis-aws-2.1", "cis-aws-1.4"],
            "mixed: sort by control, descending")
    b.js("document.querySelector('.item-head [data-sort=waived] button').click()")
    c.equal(ids()[0], "cis-aws-2.1", "mixed: sort by waived, largest first")

    # With an account filter on, an opened control lists only that account.
    select_facet(b, "account", "111122223333")
    b.js("""const e = Array.from(document.querySelectorAll('details.item')).find(
              e => e.querySelector('.ctl-id').textContent === 'cis-aws-3.7'); e.open = true;""")
    b.wait(lambda: "narrowed" in b.js(
        "return document.querySelector('details.item[open] .rows-note').textContent"),
        "mixed: rows narrowed by account")
    c.equal(b.js("return Array.from(document.querySelectorAll("
                 "'details.item[open] .rows[data-kind=offending] td.aid')).map(e => e.textContent)"),
            ["vpc-1", "vpc-3"], "mixed: rows of the account")
    select_facet(b, "account", "")
    c.equal(b.js("return document.querySelectorAll("
                 "'details.item[open] .rows[data-kind=offending] td.aid').length"), 3,
            "mixed: all rows again")
    # The errors section links to its control and opens it.
    b.js("document.querySelector('#errors a').click()")
    b.wait(lambda: b.js("return document.getElementById(location.hash.slice(1)).open"),
           "mixed: the error link opens its control")
    expect_clean(c, b, "mixed", url)


def check_hostile(c, b, path):
    b.open(path)
    url = "file://" + os.path.abspath(path)
    # Open everything and render every row, then search for the payload.
    b.js("document.getElementById('expand-all').click()")
    b.wait(lambda: b.js("return document.querySelectorAll('.rows td.aid').length") >= 3,
           "hostile: rows rendered")
    b.js("document.querySelectorAll('details').forEach(d => d.open = true)")
    type_text(b, "<script>window.%s=1</script>" % PWNED)
    b.wait(lambda: "Showing" in b.js("return document.getElementById('f-count').textContent"),
           "hostile: filter applied")
    # Nothing was injected: only our two scripts, no image, no handler.
    c.equal(b.js("return document.scripts.length"), 2, "hostile: script elements")
    c.equal(b.js("return document.images.length"), 0, "hostile: img elements")
    handlers = b.js("""return Array.from(document.querySelectorAll('*')).flatMap(e =>
        Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    c.equal(handlers, [], "hostile: event handler attributes")
    c.equal(b.js("return document.querySelectorAll('a[href^=javascript], a[href^=JAVASCRIPT]').length"), 0,
            "hostile: javascript: links")
    # The payload shows as text, literally.
    text = b.js("return document.body.innerText")
    for field in ["control.title", "row.name", "exception.owner", "check.message", "row.id"]:
        want = "<script>window.%s=1</script>\"><img src=x onerror=\"window.%s=2\">" % (PWNED, PWNED)
        c.check(want in text and ("[%s]" % field) in text, "hostile: %s shown literally" % field)
    try:
        from selenium.common.exceptions import NoAlertPresentException

        b.driver.switch_to.alert.text
        c.check(False, "hostile: an alert is open")
    except NoAlertPresentException:
        c.check(True, "no alert")
    expect_clean(c, b, "hostile", url)


def check_no_javascript(c, path):
    from selenium.webdriver.common.by import By

    b = Browser(javascript=False)
    try:
        b.open(path, wait_ready=False)
        c.check(b.driver.find_element(By.ID, "verdict").text == "ERROR", "no-js: verdict")
        c.check(not b.driver.find_element(By.ID, "filters").is_displayed(),
                "no-js: filters stay hidden")
        items = b.driver.find_elements(By.CSS_SELECTOR, "details.item")
        c.equal(len(items), 5, "no-js: controls listed")
        c.check(all(i.is_displayed() for i in items), "no-js: controls visible")
        charts = b.driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")
        c.check(len(charts) == 5 and all(s.is_displayed() for s in charts), "no-js: charts shown")
        # A click on a control's summary opens its details.
        first = items[0]
        first.find_element(By.TAG_NAME, "summary").click()
        c.check(first.get_attribute("open") is not None, "no-js: summary click opens")
        c.check("Flow logs show anomalous traffic." in first.text, "no-js: rationale shown")
        c.check("prod-main" in first.text, "no-js: offending asset shown")
        c.check(b.driver.find_element(By.ID, "f-count").is_displayed() is False,
                "no-js: no count line")
        c.check(not b.console_errors(), "no-js: console errors %s" % b.console_errors())
    finally:
        b.close()


def check_large(c, b, path, rows):
    b.open(path)
    url = "file://" + os.path.abspath(path)
    item = b.js("return document.querySelector('details.item').id")
    b.js("document.getElementById(arguments[0]).open = true", item)
    sel = "#" + item + " .rows[data-kind=offending]"
    b.wait(lambda: b.js("return document.querySelectorAll(arguments[0] + ' tbody tr').length",
                        sel) > 0, "large: first page rendered")
    offending = rows - rows // 10
    note = b.js("return document.querySelector(arguments[0] + ' .rows-note').textContent", sel)
    c.check(note.startswith("%d assets in 12 account/region groups" % offending),
            "large: rows note %r" % note)
    # The first groups are open with one page each; the rest wait.
    c.equal(b.js("return document.querySelectorAll(arguments[0] + ' tbody tr').length", sel),
            300, "large: 3 open groups of 100 rows")
    b.js("document.querySelector(arguments[0] + ' .more-btn').click()", sel)
    c.equal(b.js("return document.querySelectorAll(arguments[0] + ' tbody tr').length", sel),
            400, "large: show more adds a page")
    # Filters narrow the rows of the open control.
    select_facet(b, "region", "us-east-1")
    b.wait(lambda: "narrowed" in b.js(
        "return document.querySelector(arguments[0] + ' .rows-note').textContent", sel),
        "large: region filter")
    note = b.js("return document.querySelector(arguments[0] + ' .rows-note').textContent", sel)
    c.check("in 3 account/region groups" in note, "large: region filter note %r" % note)
    select_facet(b, "region", "")
    target = b.js("return document.querySelector(arguments[0] + ' td.aid').textContent", sel)
    type_text(b, target)
    b.wait(lambda: b.js("return document.querySelectorAll(arguments[0] + ' td.aid').length",
                        sel) == 1, "large: text filter finds one asset")
    c.equal(b.js("return document.querySelector(arguments[0] + ' td.aid').textContent", sel),
            target, "large: the asset found")
    expect_clean(c, b, "large", url)


def check_tests_demo(c, b, out, html_path, json_path, screenshot):
    """`vigil test --format html --coverage` over the bundled pack's tests."""
    with open(json_path, encoding="utf-8") as f:
        res = json.load(f)
    summary = res["summary"]
    controls = sorted({k["control"] for k in res["cases"]})
    b.open(html_path)
    url = "file://" + os.path.abspath(html_path)
    counts = b.js("""const o = {};
        document.querySelectorAll('[data-count]').forEach(e =>
          o[e.getAttribute('data-count')] = e.querySelector('.card-n').textContent);
        return o;""")
    c.equal(int(counts.get("passed")), summary["passed"], "tests: passed card")
    c.equal(int(counts.get("failed")), summary["failed"], "tests: failed card")
    c.equal(int(counts.get("controls")), len(controls), "tests: controls card")
    c.equal(counts.get("coverage"), "%.1f%%" % res["coverage"]["percent"], "tests: coverage card")
    c.equal(len(visible_items(b)), len(controls), "tests: one entry per control")
    c.equal(b.js("return document.getElementById('verdict').textContent"),
            "PASS" if summary["failed"] == 0 else "FAIL", "tests: verdict")
    # Expanding a control shows each of its cases and its clause coverage.
    ctl = controls[0]
    item = b.js("""return Array.from(document.querySelectorAll('details.item')).find(
                     e => e.querySelector('.ctl-id').textContent === arguments[0]).id""", ctl)
    b.js("document.getElementById(arguments[0]).open = true", item)
    names = b.js("""return Array.from(document.querySelectorAll(
             '#' + arguments[0] + ' .case-name')).map(e => e.textContent)""", item)
    c.equal(sorted(names), sorted(k["name"] for k in res["cases"] if k["control"] == ctl),
            "tests: cases of %s" % ctl)
    clauses = [cl for cc in res["coverage"]["controls"] if cc["control"] == ctl
               for cl in cc["clauses"]]
    c.equal(b.js("return document.querySelectorAll('#' + arguments[0] + ' table.cov tbody tr')"
                 ".length", item), len(clauses), "tests: clauses of %s" % ctl)
    # The text filter finds a control by a case name.
    some = res["cases"][-1]
    type_text(b, some["name"])
    b.wait(lambda: len(visible_items(b)) < len(controls) or len(controls) == 1,
           "tests: text filter applied")
    shown = b.js("return Array.from(document.querySelectorAll('details.item'))"
                 ".filter(e => !e.hidden).map(e => e.querySelector('.ctl-id').textContent)")
    c.check(some["control"] in shown, "tests: text filter keeps %s" % some["control"])
    b.js("document.getElementById('f-reset').click()")
    # The screenshot for the docs: the top of the page, failing cases first,
    # the first control open.
    b.open(html_path)
    b.js("document.querySelector('details.item').open = true")
    b.driver.set_window_size(1280, 1500)
    b.js("window.scrollTo(0, 0)")
    path = os.path.join(out, "test-report.png")
    b.driver.save_screenshot(path)
    c.check(os.path.getsize(path) > 10000, "tests: screenshot saved")
    if screenshot:
        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        shutil.copyfile(path, screenshot)
        print("screenshot:", screenshot)
    b.driver.set_window_size(1280, 1000)
    expect_clean(c, b, "tests", url)


def check_tests_mixed(c, b, path):
    """Filters and a failing case's diff over MixedTestResults."""
    b.open(path)
    url = "file://" + os.path.abspath(path)

    def ids():
        return b.js("return Array.from(document.querySelectorAll('details.item'))"
                    ".filter(e => !e.hidden).map(e => e.querySelector('.ctl-id').textContent)")

    c.equal(ids(), ["cis-aws-3.7", "cis-aws-2.1", "cis-aws-1.4"], "tests-mixed: failing first")
    select_facet(b, "status", "fail")
    c.equal(ids(), ["cis-aws-3.7", "cis-aws-2.1"], "tests-mixed: status=fail")
    select_facet(b, "status", "pass")
    c.equal(ids(), ["cis-aws-1.4"], "tests-mixed: status=pass")
    select_facet(b, "status", "")
    select_facet(b, "severity", "critical")
    c.equal(ids(), ["cis-aws-1.4"], "tests-mixed: severity=critical")
    select_facet(b, "severity", "")
    type_text(b, "wrong ids")
    b.wait(lambda: len(ids()) < 3, "tests-mixed: text filter applied")
    c.equal(ids(), ["cis-aws-3.7"], "tests-mixed: text filter by case name")
    type_text(b, "vpc-b")
    b.wait(lambda: ids() == ["cis-aws-3.7"], "tests-mixed: text filter by asset id")
    b.js("document.getElementById('f-reset').click()")
    b.js("document.querySelector('.item-head [data-sort=failed] button').click()")
    c.equal(ids()[0], "cis-aws-3.7", "tests-mixed: sort by failed, largest first")
    b.js("""const e = Array.from(document.querySelectorAll('details.item')).find(
              e => e.querySelector('.ctl-id').textContent === 'cis-aws-3.7'); e.open = true;""")
    diff = b.js("return Array.from(document.querySelectorAll("
                "'details.item[open] ul.diff li')).map(e => e.textContent)")
    c.equal(diff, ["\u2212 vpc-b", "+ vpc-a"], "tests-mixed: the failing case's diff")
    expect_clean(c, b, "tests-mixed", url)


def check_tests_hostile(c, b, path):
    b.open(path)
    url = "file://" + os.path.abspath(path)
    b.js("document.getElementById('expand-all').click()")
    b.js("document.querySelectorAll('details').forEach(d => d.open = true)")
    type_text(b, "<script>window.%s=1</script>" % PWNED)
    b.wait(lambda: "Showing" in b.js("return document.getElementById('f-count').textContent"),
           "tests-hostile: filter applied")
    c.equal(b.js("return document.scripts.length"), 2, "tests-hostile: script elements")
    c.equal(b.js("return document.images.length"), 0, "tests-hostile: img elements")
    handlers = b.js("""return Array.from(document.querySelectorAll('*')).flatMap(e =>
        Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    c.equal(handlers, [], "tests-hostile: event handler attributes")
    text = b.js("return document.body.innerText")
    want = "<script>window.%s=1</script>\"><img src=x onerror=\"window.%s=2\">" % (PWNED, PWNED)
    for field in ["control.title", "case.name", "case.message", "row.id", "clause.path"]:
        c.check(want in text and ("[%s]" % field) in text,
                "tests-hostile: %s shown literally" % field)
    expect_clean(c, b, "tests-hostile", url)


def check_tests_no_javascript(c, path):
    from selenium.webdriver.common.by import By

    b = Browser(javascript=False)
    try:
        b.open(path, wait_ready=False)
        c.check(b.driver.find_element(By.ID, "verdict").text == "FAIL", "tests no-js: verdict")
        c.check(not b.driver.find_element(By.ID, "filters").is_displayed(),
                "tests no-js: filters stay hidden")
        items = b.driver.find_elements(By.CSS_SELECTOR, "details.item")
        c.equal(len(items), 3, "tests no-js: controls listed")
        items[0].find_element(By.TAG_NAME, "summary").click()
        c.check("wrong ids" in items[0].text, "tests no-js: cases shown")
        c.check("vpcs.where.OR[1].state" in items[0].text, "tests no-js: coverage shown")
        c.check(not b.console_errors(), "tests no-js: console errors %s" % b.console_errors())
    finally:
        b.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writer", required=True)
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--screenshot", help="also copy the demo screenshot here")
    ap.add_argument("--test-screenshot",
                    help="also copy the screenshot of the test results page here")
    args = ap.parse_args()

    why = missing_browser()
    if why:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            print("html_browser_test: FAILED: %s; CI must install it "
                  "(scripts/install-deps.sh)" % why)
            return 1
        print("html_browser_test: SKIPPED: %s" % why)
        return SKIP

    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    subprocess.run([args.writer, out, str(args.rows)], check=True)
    src = os.path.abspath(args.source_dir)
    demo_html = os.path.join(out, "demo.html")
    demo_json = os.path.join(out, "demo.json")
    # Paths relative to the source tree, as a reader would type them (they
    # show in the report and its screenshot).
    for fmt, path in (("html", demo_html), ("json", demo_json)):
        r = subprocess.run([os.path.abspath(args.vigil), "run",
                            "--pack", "packs/cis-aws", "--graph", "examples/demo-aws.json",
                            "--exceptions", "examples/exceptions.json",
                            "--format", fmt, "--output", path], cwd=src)
        if r.returncode not in (0, 1):
            print("vigil run --format %s exited %d" % (fmt, r.returncode))
            return 1
    tests_html = os.path.join(out, "tests.html")
    tests_json = os.path.join(out, "tests.json")
    for fmt, path in (("html", tests_html), ("json", tests_json)):
        r = subprocess.run([os.path.abspath(args.vigil), "test", "--pack", "packs/cis-aws",
                            "--coverage", "--format", fmt, "--output", path], cwd=src)
        if r.returncode not in (0, 1):
            print("vigil test --format %s exited %d" % (fmt, r.returncode))
            return 1
    print("sizes: demo.html %d bytes, large.html (%d rows) %d bytes" % (
        os.path.getsize(demo_html), args.rows, os.path.getsize(os.path.join(out, "large.html"))))

    c = Checks()
    b = Browser()
    try:
        for name, fn in (
                ("demo", lambda: check_demo(c, b, out, demo_html, demo_json, args.screenshot)),
                ("mixed", lambda: check_mixed(c, b, os.path.join(out, "mixed.html"))),
                ("hostile", lambda: check_hostile(c, b, os.path.join(out, "hostile.html"))),
                ("large", lambda: check_large(c, b, os.path.join(out, "large.html"), args.rows)),
                ("no-js", lambda: check_no_javascript(c, os.path.join(out, "mixed.html"))),
                ("tests", lambda: check_tests_demo(c, b, out, tests_html, tests_json,
                                                   args.test_screenshot)),
                ("tests-mixed", lambda: check_tests_mixed(c, b, os.path.join(out, "tests-mixed.html"))),
                ("tests-hostile",
                 lambda: check_tests_hostile(c, b, os.path.join(out, "tests-hostile.html"))),
                ("tests-no-js",
                 lambda: check_tests_no_javascript(c, os.path.join(out, "tests-mixed.html")))):
            try:
                fn()
            except Exception:  # a broken page must fail the test, not stop it
                c.failed.append("%s: %s" % (name, traceback.format_exc()))
                print("FAIL:", c.failed[-1], flush=True)
    finally:
        b.close()
    print("html_browser_test: %d passed, %d failed" % (c.passed, len(c.failed)))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
