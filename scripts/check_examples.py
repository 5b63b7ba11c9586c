#!/usr/bin/env python3
"""Compiles the code examples of vigil's public headers and documents.

The examples are the manual (include/vigil/*.h, README.md, docs/*.md), so
they must compile against the headers as they are. This script extracts
them, wraps them in translation units and runs the compiler on each with
-fsyntax-only; it fails when any example does not compile (an undefined
name, a wrong signature, a macro vigil does not provide).

Which blocks are examples (docs/testing.md, "Examples"):
  * In a header, a comment block fenced like Markdown, the fence lines
    carrying the same comment prefix as the code:
        //   ```cpp                /*   ```c   (C comments: " *   ")
        //   vigil::Foo();          *   vigil_foo();
        //   ```                    *   ```
    Blank comment lines inside are blank code lines. Other languages
    (```json, ```text, ...) are not compiled.
  * In README.md and docs/*.md, the ```cpp and ```c blocks.
  * An example is the body of a function: it may declare classes, use
    VIGIL_RETURN_IF_ERROR / VIGIL_ASSIGN_OR_RETURN (the function returns
    absl::Status), and its #include lines are moved to the top of the
    file. Every public header is included before it, with <iostream>,
    <memory>, <string> and <vector> (C: every C header vigil.h needs,
    <stdio.h>).
  * The names an example may use without declaring them, the function's
    parameters, are listed in CXX_CONTEXT and C_CONTEXT below (`schema`,
    `graph`, `pack`, `sdl_text`, ...). Anything else must be declared.
  * A header's comment line indented like code (three spaces or more) that
    calls into vigil:: and ends with `;` outside a fence is an error: an
    example that is not compiled.

Errors point at the example's own line (#line directives), e.g.
include/vigil/graph_builder.h:8:3: error: 'ASSIGN_OR_RETURN' was not declared.

Usage: check_examples.py --root DIR --cxx COMPILER [--cc COMPILER]
                         [-I DIR ...] [--out DIR]
       check_examples.py --self-test --cxx COMPILER
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Names examples may use undeclared (the wrapper function's parameters).
CXX_CONTEXT = [
    "const std::string& sdl",          # a schema's SDL text
    "const std::string& sdl_text",
    "const std::string& source",       # a query's text
    "const std::string& frag_text",    # a fragment library's text
    "const std::string& graph_json",   # a graph's JSON text
    "const std::shared_ptr<const vigil::Schema>& schema",
    "const std::shared_ptr<const vigil::Graph>& graph",
    "const std::shared_ptr<const vigil::Pack>& pack",
    "const vigil::ExceptionSet& exceptions",
    "const vigil::ParameterOverrides& overrides",
    "const vigil::Value& result_value",
    "const std::vector<vigil::TestFile>& files",
]
C_CONTEXT = [
    "const vigil_schema* schema",
    "vigil_error* err",
]
CXX_STD_HEADERS = ["iostream", "memory", "string", "vector"]
C_STD_HEADERS = ["stdio.h"]

FENCE = re.compile(r"^(?P<prefix>\s*(?://|/\*|\*)\s*)```(?P<lang>[\w+-]*)\s*$")
MD_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)\s*$")
LANGS = {"cpp": "cpp", "c++": "cpp", "c": "c"}
UNFENCED = re.compile(r"^\s*//\s{3,}.*\bvigil::.*;\s*(//.*)?$")


class Example:
    def __init__(self, path, line, lang, lines):
        self.path, self.line, self.lang, self.lines = path, line, lang, lines


def header_examples(path, rel, errors):
    """Fenced blocks in a header's comments, and unfenced code lines."""
    examples = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if UNFENCED.match(lines[i]):
                errors.append(f"{rel}:{i + 1}: example code outside a ```cpp "
                              "block (not compiled)")
            i += 1
            continue
        prefix, lang = m.group("prefix"), m.group("lang")
        marker = prefix.rstrip()
        start = i + 1
        body = []
        i += 1
        closed = False
        while i < len(lines):
            line = lines[i]
            if FENCE.match(line) and FENCE.match(line).group("lang") == "":
                closed = True
                break
            if line.startswith(prefix):
                body.append(line[len(prefix):])
            elif line.rstrip() == marker:
                body.append("")
            else:
                errors.append(f"{rel}:{i + 1}: line of an example block does "
                              f"not start with its fence's prefix {prefix!r}")
                break
            i += 1
        if not closed:
            errors.append(f"{rel}:{start}: example block not closed by ```")
            return examples
        if lang in LANGS:
            examples.append(Example(rel, start + 1, LANGS[lang], body))
        elif lang == "":
            errors.append(f"{rel}:{start}: example block without a language "
                          "(```cpp, ```c, or e.g. ```text to leave it out)")
        i += 1
    return examples


def markdown_examples(path, rel, errors):
    examples = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = MD_FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group("lang"), i + 1
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        if j == len(lines):
            errors.append(f"{rel}:{start}: code block not closed")
            return examples
        if lang in LANGS:
            examples.append(Example(rel, start + 1, LANGS[lang], lines[i + 1:j]))
        i = j + 1
    return examples


def collect(root, errors):
    examples = []
    include = os.path.join(root, "include", "vigil")
    headers = sorted(n for n in os.listdir(include) if n.endswith(".h"))
    for name in headers:
        examples += header_examples(os.path.join(include, name),
                                    f"include/vigil/{name}", errors)
    docs = ["README.md"]
    docs_dir = os.path.join(root, "docs")
    if os.path.isdir(docs_dir):
        docs += [f"docs/{n}" for n in sorted(os.listdir(docs_dir)) if n.endswith(".md")]
    for rel in docs:
        path = os.path.join(root, rel)
        if os.path.exists(path):
            examples += markdown_examples(path, rel, errors)
    return headers, examples


def translation_unit(root, headers, lang, examples):
    """One TU for the examples of one language."""
    out = []
    includes = []
    for ex in examples:
        includes += [l for l in ex.lines if l.lstrip().startswith("#include")]
    if lang == "cpp":
        out += [f"#include <{h}>" for h in CXX_STD_HEADERS]
        out += [f'#include "vigil/{h}"' for h in headers]
        out += ["#include \"absl/status/status.h\""]
    else:
        out += [f"#include <{h}>" for h in C_STD_HEADERS]
        if "vigil.h" in headers:
            out += ['#include "vigil/vigil.h"']
    out += includes
    for n, ex in enumerate(examples):
        if lang == "cpp":
            out.append(f"[[maybe_unused]] absl::Status VigilExample{n}("
                       + ", ".join(CXX_CONTEXT) + ") {")
        else:
            out.append(f"void vigil_example_{n}(" + ", ".join(C_CONTEXT) + ");")
            out.append(f"void vigil_example_{n}(" + ", ".join(C_CONTEXT) + ") {")
            names = [re.findall(r"\w+", c)[-1] for c in C_CONTEXT]
            out.append("  " + " ".join(f"(void){n};" for n in names))
        out.append("{")
        path = os.path.join(root, ex.path).replace("\\", "/")
        out.append(f'#line {ex.line} "{path}"')
        for line in ex.lines:
            out.append("" if line.lstrip().startswith("#include") else line)
        out.append("}")
        if lang == "cpp":
            out.append("  return absl::OkStatus();")
        out.append("}")
    return "\n".join(out) + "\n"


def compile_all(root, cxx, cc, include_dirs, out_dir, jobs, quiet=False):
    errors = []
    headers, examples = collect(root, errors)
    for e in errors:
        print(e, file=sys.stderr)
    # One translation unit per language: every example is its own function,
    # and #line keeps each error at the example's line.
    groups = {}
    for ex in examples:
        groups.setdefault(("all", ex.lang), []).append(ex)
    os.makedirs(out_dir, exist_ok=True)
    incs = [f"-I{d}" for d in [os.path.join(root, "include")] + include_dirs]
    tasks = []
    for (path, lang), exs in sorted(groups.items()):
        base = "examples"
        ext = ".cc" if lang == "cpp" else ".c"
        tu = os.path.join(out_dir, base + ext)
        with open(tu, "w", encoding="utf-8") as f:
            f.write(translation_unit(root, headers, lang, exs))
        if lang == "cpp":
            cmd = [cxx, "-std=c++20"]
        else:
            cmd = [cc or cxx, "-x", "c", "-std=c99"]
            cmd += ["-Werror=implicit-function-declaration"]
        cmd += ["-fsyntax-only"] + incs + [tu]
        tasks.append((path, lang, len(exs), cmd))

    def run(task):
        path, lang, n, cmd = task
        p = subprocess.run(cmd, capture_output=True, text=True)
        return task, p

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for (path, lang, n, cmd), p in pool.map(run, tasks):
            if p.returncode != 0:
                failed += 1
                print(f"FAIL {n} {lang} example(s): {' '.join(cmd)}",
                      file=sys.stderr)
                print(p.stderr, file=sys.stderr)
            elif not quiet:
                print(f"ok   {n} {lang} example(s)")
    total = sum(t[2] for t in tasks)
    if not quiet:
        files = len({ex.path for ex in examples})
        print(f"check_examples: {total} examples from {files} files, "
              f"{failed} of {len(tasks)} translation units failed, "
              f"{len(errors)} extraction errors")
    return 1 if failed or errors else 0, total


def self_test(cxx, cc):
    """The check fails for each kind of broken example, passes otherwise."""
    good_header = (
        "// vigil/x.h\n//\n//   ```cpp\n//   int n = vigil::Twice(2);\n//\n"
        "//   (void)n;\n//   ```\n//\n//   ```text\n//   not code;\n//   ```\n"
        "#ifndef X_H_\n#define X_H_\nnamespace vigil { inline int Twice(int x)"
        " { return 2 * x; } }\n#endif\n")
    cases = [
        ({"x.h": good_header}, 0),
        ({"x.h": good_header.replace("vigil::Twice", "vigil::Thrice")}, 1),
        ({"x.h": good_header.replace("(void)n;", "ASSIGN_OR_RETURN(int m, n);")}, 1),
        ({"x.h": good_header.replace("//   ```\n//\n//   ```text", "//\n//   ```text")}, 1),
        ({"x.h": good_header.replace("```text", "```")}, 1),
        ({"x.h": good_header, "README.md": "```cpp\nint k = vigil::Twice(1); (void)k;\n```\n"}, 0),
        ({"x.h": good_header, "README.md": "```cpp\nint k = Twice(1);\n```\n"}, 1),
        ({"x.h": good_header, "README.md": "```c\nundeclared_function();\n```\n"}, 1),
        ({"x.h": good_header, "README.md": "```cpp\nschema->types();\n```\n"}, 1),
        ({"x.h": good_header + "//   int k = vigil::Twice(3);\n"}, 1),
    ]
    bad = 0
    for n, (files, want) in enumerate(cases):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "include", "vigil"))
            os.makedirs(os.path.join(tmp, "docs"))
            for name, text in files.items():
                where = os.path.join(tmp, name if name.endswith(".md") else
                                     os.path.join("include", "vigil", name))
                with open(where, "w", encoding="utf-8") as f:
                    f.write(text)
            # The self-test's headers declare no vigil::Schema & co., so
            # the context is reduced to what they have.
            global CXX_CONTEXT, C_CONTEXT
            saved = CXX_CONTEXT, C_CONTEXT
            CXX_CONTEXT, C_CONTEXT = ["int unused_context"], ["int unused_context"]
            try:
                with open(os.devnull, "w") as devnull:
                    old = sys.stderr
                    sys.stderr = devnull
                    try:
                        got, _ = compile_all(tmp, cxx, cc, [], os.path.join(tmp, "out"),
                                             1, quiet=True)
                    finally:
                        sys.stderr = old
            finally:
                CXX_CONTEXT, C_CONTEXT = saved
        if got != want:
            print(f"self-test case {n}: got {got}, want {want}", file=sys.stderr)
            bad += 1
    print(f"check_examples self-test: {len(cases) - bad}/{len(cases)} passed")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root")
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--cc")
    ap.add_argument("-I", dest="includes", action="append", default=[])
    ap.add_argument("--out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test(args.cxx, args.cc)
    if not args.root:
        ap.error("--root is required")
    out = args.out or tempfile.mkdtemp(prefix="vigil-examples-")
    status, _ = compile_all(args.root, args.cxx, args.cc, args.includes, out, args.jobs)
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
