#!/bin/sh
# tests/python/run-pytest.sh - runs the pytest suite of the Python bindings against the build
# tree (a TESTS entry of `make check`).
#
# The package is assembled in $top_builddir/tests/python/pkg/stalkcase from its three parts:
# __init__.py (source tree), stalkcase_swig.py (generated in the build tree) and the extension
# _stalkcase.so (build tree, bindings/python/.libs). LD_LIBRARY_PATH points at the uninstalled
# libstalkcase. Environment (from AM_TESTS_ENVIRONMENT): top_srcdir, top_builddir, PYTHON,
# SC_TEST_DATA, SC_SHARED_DATA; SC_TEST_WRAPPER: when set (`make check-valgrind` sets it to
# libtool --mode=execute valgrind ...), the interpreter runs under it with PYTHONMALLOC=malloc,
# so that valgrind sees every allocation; its errors and definite leaks then fail the run.
#
# Exit status: pytest's, except that "no tests collected" (5) is a failure, not a pass.
set -u

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PYTHON=${PYTHON:-python3}

pkgroot=$top_builddir/tests/python/pkg
pkg=$pkgroot/stalkcase
rm -rf "$pkgroot" && mkdir -p "$pkg" || exit 99
for f in "$top_srcdir/bindings/python/stalkcase/__init__.py" \
    "$top_builddir/bindings/python/stalkcase_swig.py" \
    "$top_builddir/bindings/python/.libs/_stalkcase.so"; do
    if [ ! -f "$f" ]; then
        echo "run-pytest: $f is missing (was the build made with --enable-python?)" >&2
        exit 99
    fi
    cp "$f" "$pkg/" || exit 99
done

abs_pkgroot=$(cd "$pkgroot" && pwd)
abs_libs=$(cd "$top_builddir/lib/.libs" && pwd)
PYTHONPATH=$abs_pkgroot
LD_LIBRARY_PATH=$abs_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# The source tree may be read-only (distcheck): no bytecode, no pytest cache there.
PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH LD_LIBRARY_PATH PYTHONDONTWRITEBYTECODE

if [ -n "${SC_TEST_WRAPPER:-}" ]; then
    PYTHONMALLOC=malloc
    export PYTHONMALLOC
    # shellcheck disable=SC2086
    $SC_TEST_WRAPPER "$PYTHON" -m pytest -v -p no:cacheprovider "$top_srcdir/tests/python"
else
    "$PYTHON" -m pytest -v -p no:cacheprovider "$top_srcdir/tests/python"
fi
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "run-pytest: pytest collected no tests: failing" >&2
    exit 1
fi
exit "$rc"
