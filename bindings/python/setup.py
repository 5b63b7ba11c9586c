"""Builds vigil._vigil, the pybind11 extension over libvigil.

libvigil is found with pkg-config (vigil.pc): after `cmake --install build
--prefix PREFIX`, set PKG_CONFIG_PATH=PREFIX/lib/pkgconfig; for a build
tree, PKG_CONFIG_PATH=build/bindings/c/pkgconfig. The module records the
library directory as its rpath, so it finds libvigil.so.0 without
LD_LIBRARY_PATH. pybind11's headers come from Debian's pybind11-dev (or the
pybind11 Python package when installed).
"""
import shlex
import subprocess

from setuptools import Extension, setup


def pkg_config(flag):
    try:
        out = subprocess.run(["pkg-config", flag, "vigil"], check=True, capture_output=True,
                             text=True).stdout
    except FileNotFoundError:
        raise SystemExit("vigil: pkg-config is not installed (Debian: pkg-config)")
    except subprocess.CalledProcessError as e:
        raise SystemExit(
            "vigil: pkg-config cannot find vigil.pc (" + e.stderr.strip() + "). Install vigil "
            "(cmake --install build --prefix PREFIX) and set PKG_CONFIG_PATH=PREFIX/lib/pkgconfig, "
            "or set PKG_CONFIG_PATH=<vigil build tree>/bindings/c/pkgconfig.")
    return shlex.split(out)


cflags = pkg_config("--cflags")
libs = pkg_config("--libs")
include_dirs = [f[2:] for f in cflags if f.startswith("-I")]
library_dirs = [f[2:] for f in libs if f.startswith("-L")]
libraries = [f[2:] for f in libs if f.startswith("-l")]
extra_link_args = [f for f in libs if not f.startswith(("-L", "-l"))]
try:
    import pybind11
    include_dirs.append(pybind11.get_include())
except ImportError:
    pass  # Debian's pybind11-dev puts the headers in /usr/include

setup(
    ext_modules=[
        Extension(
            "vigil._vigil",
            sources=["src/vigil/_vigil.cpp"],
            include_dirs=include_dirs,
            library_dirs=library_dirs,
            libraries=libraries,
            runtime_library_dirs=library_dirs,
            extra_compile_args=["-std=c++17", "-fvisibility=hidden", "-O2"],
            extra_link_args=extra_link_args,
            language="c++",
        )
    ],
)
