#!/usr/bin/env bash
# The Python binding's ctest steps (bindings/python/CMakeLists.txt):
#
#   run_tests.sh install PYTHON SOURCE_DIR WORK_DIR PKG_CONFIG_DIR
#     makes WORK_DIR/venv (python -m venv --system-site-packages, so that
#     Debian's setuptools, pytest and distributed are seen) and installs the
#     package there as a user would, offline:
#       pip install --no-build-isolation --no-index <copy of SOURCE_DIR>
#     (the copy keeps setuptools' build files out of the source tree);
#   run_tests.sh pytest WORK_DIR SOURCE_DIR [pytest args...]
#     runs the package's tests with the venv's interpreter;
#   run_tests.sh python WORK_DIR SCRIPT [args...]
#     runs a script (the Dask example) with it.
set -euo pipefail
step="$1"
shift
case "$step" in
  install)
    python="$1" src="$2" work="$3" pc="$4"
    mkdir -p "$work"
    rm -rf "$work/pkg"
    cp -R "$src" "$work/pkg"
    rm -rf "$work/pkg/build" "$work/pkg/tests"
    if [ ! -x "$work/venv/bin/python" ]; then
      "$python" -m venv --system-site-packages "$work/venv"
    fi
    PKG_CONFIG_PATH="$pc" "$work/venv/bin/python" -m pip install --no-build-isolation \
      --no-index --no-deps --force-reinstall --no-cache-dir --quiet --disable-pip-version-check \
      "$work/pkg"
    "$work/venv/bin/python" -c 'import vigil; print("vigil", vigil.__version__, "from", vigil.__file__)'
    ;;
  pytest)
    work="$1" src="$2"
    shift 2
    cd "$work"
    exec "$work/venv/bin/python" -m pytest -p no:cacheprovider "$src/tests" "$@"
    ;;
  python)
    work="$1"
    shift
    exec "$work/venv/bin/python" "$@"
    ;;
  *)
    echo "run_tests.sh: unknown step $step" >&2
    exit 2
    ;;
esac
