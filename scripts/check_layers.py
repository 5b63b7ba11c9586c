#!/usr/bin/env python3
"""The layering check: no layer of vigil includes a higher one.

    python3 scripts/check_layers.py [--root DIR] [--quiet]
    python3 scripts/check_layers.py --self-test

vigil is a stack of static libraries, one per directory of src/ (LAYERS,
lowest first; docs/architecture.md). A file of src/<layer>/ may include
src/<same or lower layer>/... and the public headers (include/vigil/*.h) of
the same or a lower layer (bindings/, the top layer, is checked too); PUBLIC_HEADERS says which layer implements each
public header. A public header may include only public headers of its own
or a lower layer, and nothing from src/ or tests/. The library never
includes tests/.

It reads only the `#include "..."` and `#include <...>` lines, and exits 1
listing every violation as `file:line: message`. It runs on every build
(the target vigil_check_layers, which every layer depends on) and as the
ctest test codebase.layers.

When the layering changes, edit the tables below; a new directory in src/ or
a new public header that is in no table is itself an error, so the tables
cannot fall behind silently.
"""

import argparse
import os
import re
import sys
import tempfile

# Lowest first. The bindings (bindings/: the C ABI and, over it, Go and
# Python) sit above them all, `cli` included, and are checked as the layer
# "bindings".
LAYERS = ["base", "syntax", "schema", "graph", "check", "exec", "query",
          "report", "policy", "connect", "gen", "cli", "bindings"]

# include/vigil/<header> -> the layer that implements it.
PUBLIC_HEADERS = {
    "value.h": "base",
    "diagnostic.h": "base",       # src/base/diagnostic.cc
    "datetime.h": "base",
    "status_macros.h": "base",    # header-only VIGIL_RETURN_IF_ERROR & co.
    "version.h": "base",          # src/base/version.cc
    "schema.h": "schema",
    "collection.h": "graph",
    "graph.h": "graph",
    "pod_array.h": "base",
    "graph_builder.h": "graph",
    "graph_writer.h": "graph",
    "json_loader.h": "graph",
    "snapshot.h": "graph",
    "coverage.h": "check",        # src/check/coverage.cc
    "query.h": "query",
    "report.h": "report",
    "report_merge.h": "report",
    "test_report.h": "report",    # results of control unit tests, their writers
    "policy.h": "policy",
    "expectation.h": "policy",
    "parameters.h": "policy",
    "waivers.h": "policy",        # exceptions files
    "engine.h": "policy",
    "test_runner.h": "policy",
    "testing.h": "policy",        # header-only GoogleTest matchers
    "connector.h": "connect",
    "vigil.h": "bindings",        # the C ABI, bindings/c/vigil_c.cc
}

# Known violations, each (file, included header) -> why it is tolerated.
# Every entry must still match a violation; a stale entry is an error too.
ALLOWED = {
}

SELF = "scripts/check_layers.py"
SOURCE_EXTENSIONS = (".h", ".cc", ".inc")
BINDING_EXTENSIONS = (".h", ".c", ".cc", ".cpp")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def rank(layer):
    return LAYERS.index(layer)


def included_layer(path):
    """(layer, None) for an include of vigil code, (None, error) for an
    include vigil code must not make, (None, None) for anything else."""
    parts = path.split("/")
    if parts[0] == "src" and len(parts) >= 3:
        if parts[1] in LAYERS:
            return parts[1], None
        return None, f"includes {path}, which is in no layer (LAYERS in {SELF})"
    if parts[0] == "vigil" and len(parts) == 2:
        layer = PUBLIC_HEADERS.get(parts[1])
        if layer is None:
            return None, (f"includes public header {path}, which is in no layer: "
                          f"add \"{parts[1]}\": \"<layer>\" to PUBLIC_HEADERS in "
                          f"{SELF}")
        return layer, None
    if parts[0] == "tests":
        return None, f"includes test code {path}"
    return None, None


def scan_file(root, rel, own_layer, public, problems, seen_allowed):
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            path = m.group(2)
            layer, error = included_layer(path)
            if error is None and layer is not None and public and path.startswith("src/"):
                error = f"public header includes {path} (not installed)"
            if error is None and layer is not None and rank(layer) > rank(own_layer):
                error = (f"{own_layer} includes {path} of layer {layer}, which is "
                         f"above it ({' < '.join(LAYERS)})")
            if error is None:
                continue
            key = (rel, path)
            if key in ALLOWED:
                seen_allowed.add(key)
                continue
            problems.append(f"{rel}:{number}: {error}")


def check(root):
    problems = []
    seen_allowed = set()
    src = os.path.join(root, "src")
    for entry in sorted(os.listdir(src)):
        if not os.path.isdir(os.path.join(src, entry)):
            continue
        if entry not in LAYERS:
            problems.append(f"src/{entry}/: a directory that is in no layer: add it "
                            f"to LAYERS in {SELF} at its place in the order")
            continue
        for dirpath, dirnames, filenames in os.walk(os.path.join(src, entry)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_EXTENSIONS):
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    scan_file(root, rel.replace(os.sep, "/"), entry, False,
                              problems, seen_allowed)
    bindings = os.path.join(root, "bindings")
    for dirpath, dirnames, filenames in os.walk(bindings):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(BINDING_EXTENSIONS):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                scan_file(root, rel.replace(os.sep, "/"), "bindings", False,
                          problems, seen_allowed)
    include = os.path.join(root, "include", "vigil")
    headers = sorted(n for n in os.listdir(include) if n.endswith(".h"))
    for name in headers:
        rel = f"include/vigil/{name}"
        layer = PUBLIC_HEADERS.get(name)
        if layer is None:
            problems.append(f"{rel}: a public header in no layer: add \"{name}\": "
                            f"\"<layer>\" to PUBLIC_HEADERS in {SELF}")
            continue
        scan_file(root, rel, layer, True, problems, seen_allowed)
    for key in sorted(set(ALLOWED) - seen_allowed):
        problems.append(f"{key[0]}: the allowed violation ({key[0]} includes {key[1]}) "
                        f"is gone: remove its entry from ALLOWED in {SELF}")
    return problems


def self_test():
    """Builds small trees and checks that violations are found."""
    def tree(files):
        d = tempfile.TemporaryDirectory()
        for rel, text in files.items():
            path = os.path.join(d.name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        return d

    global ALLOWED
    saved = ALLOWED
    ALLOWED = {}
    try:
        ok = {
            "include/vigil/value.h": "#include <string>\n",
            "include/vigil/schema.h": '#include "vigil/diagnostic.h"\n',
            "include/vigil/diagnostic.h": "",
            "src/base/value.cc": '#include "vigil/value.h"\n#include "absl/strings/str_cat.h"\n',
            "src/schema/schema.cc": '#include "src/syntax/parser.h"\n#include "vigil/value.h"\n',
            "src/syntax/parser.h": "",
        }
        cases = [
            ({}, 0),
            ({"src/base/bad.cc": '#include "src/schema/naming.h"\n'}, 1),
            ({"src/base/bad.cc": '  #  include <vigil/schema.h>\n'}, 1),
            ({"src/syntax/bad.h": '#include "tests/common/x.h"\n'}, 1),
            ({"include/vigil/value.h": '#include "vigil/schema.h"\n'}, 1),
            ({"include/vigil/value.h": '#include "src/base/strings.h"\n'}, 1),
            ({"include/vigil/new.h": ""}, 1),
            ({"src/frob/x.cc": ""}, 1),
            ({"src/base/x.cc": '#include "vigil/unknown.h"\n'}, 1),
            ({"src/cli/main.cc": '#include "src/policy/x.h"\n#include "vigil/schema.h"\n'}, 0),
            ({"bindings/c/x.cc": '#include "vigil/schema.h"\n#include "src/cli/cli.h"\n'}, 0),
            ({"bindings/c/x.cc": '#include "tests/common/x.h"\n'}, 1),
            ({"src/cli/main.cc": '#include "vigil/vigil.h"\n'}, 1),
        ]
        failures = 0
        for extra, want in cases:
            files = dict(ok)
            files.update(extra)
            with tree(files) as d:
                got = check(d)
            if len(got) != want:
                failures += 1
                print(f"self-test: {extra}: want {want} problem(s), got {got}")
        # An allowed violation is tolerated; a stale allowance is reported.
        ALLOWED = {("src/base/bad.cc", "src/schema/naming.h"): "test"}
        files = dict(ok)
        files["src/base/bad.cc"] = '#include "src/schema/naming.h"\n'
        with tree(files) as d:
            if check(d):
                failures += 1
                print("self-test: an allowed violation was reported")
        with tree(ok) as d:
            if len(check(d)) != 1:
                failures += 1
                print("self-test: a stale allowance was not reported")
    finally:
        ALLOWED = saved
    print(f"check_layers self-test: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("--quiet", action="store_true", help="print nothing when all is well")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    problems = check(os.path.abspath(args.root))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_layers: {len(problems)} layering problem(s); the order is "
              f"{' < '.join(LAYERS)} (docs/architecture.md)", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"check_layers: ok ({len(ALLOWED)} allowed violation(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
