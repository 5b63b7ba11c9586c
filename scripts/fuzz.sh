#!/usr/bin/env bash
# Builds and runs one libFuzzer target for a while:
#
#   bash scripts/fuzz.sh NAME [SECONDS]        # e.g. query_parser_fuzzer 30
#
# NAME is a fuzz/<NAME>.cc target (see fuzz/CMakeLists.txt). The build tree is
# $VIGIL_FUZZ_BUILD_DIR (default build-fuzz/), configured here with clang and
# -DVIGIL_SANITIZE=fuzzer-no-link,address,undefined if it does not exist yet.
# Seeds: fuzz/corpus/NAME/ if present, plus inputs taken from tests/data that
# fit the fuzzer's name (queries for *query*, SDL for *sdl*/*schema*, graph
# JSON for *graph*, policies for *policy*). New interesting inputs accumulate
# in <build>/fuzz-corpus/NAME/; a crash is saved as
# <build>/fuzz-artifacts/NAME-crash-* and makes this script exit non-zero.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 NAME [SECONDS]" >&2
  exit 2
fi
name="$1"
seconds="${2:-30}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${VIGIL_FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${VIGIL_JOBS:-2}"

if [ ! -f "fuzz/$name.cc" ]; then
  echo "fuzz.sh: no fuzz/$name.cc" >&2
  exit 2
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DVIGIL_BUILD_FUZZERS=ON -DVIGIL_BUILD_TESTS=OFF -DVIGIL_BUILD_BENCH=OFF \
    -DVIGIL_BUILD_CLI=OFF -DVIGIL_WERROR=ON \
    -DVIGIL_SANITIZE=fuzzer-no-link,address,undefined
fi
cmake --build "$build" -j "$jobs" --target "$name"

bin=""
for candidate in "$build/fuzz/$name" "$build/$name"; do
  if [ -x "$candidate" ]; then
    bin="$candidate"
    break
  fi
done
if [ -z "$bin" ]; then
  echo "fuzz.sh: built $name but found no binary in $build" >&2
  exit 1
fi

# ---- corpus -------------------------------------------------------------------
corpus="$build/fuzz-corpus/$name"
seeds="$build/fuzz-seeds/$name"
artifacts="$build/fuzz-artifacts"
rm -rf "$seeds"
mkdir -p "$corpus" "$seeds" "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"
if [ -d "fuzz/corpus/$name" ]; then
  cp -r "fuzz/corpus/$name/." "$seeds/"
fi
if [ -d tests/data ]; then
  python3 - "$name" tests/data "$seeds" <<'PY'
import hashlib, json, os, sys

name, data_dir, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
MAX_SEEDS, MAX_BYTES = 300, 64 * 1024
lname = name.lower()
if "query" in lname:
    kind = "query"
elif "sdl" in lname or "schema" in lname:
    kind = "sdl"
elif "graph" in lname:
    kind = "graph"
elif "policy" in lname or "pack" in lname:
    kind = "policy"
else:
    kind = "any"

seeds = []
def add(text):
    if isinstance(text, str):
        text = text.encode("utf-8")
    if 0 < len(text) <= MAX_BYTES:
        seeds.append(text)

for dirpath, dirnames, filenames in os.walk(data_dir):
    dirnames.sort()
    for fn in sorted(filenames):
        path = os.path.join(dirpath, fn)
        ext = os.path.splitext(fn)[1].lower()
        try:
            if os.path.getsize(path) > 4 * 1024 * 1024:
                continue
            raw = open(path, "rb").read()
        except OSError:
            continue
        if ext == ".jsonl":
            for line in raw.decode("utf-8", "replace").splitlines():
                try:
                    case = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(case, dict):
                    continue
                if kind in ("query", "any") and isinstance(case.get("query"), str):
                    add(case["query"])
                if kind in ("graph", "any") and isinstance(case.get("graph"), dict):
                    add(json.dumps(case["graph"]))
        elif ext in (".graphql", ".gql", ".sdl"):
            text = raw.decode("utf-8", "replace")
            is_sdl = any(w in text for w in ("type ", "interface ", "enum "))
            if kind == "any" or (kind == "sdl" and is_sdl) or (kind == "query" and not is_sdl):
                add(raw)
        elif ext == ".json":
            if kind in ("graph", "any") or (kind == "policy" and "polic" in path.lower()):
                add(raw)
        elif ext in (".yaml", ".yml"):
            if kind in ("policy", "any"):
                add(raw)

# Keep a spread of seeds: dedupe, then take evenly across the list.
unique = list(dict.fromkeys(seeds))
if len(unique) > MAX_SEEDS:
    step = len(unique) / MAX_SEEDS
    unique = [unique[int(i * step)] for i in range(MAX_SEEDS)]
for s in unique:
    with open(os.path.join(out_dir, hashlib.sha1(s).hexdigest()), "wb") as f:
        f.write(s)
print(f"fuzz.sh: {len(unique)} seed(s) of kind '{kind}' from {data_dir}")
PY
fi

# ---- run ----------------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "fuzz.sh: running $name for ${seconds}s"
status=0
"$bin" "$corpus" "$seeds" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
  >"$build/fuzz-$name.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 60 "$build/fuzz-$name.log"
  echo "fuzz.sh: $name FAILED (exit $status); log: $build/fuzz-$name.log" >&2
  find "$artifacts" -name "$name-*" -newer "$bin" >&2 || true
  exit 1
fi
runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$build/fuzz-$name.log" | grep -Eo '[0-9]+$' || echo '?')"
echo "fuzz.sh: $name ok ($runs runs in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) files)"
