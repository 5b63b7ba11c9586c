#!/usr/bin/env python3
"""Reads the sample reports that report_sample_writer renders and checks them
with real parsers.

  validate_reports.py --writer EXE --check formats
      JSON: parses, has the fields documented in docs/report-format.md.
      SARIF: structural checks of the properties SARIF 2.1.0 requires.
      JUnit: parsed with xml.etree; one testsuite per control, one testcase
             per check, unique (classname, name), failure messages list the
             offending ids, counts add up.
      OCSF: every line parses and has the fields class 2003 requires.
      Text: grouping by account/region, remediation, no raw ESC.
  validate_reports.py --writer EXE --check sarif-schema --schema FILE
      Validates every SARIF file against the SARIF 2.1.0 JSON schema (needs
      the jsonschema module; exits 77 = skipped without it).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SAMPLES = ("mixed", "empty", "many")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def load(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8")  # must be valid UTF-8


TOP_KEYS = ["vigil_version", "pack", "graph", "generated_at", "summary", "controls",
            "exceptions", "timing"]
SUMMARY_KEYS = ["controls", "passed", "failed", "waived", "errors", "checks",
                "assets_evaluated", "offending_assets"]
CONTROL_KEYS = ["id", "title", "severity", "provider", "frameworks", "references",
                "overview", "rationale", "impact", "remediation", "notes",
                "service_wide_remediation", "operational_rollout", "connectors", "status",
                "covered_types", "time_ms", "checks"]
CHECK_KEYS = ["name", "query", "expect", "status", "message", "offending", "waived",
              "time_ms"]
ROW_KEYS = ["id", "type", "name", "account_id", "region", "row"]
WAIVED_KEYS = ROW_KEYS + ["exception_index", "owner", "reason", "expires"]
EXCEPTION_KEYS = ["index", "control", "assets", "owner", "reason", "expires", "state",
                  "waived_ids", "source"]


def has_keys(obj, keys, where):
    if not check(isinstance(obj, dict), f"{where}: not an object"):
        return
    for k in keys:
        check(k in obj, f"{where}: missing '{k}'")


def check_json(name, doc):
    has_keys(doc, TOP_KEYS, f"{name}.json")
    has_keys(doc["pack"], ["name", "version", "title", "path"], f"{name}.json pack")
    has_keys(doc["graph"], ["path"], f"{name}.json graph")
    has_keys(doc["summary"], SUMMARY_KEYS, f"{name}.json summary")
    has_keys(doc["timing"], ["load_ms", "compile_ms", "evaluate_ms"], f"{name}.json timing")
    for c in doc["controls"]:
        has_keys(c, CONTROL_KEYS, f"{name}.json control {c.get('id')!r}")
        check(c["status"] in ("pass", "fail", "waived", "error"), f"bad status {c['status']}")
        for f in c["frameworks"]:
            has_keys(f, ["name", "version", "id"], "framework")
        for ch in c["checks"]:
            has_keys(ch, CHECK_KEYS, f"{name}.json check {ch.get('name')!r}")
            for r in ch["offending"]:
                has_keys(r, ROW_KEYS, "offending row")
            for r in ch["waived"]:
                has_keys(r, WAIVED_KEYS, "waived row")
    for e in doc["exceptions"]:
        has_keys(e, EXCEPTION_KEYS, "exception")


SARIF_LEVELS = {"none", "note", "warning", "error"}


def check_sarif(name, doc, report):
    where = f"{name}.sarif"
    check(doc.get("version") == "2.1.0", f"{where}: version")
    runs = doc.get("runs")
    if not check(isinstance(runs, list) and len(runs) == 1, f"{where}: one run"):
        return
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    check(driver.get("name") == "vigil", f"{where}: driver name")
    rules = driver.get("rules", [])
    check([r["id"] for r in rules] == [c["id"] for c in report["controls"]],
          f"{where}: one rule per control, in order")
    for r in rules:
        for k in ("id", "name", "shortDescription", "fullDescription", "properties"):
            check(k in r, f"{where}: rule {r.get('id')!r} lacks {k}")
        check(r["shortDescription"].get("text"), f"{where}: empty shortDescription")
        check("severity" in r["properties"] and "frameworks" in r["properties"],
              f"{where}: rule properties")
    expected_results = 0
    for c in report["controls"]:
        ids = set()
        no_id = 0
        for ch in c["checks"]:
            for row in ch["offending"] + ch["waived"]:
                if row["id"]:
                    ids.add(row["id"])
                else:
                    no_id += 1
            if ch["status"] == "fail" and not ch["offending"]:
                expected_results += 1
        expected_results += len(ids) + no_id
    results = run.get("results", [])
    check(len(results) == expected_results,
          f"{where}: {len(results)} results, expected {expected_results}")
    for res in results:
        msg = res.get("message", {})
        check(msg.get("text") or msg.get("id"), f"{where}: result without message")
        idx = res.get("ruleIndex")
        check(isinstance(idx, int) and 0 <= idx < len(rules), f"{where}: ruleIndex")
        if isinstance(idx, int) and 0 <= idx < len(rules):
            check(rules[idx]["id"] == res.get("ruleId"), f"{where}: ruleIndex/ruleId mismatch")
        check(res.get("level") in SARIF_LEVELS, f"{where}: level")
        for loc in res.get("locations", []):
            for ll in loc.get("logicalLocations", []):
                check(ll.get("kind") == "resource" and ll.get("fullyQualifiedName"),
                      f"{where}: logical location")
        for s in res.get("suppressions", []):
            check(s.get("kind") in ("inSource", "external"), f"{where}: suppression kind")
            check(s.get("justification"), f"{where}: suppression justification")


def xml_visible(s):
    """What XML 1.0 can carry of `s`: the writer shows the C0 controls XML
    forbids (all but tab, newline, CR) and U+FFFE/U+FFFF as text."""
    out = []
    for ch in s:
        if (ord(ch) < 0x20 and ch not in "\t\n\r"):
            out.append("\\u%04x" % ord(ch))
        elif ch in "\ufffe\uffff":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def check_junit(name, text, report):
    where = f"{name}.junit.xml"
    root = ET.fromstring(text.encode("utf-8"))
    check(root.tag == "testsuites", f"{where}: root")
    suites = root.findall("testsuite")
    check([s.get("name") for s in suites] == [xml_visible(c["id"]) for c in report["controls"]],
          f"{where}: one testsuite per control")
    seen = set()
    total = fails = errs = 0
    for suite, control in zip(suites, report["controls"]):
        cases = suite.findall("testcase")
        check(len(cases) == len(control["checks"]), f"{where}: one testcase per check")
        check(int(suite.get("tests")) == len(cases), f"{where}: tests count")
        f = sum(1 for c in cases if c.find("failure") is not None)
        e = sum(1 for c in cases if c.find("error") is not None)
        check(int(suite.get("failures")) == f, f"{where}: failures count")
        check(int(suite.get("errors")) == e, f"{where}: errors count")
        float(suite.get("time"))
        total, fails, errs = total + len(cases), fails + f, errs + e
        for case, chk in zip(cases, control["checks"]):
            check(case.get("classname") == xml_visible(control["id"]), f"{where}: classname")
            key = (case.get("classname"), case.get("name"))
            check(key not in seen, f"{where}: duplicate testcase {key!r}")
            seen.add(key)
            failure = case.find("failure")
            if chk["status"] == "fail":
                if check(failure is not None, f"{where}: failed check without <failure>"):
                    for row in chk["offending"][:20]:
                        check(row["id"] in failure.get("message"),
                              f"{where}: failure message lacks {row['id']!r}")
            else:
                check(failure is None, f"{where}: <failure> on a {chk['status']} check")
            check((case.find("error") is not None) == (chk["status"] == "error"),
                  f"{where}: <error> iff errored")
    check(int(root.get("tests")) == total and int(root.get("failures")) == fails and
          int(root.get("errors")) == errs, f"{where}: totals")


OCSF_REQUIRED = ["activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time",
                 "metadata", "finding_info", "compliance", "status_id"]


def check_ocsf(name, text, report):
    where = f"{name}.ocsf.jsonl"
    check(text == "" or text.endswith("\n"), f"{where}: final newline")
    uids = set()
    lines = text.splitlines()
    for i, line in enumerate(lines):
        f = json.loads(line)
        for k in OCSF_REQUIRED:
            check(k in f, f"{where}:{i + 1}: missing {k}")
        check(f["class_uid"] == 2003 and f["category_uid"] == 2 and f["activity_id"] == 1 and
              f["type_uid"] == 200301, f"{where}:{i + 1}: class/category/type")
        check(f["severity_id"] in (0, 1, 2, 3, 4, 5), f"{where}: severity_id")
        check(isinstance(f["time"], int) and f["time"] > 0, f"{where}: time")
        check(f["metadata"]["version"] == "1.1.0" and f["metadata"]["product"]["name"] == "vigil",
              f"{where}: metadata")
        check(f["finding_info"]["uid"] not in uids, f"{where}: duplicate finding uid")
        uids.add(f["finding_info"]["uid"])
        comp = f["compliance"]
        check(isinstance(comp.get("standards"), list), f"{where}: compliance.standards")
        check(comp.get("status_id") in (0, 1, 3), f"{where}: compliance.status_id")
        check(f["status_id"] in (1, 3), f"{where}: status_id")
        for r in f.get("resources", []):
            check(r.get("uid"), f"{where}: resource uid")
    check(len(lines) >= len(report["controls"]), f"{where}: at least one line per control")


def check_text(name, text):
    check("\x1b" not in text, f"{name}.txt: raw ESC in uncoloured text")
    check(text.rstrip("\n").splitlines()[-1].startswith("Result: "), f"{name}.txt: closing line")
    if name == "mixed":
        check("account 111122223333, region eu-west-1 (2 assets)" in text, "text: grouping")
        check("aws ec2 create-flow-logs" in text, "text: remediation")
        check("Waived rows" in text and "expired" in text and "stale" in text, "text: waivers")


def run_writer(writer, outdir):
    subprocess.run([writer, outdir], check=True)
    left = [f for f in os.listdir(outdir) if ".tmp-" in f]
    check(not left, f"temporary files left behind: {left}")


def check_test_results(name, d):
    """Test results (vigil/test_report.h): the JSON, the JUnit XML read by a
    real XML parser and the text agree on the counts; the text carries no
    raw control character."""
    import xml.etree.ElementTree as ET

    base = os.path.join(d, name)
    res = json.loads(load(base + ".json"))
    summary = res["summary"]
    check(summary["total"] == len(res["cases"]), f"{name}.json: total")
    failed = [c for c in res["cases"] if c["result"] == "fail"]
    check(summary["failed"] == len(failed), f"{name}.json: failed")
    try:
        root = ET.fromstring(load(base + ".junit.xml").encode("utf-8"))
    except ET.ParseError as e:
        failures.append(f"{name}.junit.xml: not XML: {e}")
        return
    cases = root.findall("./testsuite/testcase")
    check(len(cases) == summary["total"], f"{name}.junit.xml: testcases")
    check(int(root.get("failures")) == summary["failed"], f"{name}.junit.xml: failures")
    check(len(root.findall("./testsuite/testcase/failure")) == summary["failed"],
          f"{name}.junit.xml: failure elements")
    names = sorted(c.get("name") for c in cases)
    check(names == sorted(c["name"] for c in res["cases"]),
          f"{name}.junit.xml: case names read back as written")
    text = load(base + ".txt")
    check(text.endswith(f"{summary['passed']} passed, {summary['failed']} failed\n"),
          f"{name}.txt: closing line")
    check(not any(ord(ch) < 0x20 and ch not in "\n" for ch in text),
          f"{name}.txt: raw control characters")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--writer", required=True)
    ap.add_argument("--check", required=True, choices=["formats", "sarif-schema"])
    ap.add_argument("--schema")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        run_writer(args.writer, d)
        if args.check == "sarif-schema":
            try:
                import jsonschema
            except ImportError:
                print("SKIP: python3 has no jsonschema module")
                return 77
            with open(args.schema, encoding="utf-8") as f:
                schema = json.load(f)
            validator = jsonschema.Draft4Validator(schema)
            for name in SAMPLES:
                doc = json.loads(load(os.path.join(d, name + ".sarif")))
                for err in validator.iter_errors(doc):
                    failures.append(f"{name}.sarif: {err.json_path}: {err.message}")
        else:
            for name in SAMPLES:
                base = os.path.join(d, name)
                report = json.loads(load(base + ".json"))
                check_json(name, report)
                check_sarif(name, json.loads(load(base + ".sarif")), report)
                check_junit(name, load(base + ".junit.xml"), report)
                check_ocsf(name, load(base + ".ocsf.jsonl"), report)
                check_text(name, load(base + ".txt"))
            for name in ("tests-mixed", "tests-hostile"):
                check_test_results(name, d)
    for f in failures:
        print("FAIL:", f)
    print(f"validate_reports --check {args.check}: "
          f"{len(failures)} problem(s)" if failures else
          f"validate_reports --check {args.check}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
