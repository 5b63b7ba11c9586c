#!/usr/bin/env python3
"""The registry of diagnostic codes: checks it and generates its page.

    python3 scripts/diagnostic_codes.py --check       # the ctest codebase.codes
    python3 scripts/diagnostic_codes.py --write-doc   # regenerate docs/diagnostics.md
    python3 scripts/diagnostic_codes.py --self-test

The registry is src/base/diagnostic_codes.inc: one line per code,
    VIGIL_DIAGNOSTIC_CODE("prefix.name", "one-line meaning")
grouped under `// ---- title ----` comment lines. --check fails when
  * a code written in src/ is not in the registry,
  * a code in the registry is written nowhere in src/,
  * a code is registered twice, or
  * docs/diagnostics.md is not what the registry generates,
and prints the exact lines to add or remove.

"A code written in src/" is a string literal shaped like a code,
"prefix.name" with a lowercase prefix and a lowercase, dash-separated name,
in a .cc/.h/.inc file of src/, outside #include lines and comments, whose
suffix is not a file extension (FILE_EXTENSIONS: "pack.json" is a file), or a
code in square brackets at the end of a string literal ("... [import.shape]",
the form of a code carried in an absl::Status message). A literal shaped like
a code that is not one (a field name) goes in NOT_CODES, with the reason; an
entry there that src/ no longer writes is an error. Codes put together at run
time (e.g. StrCat(prefix, ".missing-key")) are not seen: write codes whole.
"""

import argparse
import os
import re
import sys
import tempfile

REGISTRY = "src/base/diagnostic_codes.inc"
DOC = "docs/diagnostics.md"
SELF = "scripts/diagnostic_codes.py"

ENTRY_RE = re.compile(r'^\s*VIGIL_DIAGNOSTIC_CODE\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)\s*$')
GROUP_RE = re.compile(r'^\s*//\s*----\s*(.*?)\s*-*\s*$')
CODE_LITERAL_RE = re.compile(r'"([a-z][a-z0-9]*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)"')
EMBEDDED_CODE_RE = re.compile(r'\[([a-z][a-z0-9]*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\]"')
CODE_RE = re.compile(r'^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*$')
FILE_EXTENSIONS = {"json", "jsonl", "graphql", "gql", "h", "cc", "inc", "md", "txt",
                   "yaml", "yml", "xml", "sarif", "csv", "html", "sdl"}
# Literals shaped like a code that are not codes -> what they are.
NOT_CODES = {
    "resources.type": "a field of a CloudTrail advanced event selector "
                      "(src/connect/aws/event_selectors.cc)",
    "m6i.large": "an EC2 instance type of the synthetic organisation (src/gen/aws_org.cc)",
    "t3.medium": "an EC2 instance type of the synthetic organisation (src/gen/aws_org.cc)",
}


def parse_registry(text):
    """[(group, code, meaning, line)], [problems]."""
    entries, problems = [], []
    group = ""
    for number, line in enumerate(text.splitlines(), 1):
        g = GROUP_RE.match(line)
        if g:
            group = g.group(1)
            continue
        if "VIGIL_DIAGNOSTIC_CODE(" not in line or line.lstrip().startswith("//"):
            continue
        m = ENTRY_RE.match(line)
        if not m:
            problems.append(f"{REGISTRY}:{number}: not of the form "
                            f'VIGIL_DIAGNOSTIC_CODE("prefix.name", "meaning")')
            continue
        code, meaning = m.group(1), m.group(2).replace('\\"', '"').replace("\\\\", "\\")
        if not CODE_RE.match(code):
            problems.append(f"{REGISTRY}:{number}: \"{code}\" is not shaped like prefix.name")
        if not meaning.strip():
            problems.append(f"{REGISTRY}:{number}: \"{code}\" has no meaning")
        entries.append((group, code, meaning, number))
    seen = {}
    for group, code, meaning, number in entries:
        if code in seen:
            problems.append(f"{REGISTRY}:{number}: \"{code}\" is registered twice "
                            f"(also line {seen[code]}): remove one line")
        seen.setdefault(code, number)
    return entries, problems


def strip_comments(line, in_block):
    """The line without // and /* */ comments (string literals kept)."""
    out, i, n = [], 0, len(line)
    in_string = False
    while i < n:
        c = line[i]
        if in_block:
            if line.startswith("*/", i):
                in_block = False
                i += 2
            else:
                i += 1
            continue
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(line[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block = True
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out), in_block


def used_codes(root, not_codes):
    """{code: "file:line" of its first use} over src/ (the registry aside),
    less `not_codes`, each of which must be met (else it is reported as
    "not-code:<literal>")."""
    used = {}
    src = os.path.join(root, "src")
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith((".cc", ".h", ".inc")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if rel == REGISTRY:
                continue
            in_block = False
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    code_part, in_block = strip_comments(line, in_block)
                    if re.match(r"^\s*#\s*include", code_part):
                        continue
                    for m in CODE_LITERAL_RE.finditer(code_part):
                        code = m.group(1)
                        if code.rsplit(".", 1)[1] in FILE_EXTENSIONS:
                            continue
                        used.setdefault(code, f"{rel}:{number}")
                    for m in EMBEDDED_CODE_RE.finditer(code_part):
                        used.setdefault(m.group(1), f"{rel}:{number}")
    for literal in not_codes:
        if used.pop(literal, None) is None:
            used[f"not-code:{literal}"] = SELF
    return used


def generate_doc(entries):
    lines = [
        "# Diagnostic codes",
        "",
        f"<!-- Generated by {SELF} from {REGISTRY}; do not edit by hand. -->",
        "",
        "Every problem vigil finds in its input is a `Diagnostic` (include/vigil/diagnostic.h)",
        "with a stable code, a message and a place (file:line:col, an asset id or a JSON",
        "path). The code's prefix says which stage or input it is about. Errors make the",
        "`vigil` command exit with status 2; codes marked as warnings or notes do not.",
        "",
        f"This page is generated from the registry {REGISTRY}; to add a code, add a",
        f"line there and run `python3 {SELF} --write-doc`.",
    ]
    group = None
    for g, code, meaning, _ in entries:
        if g != group:
            group = g
            lines += ["", f"## {g}" if g else "## Other", "", "| Code | Meaning |", "|---|---|"]
        escaped = meaning.replace("|", "\\|")
        lines.append(f"| `{code}` | {escaped} |")
    return "\n".join(lines) + "\n"


def check(root, out=sys.stderr, not_codes=None):
    not_codes = NOT_CODES if not_codes is None else not_codes
    with open(os.path.join(root, REGISTRY), encoding="utf-8") as f:
        entries, problems = parse_registry(f.read())
    registered = {code for _, code, _, _ in entries}
    used = used_codes(root, not_codes)
    stale = sorted(c for c in used if c.startswith("not-code:"))
    for c in stale:
        problems.append(f"NOT_CODES entry \"{c[len('not-code:'):]}\" matches nothing in src/ "
                        f"any more: remove it from {SELF}")
        del used[c]
    missing = sorted(set(used) - registered)
    unused = sorted(registered - set(used))
    if missing:
        problems.append(f"codes used in src/ but not in {REGISTRY}; add these lines "
                        f"(with their meaning) under the right group:")
        for code in missing:
            problems.append(f'  VIGIL_DIAGNOSTIC_CODE("{code}", "...")   // first used at {used[code]}')
    if unused:
        problems.append(f"codes in {REGISTRY} that src/ no longer uses; remove these lines:")
        lines = {code: n for _, code, _, n in entries}
        for code in unused:
            problems.append(f'  {REGISTRY}:{lines[code]}: VIGIL_DIAGNOSTIC_CODE("{code}", ...)')
    doc_path = os.path.join(root, DOC)
    want = generate_doc(entries)
    try:
        with open(doc_path, encoding="utf-8") as f:
            have = f.read()
    except OSError:
        have = None
    if have != want:
        problems.append(f"{DOC} is {'missing' if have is None else 'out of date'}: "
                        f"run `python3 {SELF} --write-doc`")
    for p in problems:
        print(p, file=out)
    return problems


def self_test():
    global NOT_CODES
    saved = NOT_CODES
    NOT_CODES = {}
    try:
        return run_self_test()
    finally:
        NOT_CODES = saved


def run_self_test():
    failures = 0

    def expect(cond, what):
        nonlocal failures
        if not cond:
            failures += 1
            print(f"self-test: {what}")

    with tempfile.TemporaryDirectory() as d:
        def write(rel, text):
            path = os.path.join(d, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)

        write(REGISTRY, '// ---- a: first ----\n'
                        'VIGIL_DIAGNOSTIC_CODE("a.one", "the first")\n'
                        'VIGIL_DIAGNOSTIC_CODE("a.two-words", "the | second")\n')
        write("src/a/x.cc", '#include "x.json"\n'
                            'Error("a.one", "m");  // "a.ghost" in a comment\n'
                            '/* "a.block" */ f("a.two-words"); g("pack.json");\n'
                            'h("a.b.c"); s = "no code.";\n')
        entries, problems = parse_registry(open(os.path.join(d, REGISTRY)).read())
        write(DOC, generate_doc(entries))
        devnull = open(os.devnull, "w")
        expect(check(d, devnull) == [], "a consistent tree reports problems")
        expect("`a.two-words` | the \\| second" in generate_doc(entries), "doc escapes |")
        write("src/a/y.cc", 'Error("a.three", "m");\n')
        got = check(d, devnull)
        expect(any('VIGIL_DIAGNOSTIC_CODE("a.three"' in p for p in got), "missing code not reported")
        write("src/a/y.cc", 'Status(StrCat(m, " [a.three]"));\n')
        got = check(d, devnull)
        expect(any('VIGIL_DIAGNOSTIC_CODE("a.three"' in p for p in got),
               "a code in brackets in a message not reported")
        write("src/a/y.cc", 'if (f == "a.field") {}\n')
        expect(check(d, devnull, {"a.field": "a field"}) == [], "a NOT_CODES entry is reported")
        got = check(d, devnull, {"a.other": "a field"})
        expect(any("NOT_CODES" in p for p in got), "a stale NOT_CODES entry is not reported")
        write("src/a/y.cc", 'Error("a.three", "m");\n')
        got = check(d, devnull)
        expect(any('VIGIL_DIAGNOSTIC_CODE("a.three"' in p for p in got), "missing code not reported")
        os.remove(os.path.join(d, "src/a/y.cc"))
        write("src/a/x.cc", 'Error("a.one", "m");\n')
        got = check(d, devnull)
        expect(any("no longer uses" in p for p in got) and
               any('VIGIL_DIAGNOSTIC_CODE("a.two-words", ...)' in p for p in got),
               "unused code not reported")
        write("src/a/x.cc", 'Error("a.one", "m"); f("a.two-words");\n')
        write(DOC, "stale\n")
        got = check(d, devnull)
        expect(len(got) == 1 and "out of date" in got[0], "stale doc not reported")
        _, problems = parse_registry('VIGIL_DIAGNOSTIC_CODE("a.one", "x")\n'
                                     'VIGIL_DIAGNOSTIC_CODE("a.one", "y")\n'
                                     'VIGIL_DIAGNOSTIC_CODE("Bad", "z")\n'
                                     'VIGIL_DIAGNOSTIC_CODE("a.x")\n')
        expect(len(problems) == 3, f"registry problems: {problems}")
    print(f"diagnostic_codes self-test: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write-doc", action="store_true")
    mode.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    if args.self_test:
        return self_test()
    if args.write_doc:
        with open(os.path.join(root, REGISTRY), encoding="utf-8") as f:
            entries, problems = parse_registry(f.read())
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        with open(os.path.join(root, DOC), "w", encoding="utf-8") as f:
            f.write(generate_doc(entries))
        print(f"wrote {DOC} ({len(entries)} codes)")
        return 0
    problems = check(root)
    if problems:
        print(f"diagnostic_codes: {REGISTRY} and src/ disagree (see above)", file=sys.stderr)
        return 1
    print("diagnostic_codes: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
