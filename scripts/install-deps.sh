#!/usr/bin/env bash
# Installs everything vigil needs to build and test, from Debian 12's own
# package registry only (nothing is downloaded from anywhere else).
#
#   bash scripts/install-deps.sh          # as root (or with sudo available)
#
# Idempotent: packages already installed (dpkg) are skipped, and when nothing
# is missing the script touches neither the network nor apt's lists, so a
# second run is fast and works offline. `apt-get update` runs only when a
# missing package has no install candidate in the current lists.
set -euo pipefail

PACKAGES=(
  build-essential   # g++, make, libc headers
  cmake
  ninja-build
  pkg-config        # re2 is found through pkg-config
  clang             # fuzzers (libFuzzer) and the sanitizer tree
  libclang-rt-14-dev
  nlohmann-json3-dev
  libre2-dev
  libabsl-dev
  libgtest-dev
  libgmock-dev
  libbenchmark-dev
  libsimdjson-dev
  libsqlite3-dev    # the SQLite peer of the benchmarks (bench/peers.h)
  python3-matplotlib # the scaling plot of docs/benchmarks.md (scripts/bench_report.py)
  python3
  python3-pytest
  python3-boto3
  python3-jsonschema # SARIF 2.1.0 schema check of the report tests
  chromium          # headless browser for the HTML report test
  chromium-driver   # WebDriver for chromium (driven by python3-selenium)
  python3-selenium  # drives chromium in tests/report/html_browser_test.py
  golang-go         # the Go binding (bindings/go, cgo) and examples/go-scanner
  python3-dev       # Python.h for the Python binding's extension module
  pybind11-dev      # pybind11 headers for the Python binding
  python3-venv      # the binding is pip-installed into a venv (Debian 12 refuses system pip installs)
  python3-pip       # pip install --no-build-isolation --no-index ./bindings/python
  python3-setuptools # the Python binding's build backend (offline, no build isolation)
  python3-wheel
  python3-distributed # examples/dask: the organisation scan on a LocalCluster
)
names=("${PACKAGES[@]}")

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for pkg in "${names[@]}"; do
  if ! is_installed "$pkg"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#names[@]} packages already installed"
  exit 0
fi
echo "install-deps: missing: ${missing[*]}"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-deps: must run as root (or with sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

# True when apt knows an install candidate for $1 in its current lists.
has_candidate() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

need_update=0
for pkg in "${missing[@]}"; do
  if ! has_candidate "$pkg"; then
    need_update=1
    break
  fi
done
if [ "$need_update" -eq 1 ]; then
  echo "install-deps: apt-get update"
  "${SUDO[@]}" apt-get update -qq
fi

unknown=()
for pkg in "${missing[@]}"; do
  if ! has_candidate "$pkg"; then
    unknown+=("$pkg")
  fi
done
if [ "${#unknown[@]}" -ne 0 ]; then
  echo "install-deps: no such package in the apt sources: ${unknown[*]}" >&2
  exit 1
fi

apt_install() {
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@"
}
if ! apt_install "${missing[@]}"; then
  if [ "$need_update" -eq 1 ]; then
    exit 1
  fi
  # The lists may be stale (a package version no longer on the mirror).
  echo "install-deps: install failed; retrying after apt-get update"
  "${SUDO[@]}" apt-get update -qq
  apt_install "${missing[@]}"
fi

still=()
for pkg in "${missing[@]}"; do
  if ! is_installed "$pkg"; then
    still+=("$pkg")
  fi
done
if [ "${#still[@]}" -ne 0 ]; then
  echo "install-deps: failed to install: ${still[*]}" >&2
  exit 1
fi
echo "install-deps: installed ${#missing[@]} package(s)"
