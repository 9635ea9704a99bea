"""Where `make install` puts the package: build-aux/py-sitedir.py (which configure asks) and
the pyexecdir configure chose for this build (SC_PYEXECDIR, SC_PREFIX from make).

Expected values: Debian's Python Policy (section 1.5, "Module Path") puts locally installed
modules in /usr/local/lib/python3.X/dist-packages and packaged ones in
/usr/lib/python3/dist-packages; the configured directory is compared with the interpreter's
sys.path, which the `site` module builds from the directories that exist."""
import os
import pathlib
import subprocess
import sys
import sysconfig

import pytest

HERE = pathlib.Path(__file__).resolve().parent
SRCDIR = pathlib.Path(os.environ.get("top_srcdir", HERE.parents[1])).resolve()
SCRIPT = SRCDIR / "build-aux" / "py-sitedir.py"
DEBIAN = "deb_system" in sysconfig.get_scheme_names()


def sitedir(prefix):
    out = subprocess.run([sys.executable, str(SCRIPT), str(prefix)], check=True,
                         capture_output=True, text=True).stdout
    return out.strip()


@pytest.mark.skipif(not DEBIAN, reason="skipped: not Debian's Python")
def test_debian_local_prefix():
    minor = sys.version_info[1]
    assert sitedir("/usr/local") == f"lib/python3.{minor}/dist-packages"
    assert sitedir("/usr/local/") == f"lib/python3.{minor}/dist-packages"


@pytest.mark.skipif(not DEBIAN, reason="skipped: not Debian's Python")
def test_debian_system_prefix():
    assert sitedir("/usr") == "lib/python3/dist-packages"


def test_no_site_directory(tmp_path):
    assert sitedir(tmp_path) == ""
    assert sitedir(tmp_path / "lib") == ""


def test_usage():
    r = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True)
    assert r.returncode == 2 and "usage" in r.stderr


def test_configured_pyexecdir():
    """When a package directory on sys.path lies under the prefix (e.g. Debian's Python and
    /usr/local), configure must have chosen one that is on sys.path."""
    prefix = os.environ.get("SC_PREFIX")
    pyexecdir = os.environ.get("SC_PYEXECDIR")
    if not prefix or not pyexecdir:
        pytest.skip("skipped: SC_PREFIX/SC_PYEXECDIR not set (run through make check)")
    prefix = os.path.realpath(prefix)
    on_path = [os.path.realpath(p) for p in sys.path if p and p.endswith("-packages")]
    under = [p for p in on_path if p.startswith(prefix.rstrip("/") + "/")]
    if under:
        assert os.path.realpath(pyexecdir) in on_path, (pyexecdir, under)
    else:
        # Nothing to find: AM_PATH_PYTHON's PREFIX/lib/pythonX.Y/site-packages stays.
        assert pyexecdir.startswith(prefix.rstrip("/") + "/lib/python"), pyexecdir
