#!/usr/bin/env python3
"""Library hygiene: vigil's static libraries never end the process and never
write to the standard streams.

    python3 scripts/check_hygiene.py [--nm nm] build/src/*/libvigil_*.a \
        build/bindings/c/libvigil.so
    python3 scripts/check_hygiene.py --self-test

An embeddable library reports failures as absl::Status and diagnostics as
data; it must not call abort/exit (nor quick_exit, _exit, _Exit) nor print
(printf, puts, perror, std::cout/cerr/clog, or anything through the stdout
and stderr FILE objects). This script lists the undefined symbols of every
object of the given archives, and of the given shared libraries as a whole
(the C ABI, libvigil.so, with the layers linked in), with `nm -A -u -P`, and
fails, naming the library, the object and the symbol, when one of FORBIDDEN
is referenced.

fwrite, fputs or fprintf on a FILE* the library opened itself are fine (the
report writer writes files); writing to the standard streams shows up as a
reference to the `stdout`/`stderr` objects.

A reference that comes from a third-party header inlined into our code and
cannot be avoided goes in ALLOWED, narrowly (archive, object, symbol) with
the reason; an entry that no longer matches anything is an error, so the
list only shrinks. It runs as the ctest test codebase.hygiene (Linux).
"""

import argparse
import os
import re
import subprocess
import sys

# symbol -> what it is
FORBIDDEN = {
    "abort": "ends the process",
    "exit": "ends the process",
    "_exit": "ends the process",
    "_Exit": "ends the process",
    "quick_exit": "ends the process",
    "stdout": "writes to standard output",
    "stderr": "writes to standard error",
    "printf": "writes to standard output",
    "vprintf": "writes to standard output",
    "__printf_chk": "writes to standard output",
    "__vprintf_chk": "writes to standard output",
    "puts": "writes to standard output",
    "putchar": "writes to standard output",
    "perror": "writes to standard error",
    "_ZSt4cout": "writes to std::cout",
    "_ZSt4cerr": "writes to std::cerr",
    "_ZSt4clog": "writes to std::clog",
    "_ZSt5wcout": "writes to std::wcout",
    "_ZSt5wcerr": "writes to std::wcerr",
    "_ZSt5wclog": "writes to std::wclog",
}

# (archive file name, object file name, symbol) -> why it is tolerated.
ALLOWED = {
}

# "lib.a[member.o]: symbol U" for an archive, "lib.so: symbol U" for a
# shared library (its member is reported as "-").
NM_LINE = re.compile(r"^(?P<archive>[^\[:]+)(?:\[(?P<member>[^\]]+)\])?: (?P<symbol>\S+) [UwvV]\b")


def analyze(nm_lines):
    """[(archive, member, symbol)] of forbidden references in `nm -A -u -P`
    output lines."""
    found = []
    for line in nm_lines:
        m = NM_LINE.match(line)
        if not m:
            continue
        symbol = m.group("symbol")
        # Versioned references (abort@GLIBC_2.2.5) count as the plain name.
        symbol = symbol.split("@", 1)[0]
        if symbol in FORBIDDEN:
            found.append((os.path.basename(m.group("archive")), m.group("member") or "-", symbol))
    return found


def report(found, allowed):
    problems, used = [], set()
    for key in sorted(set(found)):
        if key in allowed:
            used.add(key)
            continue
        archive, member, symbol = key
        problems.append(f"{archive}: {member} references {symbol} ({FORBIDDEN[symbol]})")
    for key in sorted(set(allowed) - used):
        problems.append(f"ALLOWED entry {key} matches nothing any more: remove it from "
                        f"scripts/check_hygiene.py")
    return problems


def self_test():
    lines = [
        "build/src/base/libvigil_base.a[value.cc.o]: _Unwind_Resume U",
        "build/src/base/libvigil_base.a[value.cc.o]: abort U",
        "build/src/base/libvigil_base.a[file.cc.o]: fwrite U",
        "build/src/base/libvigil_base.a[file.cc.o]: stderr U",
        "build/src/cli/libx.a[a.o]: _ZSt4cout U",
        "build/src/cli/libx.a[a.o]: exit@GLIBC_2.2.5 U",
        "build/src/cli/libx.a[a.o]: _ZSt4coutX U",
        "build/src/cli/libx.a[a.o]: abort T 0 0",
        "build/bindings/c/libvigil.so.0.1.0: exit@GLIBC_2.2.5 U",
        "build/bindings/c/libvigil.so.0.1.0: malloc@GLIBC_2.2.5 U",
    ]
    found = analyze(lines)
    want = [("libvigil_base.a", "value.cc.o", "abort"),
            ("libvigil_base.a", "file.cc.o", "stderr"),
            ("libx.a", "a.o", "_ZSt4cout"),
            ("libx.a", "a.o", "exit"),
            ("libvigil.so.0.1.0", "-", "exit")]
    failures = 0
    if sorted(found) != sorted(want):
        failures += 1
        print(f"self-test: found {found}, want {want}")
    allowed = {("libx.a", "a.o", "exit"): "test", ("libx.a", "b.o", "abort"): "stale"}
    problems = report(found, allowed)
    if len(problems) != 5 or not any("matches nothing" in p for p in problems):
        failures += 1
        print(f"self-test: report gave {problems}")
    print(f"check_hygiene self-test: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("archives", nargs="*", help="static archives (.a) and shared libraries (.so)")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.archives:
        ap.error("no archives given")
    lines = []
    for archive in args.archives:
        r = subprocess.run([args.nm, "-A", "-u", "-P", archive],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"check_hygiene: {args.nm} failed on {archive}: {r.stderr}", file=sys.stderr)
            return 1
        lines += r.stdout.splitlines()
    problems = report(analyze(lines), ALLOWED)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check_hygiene: {len(problems)} problem(s): a library must report failures "
              f"as absl::Status / Diagnostics, not end the process or print",
              file=sys.stderr)
        return 1
    print(f"check_hygiene: ok ({len(args.archives)} libraries, {len(ALLOWED)} allowed reference(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
