#!/bin/sh
# tests/python/installcheck.sh - checks the installed Python package (`make installcheck`, run
# by `make distcheck`; `make check-install` runs it on a DESTDIR installation).
#
# Environment (set by make): PYTHON, DESTDIR (may be empty), pyexecdir, libdir, includedir,
# VERSION, top_srcdir. The interpreter runs from an empty folder, with -s (no user site), and:
#   - DESTDIR empty (a real installation): no LD_LIBRARY_PATH, so the extension must find the
#     installed libstalkcase.so.0 by itself (loader cache or RUNPATH); and no PYTHONPATH when
#     $pyexecdir is on the interpreter's sys.path, so the check is exactly
#     `python3 -c "import stalkcase"` (else PYTHONPATH=$pyexecdir);
#   - DESTDIR set (a staged installation): PYTHONPATH and LD_LIBRARY_PATH point into DESTDIR.
# Then tests/python/installcheck.py checks the import, the version and the documentation.
# Exit status: 0 when every check passed, 1 otherwise.
set -u

PYTHON=${PYTHON:-python3}
top_srcdir=${top_srcdir:-.}
DESTDIR=${DESTDIR:-}
: "${pyexecdir:?}" "${libdir:?}" "${includedir:?}" "${VERSION:?}"

script=$(cd "$top_srcdir/tests/python" && pwd)/installcheck.py
run=$(mktemp -d "${TMPDIR:-/tmp}/sc-installcheck.XXXXXX") || exit 1
trap 'rm -rf "$run"' EXIT
trap 'exit 130' INT TERM

on_path=$(cd "$run" && "$PYTHON" -s -c '
import os, sys
d = os.path.realpath(sys.argv[1])
print("yes" if any(os.path.realpath(p) == d for p in sys.path if p) else "no")' "$pyexecdir")

unset PYTHONPATH LD_LIBRARY_PATH PYTHONHOME
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
if [ -n "$DESTDIR" ]; then
    echo "installcheck: staged installation in $DESTDIR ($pyexecdir is on $PYTHON's sys.path: $on_path)"
    PYTHONPATH=$DESTDIR$pyexecdir
    LD_LIBRARY_PATH=$DESTDIR$libdir
    export PYTHONPATH LD_LIBRARY_PATH
elif [ "$on_path" = yes ]; then
    echo "installcheck: $pyexecdir is on $PYTHON's sys.path: no PYTHONPATH, no LD_LIBRARY_PATH"
else
    echo "installcheck: $pyexecdir is not on $PYTHON's sys.path: PYTHONPATH=$pyexecdir, no LD_LIBRARY_PATH"
    PYTHONPATH=$pyexecdir
    export PYTHONPATH
fi
cd "$run" && "$PYTHON" -s "$script" "$VERSION" "$DESTDIR$pyexecdir" "$DESTDIR$includedir"
