"""py-sitedir.py PREFIX - where configure installs the Python package by default.

Prints the site-packages directory of the running interpreter that lies under PREFIX, relative
to PREFIX (for example "lib/python3.11/dist-packages" for Debian's /usr/bin/python3 and PREFIX
/usr/local), or nothing when none does. The candidates are the directories the interpreter's
`site` module puts on sys.path (site.getsitepackages()); when several lie under PREFIX, the one
with the fewest path components wins, then the first in sys.path order (so PREFIX /usr gives
Debian's lib/python3/dist-packages, not local/lib/python3.X/dist-packages).

Why: Automake's AM_PATH_PYTHON installs into PREFIX/lib/pythonX.Y/site-packages, which Debian's
Python does not read (it reads /usr/local/lib/pythonX.Y/dist-packages and
/usr/lib/python3/dist-packages), so `import stalkcase` would fail after `make install`.

Exit status 0 (also when nothing is printed); 2 on a usage error.
"""
import os
import site
import sys


def sitedir(prefix):
    """The relative site directory under prefix (a str), or None."""
    prefix = os.path.normpath(os.path.abspath(prefix))
    best = None
    dirs = site.getsitepackages() if hasattr(site, "getsitepackages") else []
    for d in dirs:
        d = os.path.normpath(os.path.abspath(d))
        rel = os.path.relpath(d, prefix)
        if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
            continue
        key = len(rel.split(os.sep))
        if best is None or key < best[0]:
            best = (key, rel)
    return None if best is None else best[1]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: py-sitedir.py PREFIX\n")
        return 2
    rel = sitedir(argv[1])
    if rel is not None:
        sys.stdout.write(rel + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
