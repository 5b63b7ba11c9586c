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
  validate_reports.py --writer EXE --check ocsf-schema --schema-dir DIR
      Resolves OCSF's Compliance Finding class from the schema's source files
      in DIR (tests/data/ocsf-schema-1.1.0) and checks every line of every
      OCSF sample: attribute names, types, enum values and their captions,
      required attributes and constraints at every level, the class, category
      and type ids, the schema version. Standard library only.
  validate_reports.py --writer EXE --check sarif-github
      What GitHub code scanning requires of the SARIF samples: rules, ruleId,
      level, a relative physical location with a start line, fingerprints.
  validate_reports.py --writer EXE --check junit-schema
      The JUnit XML samples (reports and test results) against the common
      JUnit schema: elements, attributes, counts and totals.
  validate_reports.py --writer EXE --check self-test --schema-dir DIR
      Each of the three checks above must report a deliberately broken copy
      of a sample (one mutation at a time).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SAMPLES = ("mixed", "empty", "many")
# Written as an embedding scanner names itself (Report::product_name):
# checked against the SARIF and OCSF schemas too.
EMBEDDED = ("embedded",)
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
CHECK_KEYS = ["name", "query", "expect", "source", "status", "message", "offending", "waived",
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
        if "resource" in f:
            check(f["resource"].get("uid"), f"{where}: resource uid")
    check(len(lines) >= len(report["controls"]), f"{where}: at least one line per control")


# --- OCSF: the Compliance Finding class resolved from the schema's source ----
#
# The schema (tests/data/ocsf-schema-<version>) is resolved the way OCSF's
# own tools compile it: an event class is its attributes merged over those
# of the class it `extends` (recursively up to base_event); `$include`d
# files (includes/, profiles/) add their attributes, and the including
# item's own definitions override them; every attribute is finally merged
# over its dictionary.json entry (type, is_array, enum, sibling), the
# class's or object's keys winning and enums uniting. Objects resolve the
# same way through their own `extends` chain (object -> _entity -> ...).
# Attributes a profile brings (a profile file's attributes, or those marked
# `"profile": NAME`) are allowed; they are required only when the event
# lists the profile in metadata.profiles.

OCSF_BASE_TYPES = {"string_t", "integer_t", "long_t", "float_t", "boolean_t", "json_t"}


def deep_merge(base, over):
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


class OcsfSchema:
    def __init__(self, root):
        self.root = root
        self.version = self._json("version.json")["version"]
        d = self._json("dictionary.json")
        self.dictionary = d["attributes"]
        self.types = d["types"]["attributes"]
        self.categories = self._json("categories.json")["attributes"]
        self.object_files = {}
        for fn in sorted(os.listdir(os.path.join(root, "objects"))):
            if fn.endswith(".json"):
                raw = self._json(os.path.join("objects", fn))
                self.object_files[raw["name"]] = raw
        self.event_files = {}
        for dirpath, _, files in os.walk(os.path.join(root, "events")):
            for fn in files:
                if fn.endswith(".json"):
                    rel = os.path.relpath(os.path.join(dirpath, fn), root)
                    raw = self._json(rel)
                    self.event_files[raw["name"]] = raw
        self._objects = {}

    def _json(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8") as f:
            return json.load(f)

    def _own_attributes(self, raw):
        """The item's attributes with its $includes merged under them."""
        attrs = {}
        own = dict(raw.get("attributes", {}))
        inc = own.pop("$include", [])
        for rel in [inc] if isinstance(inc, str) else inc:
            src = self._json(rel)
            profile = src.get("name") if src.get("meta") == "profile" else None
            ann = src.get("annotations", {})
            for name, a in src.get("attributes", {}).items():
                a = deep_merge(ann, a)
                if profile:
                    a["profile"] = profile
                attrs[name] = deep_merge(attrs.get(name, {}), a)
        for name, a in own.items():
            attrs[name] = deep_merge(attrs.get(name, {}), a)
        return attrs

    def _chain(self, table, name):
        raw = table.get(name)
        if raw is None:
            raise KeyError(f"OCSF schema: no definition of {name!r}")
        attrs, constraints = {}, {}
        if raw.get("extends"):
            _, attrs, constraints = self._chain(table, raw["extends"])
        for n, a in self._own_attributes(raw).items():
            attrs[n] = deep_merge(attrs.get(n, {}), a)
        return raw, attrs, dict(constraints, **raw.get("constraints", {}))

    def _finish(self, attrs):
        out = {}
        for n, a in attrs.items():
            if n not in self.dictionary:
                raise KeyError(f"OCSF schema: attribute {n!r} is not in dictionary.json")
            out[n] = deep_merge(self.dictionary[n], a)
        return out

    def object(self, name):
        if name not in self._objects:
            _, attrs, constraints = self._chain(self.object_files, name)
            self._objects[name] = (self._finish(attrs), constraints)
        return self._objects[name]

    def event_class(self, name):
        raw, attrs, constraints = self._chain(self.event_files, name)
        category = self.categories[raw["category"]]
        info = {
            "caption": raw["caption"],
            "category_uid": category["uid"],
            "category_name": category["caption"],
            "class_uid": category["uid"] * 1000 + raw["uid"],
            "profiles": set(),
        }
        item = raw
        while item is not None:
            info["profiles"].update(item.get("profiles", []))
            item = self.event_files.get(item.get("extends")) if item.get("extends") else None
        return raw, self._finish(attrs), constraints, info

    def base_type(self, t):
        seen = set()
        while t not in OCSF_BASE_TYPES:
            if t in seen or t not in self.types:
                raise KeyError(f"OCSF schema: unknown type {t!r}")
            seen.add(t)
            t = self.types[t].get("type", t if t in OCSF_BASE_TYPES else None)
            if t is None:
                raise KeyError("OCSF schema: type without a base type")
        return t


class OcsfChecker:
    def __init__(self, schema, class_name):
        self.s = schema
        self.raw, self.attrs, self.constraints, self.info = schema.event_class(class_name)
        self.problems = []
        self.profiles = set()

    def fail(self, where, what):
        self.problems.append(f"{where}: {what}")

    def check_scalar(self, where, t, v):
        base = self.s.base_type(t)
        spec = self.s.types.get(t, {})
        if base == "json_t":
            return
        if base == "string_t":
            if not isinstance(v, str):
                return self.fail(where, f"{t} wants a string, got {json.dumps(v)[:40]}")
            limit = spec.get("max_len", self.s.types["string_t"].get("max_len"))
            if limit is not None and len(v) > limit:
                self.fail(where, f"{t} longer than {limit} characters")
            if "regex" in spec and not re.search(spec["regex"], v):
                self.fail(where, f"{t} value {v!r} does not match its pattern")
            return
        if base == "boolean_t":
            if not isinstance(v, bool):
                self.fail(where, f"boolean_t wants true/false, got {json.dumps(v)[:40]}")
            return
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return self.fail(where, f"{t} wants a number, got {json.dumps(v)[:40]}")
        if base in ("integer_t", "long_t"):
            if not isinstance(v, int):
                return self.fail(where, f"{t} wants an integer, got {v!r}")
            bits = 31 if base == "integer_t" else 63
            if not -(1 << bits) <= v < (1 << bits):
                self.fail(where, f"{t} value {v} out of range")
        if "range" in spec:
            lo, hi = spec["range"]
            if not lo <= v <= hi:
                self.fail(where, f"{t} value {v} outside [{lo}, {hi}]")

    def check_value(self, where, attr, v):
        t = attr["type"]
        if t == "object":  # e.g. unmapped: any JSON object
            if not isinstance(v, dict):
                self.fail(where, "wants a JSON object")
        elif t in self.s.object_files:
            if not isinstance(v, dict):
                self.fail(where, f"wants a {t} object")
            else:
                attrs, constraints = self.s.object(t)
                self.check_fields(where, v, attrs, constraints, self.profiles)
        else:
            self.check_scalar(where, t, v)

    def check_fields(self, where, obj, attrs, constraints, profiles, top=False):
        for name, v in obj.items():
            w = f"{where}.{name}"
            attr = attrs.get(name)
            if attr is None:
                self.fail(w, "not an attribute of this class/object in OCSF " + self.s.version)
                continue
            if v is None:
                self.fail(w, "null (leave the attribute out instead)")
                continue
            if attr.get("is_array"):
                if not isinstance(v, list):
                    self.fail(w, "wants an array")
                    continue
                for i, e in enumerate(v):
                    self.check_value(f"{w}[{i}]", attr, e)
            else:
                self.check_value(w, attr, v)
            enum = attr.get("enum")
            if enum is not None and name not in ("class_uid", "category_uid") and \
                    not isinstance(v, (list, dict)):
                if str(v) not in enum:
                    self.fail(w, f"{v!r} is not one of its enum values {sorted(enum)}")
                else:
                    sib = attr.get("sibling")
                    caption = enum[str(v)]["caption"]
                    if sib and sib in obj and str(v) != "99" and obj[sib] != caption:
                        self.fail(f"{where}.{sib}", f"{obj[sib]!r} disagrees with {name} {v} "
                                  f"({caption!r})")
                    if sib and str(v) == "99" and sib not in obj:
                        self.fail(w, f"99 (Other) without {sib}")
            prof = attr.get("profile")
            if prof and top and prof not in profiles:
                self.fail(w, f"attribute of profile {prof!r} not listed in metadata.profiles")
        for name, attr in attrs.items():
            if attr.get("requirement") != "required" or name in obj:
                continue
            if attr.get("profile") and attr["profile"] not in profiles:
                continue
            self.fail(where, f"lacks required attribute {name!r}")
        for name in constraints.get("at_least_one", []):
            if name in obj:
                break
        else:
            if constraints.get("at_least_one"):
                self.fail(where, f"needs at least one of {constraints['at_least_one']}")
        if "just_one" in constraints and \
                sum(1 for n in constraints["just_one"] if n in obj) != 1:
            self.fail(where, f"needs exactly one of {constraints['just_one']}")

    def check_event(self, where, ev):
        if not isinstance(ev, dict):
            return self.fail(where, "not a JSON object")
        meta = ev.get("metadata") if isinstance(ev.get("metadata"), dict) else {}
        profiles = set(meta.get("profiles", []) or [])
        self.profiles = profiles
        known = set(self.info["profiles"])
        for a in self.attrs.values():
            if a.get("profile"):
                known.add(a["profile"])
        for p in profiles - known:
            self.fail(f"{where}.metadata.profiles", f"{p!r} is not a profile of this class")
        self.check_fields(where, ev, self.attrs, self.constraints, profiles,
                          top=True)
        info = self.info
        expect = {"class_uid": info["class_uid"], "class_name": info["caption"],
                  "category_uid": info["category_uid"], "category_name": info["category_name"]}
        for k, v in expect.items():
            if k in ev and ev[k] != v:
                self.fail(f"{where}.{k}", f"{ev[k]!r}, the class says {v!r}")
        act = ev.get("activity_id")
        if isinstance(act, int) and not isinstance(act, bool):
            if ev.get("type_uid") != info["class_uid"] * 100 + act:
                self.fail(f"{where}.type_uid", "is not class_uid * 100 + activity_id")
            caption = self.attrs["activity_id"].get("enum", {}).get(str(act), {}).get("caption")
            if "type_name" in ev and caption and ev["type_name"] != f"{info['caption']}: {caption}":
                self.fail(f"{where}.type_name", f"{ev['type_name']!r} is not "
                          f"'{info['caption']}: {caption}'")
        if meta.get("version") != self.s.version:
            self.fail(f"{where}.metadata.version",
                      f"{meta.get('version')!r}, the schema checked is {self.s.version}")


def check_ocsf_schema(schema_dir, d, names):
    schema = OcsfSchema(schema_dir)
    checker = OcsfChecker(schema, "compliance_finding")
    lines = 0
    for name in names:
        text = load(os.path.join(d, name + ".ocsf.jsonl"))
        for i, line in enumerate(text.splitlines()):
            lines += 1
            try:
                ev = json.loads(line)
            except ValueError as e:
                checker.fail(f"{name}.ocsf.jsonl:{i + 1}", f"not JSON: {e}")
                continue
            checker.check_event(f"{name}.ocsf.jsonl:{i + 1}: $", ev)
    failures.extend(checker.problems)
    return lines


# --- SARIF as GitHub code scanning takes it ----------------------------------
#
# What code scanning requires of an uploaded SARIF file beyond the SARIF
# schema: a tool.driver name and version (semanticVersion or version); each
# result with a ruleId naming one of tool.driver.rules (and a ruleIndex that
# agrees), a level of none/note/warning/error, a message, at least one
# location with physicalLocation.artifactLocation.uri (relative: to the
# repository checkout, or to a uriBaseId the run defines) and region.startLine
# >= 1, and partialFingerprints so that an alert is tracked across runs;
# rule properties "security-severity" a number 0.0-10.0 as a string, "tags"
# strings; at most 25000 results a run and 1000 locations a result.

def relative_uri_ok(uri):
    return (isinstance(uri, str) and uri != "" and ":" not in uri.split("/")[0] and
            not uri.startswith("/") and "\\" not in uri and
            ".." not in uri.split("/") and " " not in uri)


def check_sarif_github(name, doc):
    where = f"{name}.sarif"
    for ri, run in enumerate(doc.get("runs", [])):
        w = f"{where}: runs[{ri}]"
        driver = run.get("tool", {}).get("driver", {})
        check(isinstance(driver.get("name"), str) and driver["name"], f"{w}: tool.driver.name")
        check(driver.get("semanticVersion") or driver.get("version"),
              f"{w}: tool.driver has no semanticVersion/version")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        check(len(set(ids)) == len(ids) and all(isinstance(i, str) and i for i in ids),
              f"{w}: rule ids missing or not unique")
        for r in rules:
            props = r.get("properties", {})
            if "security-severity" in props:
                sev = props["security-severity"]
                ok = isinstance(sev, str) and re.fullmatch(r"\d+(\.\d+)?", sev) and \
                    0.0 <= float(sev) <= 10.0
                check(ok, f"{w}: rule {r.get('id')!r} security-severity {sev!r}")
            if "tags" in props:
                check(all(isinstance(t, str) for t in props["tags"]),
                      f"{w}: rule {r.get('id')!r} tags")
        bases = run.get("originalUriBaseIds", {})
        results = run.get("results", [])
        check(len(results) <= 25000, f"{w}: more than 25000 results")
        prints = set()
        for i, res in enumerate(results):
            rw = f"{w}.results[{i}]"
            rid = res.get("ruleId")
            check(rid in ids, f"{rw}: ruleId {rid!r} is not a rule of tool.driver.rules")
            if "ruleIndex" in res:
                idx = res["ruleIndex"]
                check(isinstance(idx, int) and 0 <= idx < len(rules) and ids[idx] == rid,
                      f"{rw}: ruleIndex does not name ruleId")
            check(res.get("level") in SARIF_LEVELS, f"{rw}: level {res.get('level')!r}")
            check(isinstance(res.get("message", {}).get("text"), str) and
                  res["message"]["text"], f"{rw}: message.text")
            locs = res.get("locations", [])
            check(1 <= len(locs) <= 1000, f"{rw}: needs 1 to 1000 locations")
            for li, loc in enumerate(locs):
                phys = loc.get("physicalLocation")
                if not check(isinstance(phys, dict), f"{rw}.locations[{li}]: no physicalLocation"):
                    continue
                art = phys.get("artifactLocation", {})
                check(relative_uri_ok(art.get("uri")),
                      f"{rw}.locations[{li}]: artifactLocation.uri {art.get('uri')!r} is not "
                      "a relative path")
                if "uriBaseId" in art:
                    check(art["uriBaseId"] in bases, f"{rw}.locations[{li}]: uriBaseId "
                          f"{art['uriBaseId']!r} not in originalUriBaseIds")
                line = phys.get("region", {}).get("startLine")
                check(isinstance(line, int) and not isinstance(line, bool) and line >= 1,
                      f"{rw}.locations[{li}]: region.startLine {line!r}")
            fp = res.get("partialFingerprints")
            if check(isinstance(fp, dict) and fp and
                     all(isinstance(v, str) and v for v in fp.values()),
                     f"{rw}: partialFingerprints"):
                key = (rid, tuple(sorted(fp.items())))
                check(key not in prints, f"{rw}: partialFingerprints repeat another result's")
                prints.add(key)


# --- JUnit XML: the common schema (Ant/Jenkins junit.xsd) ---------------------
#
# testsuites > testsuite[name, tests, failures, errors, skipped, time] >
# testcase[name, classname, time] with at most one of failure/error/skipped,
# failure and error carrying message and type; properties > property[name,
# value]; system-out/system-err text. The counts are those of the children,
# the totals of <testsuites> their sums; times decimal seconds >= 0.

JUNIT_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"properties", "testcase", "system-out", "system-err"},
    "properties": {"property"},
    "property": set(),
    "testcase": {"failure", "error", "skipped", "system-out", "system-err"},
    "failure": set(), "error": set(), "skipped": set(), "system-out": set(),
    "system-err": set(),
}
JUNIT_ATTRS = {
    "testsuites": ({"name", "tests", "failures", "errors", "skipped", "disabled", "time"},
                   set()),
    "testsuite": ({"name", "tests", "failures", "errors", "skipped", "disabled", "time",
                   "timestamp", "hostname", "id", "package", "file"},
                  {"name", "tests", "failures", "errors", "skipped", "time"}),
    "testcase": ({"name", "classname", "time", "assertions", "status", "file", "line"},
                 {"name", "classname", "time"}),
    "failure": ({"message", "type"}, {"message", "type"}),
    "error": ({"message", "type"}, {"message", "type"}),
    "skipped": ({"message"}, set()),
    "properties": (set(), set()),
    "property": ({"name", "value"}, {"name", "value"}),
    "system-out": (set(), set()),
    "system-err": (set(), set()),
}
JUNIT_TIME = re.compile(r"\d+(\.\d+)?")


def junit_count(el, where, attr):
    v = el.get(attr)
    if v is None:
        return None
    if not check(re.fullmatch(r"\d+", v), f"{where}: {attr}={v!r} is not a count"):
        return None
    return int(v)


def check_junit_schema(where, text):
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        failures.append(f"{where}: not XML: {e}")
        return
    if not check(root.tag == "testsuites", f"{where}: root is <{root.tag}>, not <testsuites>"):
        return

    def walk(el, path):
        allowed, required = JUNIT_ATTRS[el.tag]
        for a in el.attrib:
            check(a in allowed, f"{where}: {path} has unknown attribute {a!r}")
        for a in required:
            check(a in el.attrib, f"{where}: {path} lacks attribute {a!r}")
        if "time" in el.attrib:
            check(JUNIT_TIME.fullmatch(el.get("time")), f"{where}: {path} time {el.get('time')!r}")
        if el.tag not in ("failure", "error", "skipped", "system-out", "system-err"):
            check(not (el.text or "").strip(), f"{where}: {path} has text")
        for i, child in enumerate(el):
            cp = f"{path}/{child.tag}[{i}]"
            if check(child.tag in JUNIT_CHILDREN[el.tag],
                     f"{where}: <{child.tag}> is not allowed in <{el.tag}>"):
                walk(child, cp)

    walk(root, "testsuites")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for si, suite in enumerate(root.findall("testsuite")):
        sw = f"{where}: testsuite[{si}] {suite.get('name')!r}"
        cases = suite.findall("testcase")
        got = {"tests": len(cases),
               "failures": sum(1 for c in cases if c.find("failure") is not None),
               "errors": sum(1 for c in cases if c.find("error") is not None),
               "skipped": sum(1 for c in cases if c.find("skipped") is not None)}
        for c in cases:
            n = sum(1 for t in ("failure", "error", "skipped") if c.find(t) is not None)
            check(n <= 1 and len(c.findall("failure")) <= 1 and len(c.findall("error")) <= 1,
                  f"{sw}: testcase {c.get('name')!r} has more than one outcome")
        for k, v in got.items():
            stated = junit_count(suite, sw, k)
            check(stated is None or stated == v, f"{sw}: {k}={stated}, it has {v}")
            totals[k] += v
        names = [(c.get("classname"), c.get("name")) for c in cases]
        check(len(set(names)) == len(names), f"{sw}: repeated (classname, name)")
    for k, v in totals.items():
        stated = junit_count(root, f"{where}: testsuites", k)
        check(stated is None or stated == v, f"{where}: testsuites {k}={stated}, the sum is {v}")


# --- Self-test: each check reports a deliberately broken copy ---------------

def faults_of(fn, *args):
    """The problems `fn(*args)` reports, taken out of `failures`."""
    before = len(failures)
    fn(*args)
    found = failures[before:]
    del failures[before:]
    return found


def expect_fault(what, found, needle):
    if not any(needle in f for f in found):
        failures.append(f"self-test: {what}: expected a problem containing {needle!r}, "
                        f"got {found[:3]}")


def ocsf_faults(schema_dir, event):
    checker = OcsfChecker(OcsfSchema(schema_dir), "compliance_finding")
    checker.check_event("mutant: $", event)
    return checker.problems


def self_test(d, schema_dir):
    # The unmutated samples pass; every mutation below must be reported.
    base_ocsf = [json.loads(l) for l in load(os.path.join(d, "mixed.ocsf.jsonl")).splitlines()]
    with_res = next((e for e in base_ocsf if "resource" in e and "cloud" in e), None)
    if not check(with_res is not None, "self-test: no OCSF sample line with resource and cloud"):
        return
    check(not ocsf_faults(schema_dir, with_res), "self-test: the OCSF sample itself has faults")

    def mutate(fn):
        ev = json.loads(json.dumps(with_res))
        fn(ev)
        return ev

    ocsf_cases = [
        ("unknown attribute", lambda e: e.__setitem__("resources", [e["resource"]]),
         "$.resources: not an attribute"),
        ("unknown nested attribute", lambda e: e["compliance"].__setitem__("rule", "x"),
         "$.compliance.rule: not an attribute"),
        ("string for timestamp_t", lambda e: e.__setitem__("time", "2026-03-01"),
         "$.time: timestamp_t wants a number"),
        ("float for integer_t", lambda e: e.__setitem__("severity_id", 3.5),
         "integer_t wants an integer"),
        ("boolean for integer_t", lambda e: e.__setitem__("activity_id", True),
         "$.activity_id: integer_t wants a number"),
        ("integer_t out of range", lambda e: e.__setitem__("status_id", 1 << 40),
         "out of range"),
        ("scalar for is_array", lambda e: e["finding_info"].__setitem__("types", "Compliance"),
         "$.finding_info.types: wants an array"),
        ("string for object", lambda e: e.__setitem__("cloud", "aws"),
         "$.cloud: wants a cloud object"),
        ("value outside the enum",
         lambda e: e["compliance"].__setitem__("status_id", 7), "is not one of its enum"),
        ("caption disagrees with id", lambda e: e.__setitem__("severity", "Critical"),
         "$.severity: 'Critical' disagrees with severity_id"),
        ("compliance caption disagrees",
         lambda e: e["compliance"].__setitem__("status", "Pass"), "disagrees with status_id"),
        ("Other without caption",
         lambda e: (e.__setitem__("status_id", 99), e.pop("status")), "99 (Other) without"),
        ("required attribute missing", lambda e: e.pop("metadata"),
         "lacks required attribute 'metadata'"),
        ("nested required attribute missing", lambda e: e["finding_info"].pop("uid"),
         "$.finding_info: lacks required attribute 'uid'"),
        ("deep required attribute missing",
         lambda e: e["metadata"]["product"].pop("vendor_name"),
         "lacks required attribute 'vendor_name'"),
        ("inherited constraint", lambda e: e.__setitem__("resource", {"type": "Vpc"}),
         "needs at least one of"),
        ("type_uid", lambda e: e.__setitem__("type_uid", 200300), "class_uid * 100"),
        ("class_uid", lambda e: e.__setitem__("class_uid", 2001), "the class says 2003"),
        ("category_name", lambda e: e.__setitem__("category_name", "Finding"),
         "the class says 'Findings'"),
        ("type_name", lambda e: e.__setitem__("type_name", "Compliance Finding: Update"),
         "$.type_name"),
        ("schema version", lambda e: e["metadata"].__setitem__("version", "1.3.0"),
         "metadata.version"),
        ("profile attribute without the profile",
         lambda e: e["metadata"].pop("profiles"), "not listed in metadata.profiles"),
        ("required attribute of a listed profile",
         lambda e: e.pop("cloud"), "lacks required attribute 'cloud'"),
        ("unknown profile", lambda e: e["metadata"].__setitem__("profiles", ["cloud", "nope"]),
         "'nope' is not a profile"),
        ("null", lambda e: e.__setitem__("message", None), "$.message: null"),
    ]
    for what, fn, needle in ocsf_cases:
        expect_fault(f"OCSF {what}", ocsf_faults(schema_dir, mutate(fn)), needle)

    sarif = json.loads(load(os.path.join(d, "mixed.sarif")))
    check(not faults_of(check_sarif_github, "mixed", sarif),
          "self-test: the SARIF sample itself has faults")

    def smut(fn):
        doc = json.loads(json.dumps(sarif))
        fn(doc["runs"][0], doc["runs"][0]["results"])
        return faults_of(check_sarif_github, "mutant", doc)

    drv = lambda run: run["tool"]["driver"]  # noqa: E731
    phys = lambda res: res[0]["locations"][0]["physicalLocation"]  # noqa: E731
    sarif_cases = [
        ("ruleId not a rule", lambda run, res: res[0].__setitem__("ruleId", "nope"),
         "ruleId 'nope' is not a rule"),
        ("ruleIndex elsewhere", lambda run, res: res[0].__setitem__("ruleIndex", 1),
         "ruleIndex does not name ruleId"),
        ("bad level", lambda run, res: res[0].__setitem__("level", "warn"), "level 'warn'"),
        ("no locations", lambda run, res: res[0].pop("locations"), "needs 1 to 1000 locations"),
        ("no physicalLocation",
         lambda run, res: res[0]["locations"][0].pop("physicalLocation"), "no physicalLocation"),
        ("absolute uri",
         lambda run, res: phys(res)["artifactLocation"].__setitem__("uri", "/x/c.json"),
         "is not a relative path"),
        ("unknown uriBaseId",
         lambda run, res: phys(res)["artifactLocation"].__setitem__("uriBaseId", "SRC"),
         "not in originalUriBaseIds"),
        ("no startLine", lambda run, res: phys(res)["region"].pop("startLine"),
         "region.startLine"),
        ("startLine 0", lambda run, res: phys(res)["region"].__setitem__("startLine", 0),
         "region.startLine"),
        ("no fingerprints", lambda run, res: res[0].pop("partialFingerprints"),
         "partialFingerprints"),
        ("repeated fingerprints",
         lambda run, res: res[1].__setitem__("partialFingerprints", res[0]["partialFingerprints"]),
         "repeat another result's"),
        ("no tool version",
         lambda run, res: (drv(run).pop("version"), drv(run).pop("semanticVersion")),
         "no semanticVersion/version"),
        ("security-severity not a number",
         lambda run, res: drv(run)["rules"][0]["properties"].__setitem__(
             "security-severity", "high"), "security-severity"),
        ("repeated rule id",
         lambda run, res: drv(run)["rules"][1].__setitem__("id", drv(run)["rules"][0]["id"]),
         "rule ids missing or not unique"),
    ]
    for what, fn, needle in sarif_cases:
        expect_fault(f"SARIF {what}", smut(fn), needle)

    junit = load(os.path.join(d, "mixed.junit.xml"))
    check(not faults_of(check_junit_schema, "mixed", junit),
          "self-test: the JUnit sample itself has faults")

    def jmut(fn):
        root = ET.fromstring(junit.encode("utf-8"))
        fn(root, root.findall("testsuite"))
        return faults_of(check_junit_schema, "mutant", ET.tostring(root, encoding="unicode"))

    def drop(el, attr):
        del el.attrib[attr]

    failing = lambda suites: next(  # noqa: E731
        c for s in suites for c in s.findall("testcase") if c.find("failure") is not None)
    junit_cases = [
        ("tests count", lambda root, s: s[0].set("tests", "9"), "tests=9, it has"),
        ("failures count", lambda root, s: s[0].set("failures", "0"), "failures=0, it has"),
        ("errors count", lambda root, s: s[0].set("errors", "1"), "errors=1, it has"),
        ("totals", lambda root, s: root.set("failures", "99"), "testsuites failures=99"),
        ("count not a number", lambda root, s: s[0].set("tests", "two"), "is not a count"),
        ("suite without skipped", lambda root, s: drop(s[0], "skipped"),
         "lacks attribute 'skipped'"),
        ("suite without name", lambda root, s: drop(s[0], "name"), "lacks attribute 'name'"),
        ("case without classname",
         lambda root, s: drop(s[0].find("testcase"), "classname"), "lacks attribute 'classname'"),
        ("case without time", lambda root, s: drop(s[0].find("testcase"), "time"),
         "lacks attribute 'time'"),
        ("bad time", lambda root, s: s[0].set("time", "1e3"), "time '1e3'"),
        ("failure without type", lambda root, s: drop(failing(s).find("failure"), "type"),
         "lacks attribute 'type'"),
        ("failure without message", lambda root, s: drop(failing(s).find("failure"), "message"),
         "lacks attribute 'message'"),
        ("unknown element", lambda root, s: ET.SubElement(s[0], "result"),
         "<result> is not allowed in <testsuite>"),
        ("unknown attribute", lambda root, s: s[0].find("testcase").set("result", "ok"),
         "unknown attribute 'result'"),
        ("two outcomes", lambda root, s: ET.SubElement(failing(s), "error",
                                                        {"message": "m", "type": "t"}),
         "more than one outcome"),
        ("repeated case", lambda root, s: s[0].append(
            ET.fromstring(ET.tostring(s[0].find("testcase")))), "repeated (classname, name)"),
    ]
    for what, fn, needle in junit_cases:
        expect_fault(f"JUnit {what}", jmut(fn), needle)
    print(f"self-test: {len(ocsf_cases)} OCSF, {len(sarif_cases)} SARIF and "
          f"{len(junit_cases)} JUnit mutations")


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
    ap.add_argument("--check", required=True,
                    choices=["formats", "sarif-schema", "ocsf-schema", "sarif-github",
                             "junit-schema", "self-test"])
    ap.add_argument("--schema")
    ap.add_argument("--schema-dir")
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
            for name in SAMPLES + EMBEDDED:
                doc = json.loads(load(os.path.join(d, name + ".sarif")))
                for err in validator.iter_errors(doc):
                    failures.append(f"{name}.sarif: {err.json_path}: {err.message}")
        elif args.check == "ocsf-schema":
            lines = check_ocsf_schema(args.schema_dir, d, SAMPLES + ("hostile",) + EMBEDDED)
            check(lines > 0, "no OCSF line to check")
            print(f"{lines} OCSF lines checked against OCSF {OcsfSchema(args.schema_dir).version}")
        elif args.check == "sarif-github":
            for name in SAMPLES + ("hostile",) + EMBEDDED:
                check_sarif_github(name, json.loads(load(os.path.join(d, name + ".sarif"))))
        elif args.check == "junit-schema":
            for name in SAMPLES + ("hostile", "tests-mixed", "tests-hostile"):
                check_junit_schema(name + ".junit.xml", load(os.path.join(d, name + ".junit.xml")))
        elif args.check == "self-test":
            self_test(d, args.schema_dir)
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
