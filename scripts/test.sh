#!/usr/bin/env bash
# The full test run (what CI runs through .ci/run):
#
#   bash scripts/test.sh
#
#  1. installs the dependencies (scripts/install-deps.sh; a no-op when present);
#  2. release: a Release developer-mode tree in build/, then ctest;
#  3. asan: an ASan+UBSan tree in build-asan/ (RelWithDebInfo at -O1, no
#     benchmarks), then ctest again (the fuzz targets' corpus replays too);
#  4. fuzz: the libFuzzer targets built with clang in build-fuzz/ (libraries
#     instrumented too), each run for VIGIL_FUZZ_SECONDS (30) by scripts/fuzz.sh.
# Every stage builds with -DVIGIL_WERROR=ON: a compiler warning fails it.
#
# Exits non-zero if any build, test or fuzzer fails; a failing test does not
# stop the later stages, a failing build does. The last line is the total,
# "test.sh: N passed, N failed" (tests of both trees plus fuzzers).
# Knobs (environment): VIGIL_TEST_STAGES="release asan fuzz", VIGIL_JOBS=2,
# VIGIL_FUZZ_SECONDS=30, VIGIL_CTEST_ARGS (extra ctest arguments).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stages="${VIGIL_TEST_STAGES:-release asan fuzz}"
jobs="${VIGIL_JOBS:-2}"
fuzz_seconds="${VIGIL_FUZZ_SECONDS:-30}"
read -r -a extra_ctest_args <<<"${VIGIL_CTEST_ARGS:-}"

total_passed=0
total_failed=0
failures=()
start_all=$SECONDS

banner() {
  echo
  echo "==== $* ===="
}

# run_ctest LABEL BUILD_DIR [ctest args...]: runs the suite, prints ctest's
# summary, adds its counts to the totals; a failure is recorded, not fatal.
run_ctest() {
  local label="$1" dir="$2"
  shift 2
  local log="$dir/ctest-output.log" status=0
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 900 \
    --no-tests=error "$@" "${extra_ctest_args[@]}" 2>&1 | tee "$log" || status=$?
  local summary passed failed total
  summary="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [ -n "$summary" ]; then
    failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")"
    total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")"
    passed=$((total - failed))
  else
    passed=0
    failed=1  # no summary: ctest itself failed (no tests, bad tree, ...)
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    failures+=("$label: ctest failed ($failed of $((passed + failed)))")
  fi
  echo "$label: $passed passed, $failed failed"
}

banner "dependencies"
bash scripts/install-deps.sh

for stage in $stages; do
  t0=$SECONDS
  case "$stage" in
    release)
      banner "release: build/ (Release, developer mode)"
      cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DVIGIL_DEVELOPER_MODE=ON -DVIGIL_WERROR=ON
      cmake --build build -j "$jobs"
      run_ctest release build
      ;;
    asan)
      banner "asan: build-asan/ (ASan+UBSan, RelWithDebInfo -O1)"
      cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DVIGIL_DEVELOPER_MODE=ON -DVIGIL_BUILD_BENCH=OFF -DVIGIL_WERROR=ON \
        -DVIGIL_SANITIZE=address,undefined
      cmake --build build-asan -j "$jobs"
      ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1}" \
      UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
        run_ctest asan build-asan
      ;;
    fuzz)
      banner "fuzz: build-fuzz/ (clang, libFuzzer + ASan+UBSan)"
      cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DVIGIL_BUILD_FUZZERS=ON -DVIGIL_BUILD_TESTS=OFF \
        -DVIGIL_BUILD_BENCH=OFF -DVIGIL_BUILD_CLI=OFF -DVIGIL_WERROR=ON \
        -DVIGIL_SANITIZE=fuzzer-no-link,address,undefined
      cmake --build build-fuzz -j "$jobs" --target fuzzers
      fuzzers=()
      if [ -f build-fuzz/fuzzers.txt ]; then
        while IFS= read -r f; do
          if [ -n "$f" ]; then fuzzers+=("$f"); fi
        done <build-fuzz/fuzzers.txt
      fi
      if [ "${#fuzzers[@]}" -eq 0 ]; then
        echo "fuzz: no fuzzers defined in fuzz/"
      fi
      fuzz_passed=0
      fuzz_failed=0
      for f in "${fuzzers[@]}"; do
        if VIGIL_FUZZ_BUILD_DIR=build-fuzz VIGIL_JOBS="$jobs" \
            bash scripts/fuzz.sh "$f" "$fuzz_seconds"; then
          fuzz_passed=$((fuzz_passed + 1))
        else
          fuzz_failed=$((fuzz_failed + 1))
          failures+=("fuzz: $f")
        fi
      done
      total_passed=$((total_passed + fuzz_passed))
      total_failed=$((total_failed + fuzz_failed))
      echo "fuzz: $fuzz_passed passed, $fuzz_failed failed"
      ;;
    *)
      echo "test.sh: unknown stage '$stage' (release, asan, fuzz)" >&2
      exit 2
      ;;
  esac
  echo "---- $stage took $((SECONDS - t0)) s"
done

banner "summary ($((SECONDS - start_all)) s)"
for f in "${failures[@]}"; do
  echo "FAILED: $f"
done
echo "test.sh: $total_passed passed, $total_failed failed"
if [ "${#failures[@]}" -ne 0 ]; then
  exit 1
fi
