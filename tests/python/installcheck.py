"""installcheck.py VERSION PKGPARENT INCLUDEDIR - checks the installed Python package.

Run by tests/python/installcheck.sh (`make installcheck`, which `make distcheck` runs, and
`make check-install`) with the interpreter and environment an installed user would have.
Checks that:
  - `import stalkcase` takes the package from PKGPARENT/stalkcase (the installed copy, not the
    build tree), with its extension _stalkcase beside it;
  - stalkcase.__version__ and sc_version() equal VERSION (configure's AC_INIT version, passed
    by make);
  - help() shows real documentation: every class in stalkcase.__all__ has a docstring of its
    own (named tuples without one are listed: help() shows their fields); the classes of the
    model (Counts and, once the case-record API is wrapped, Casebook, Report, Victim,
    Evidence) document every public method and property too; and every wrapped C function's
    docstring contains the first words of its comment in the installed header under
    INCLUDEDIR/stalkcase (the docstrings come from `swig -doxygen`).
Prints one line per check and ends with "N passed, N failed"; exit status 1 on any failure.
"""
import inspect
import pathlib
import pydoc
import re
import sys

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok: {what}")
    else:
        failed += 1
        print(f"FAIL: {what}")


def words(text, n=None):
    w = re.sub(r"\s+", " ", text).strip().split(" ")
    return w if n is None else w[:n]


def header_comments(incdir):
    """{function name: text of its /** ... */ comment} from the installed headers."""
    out = {}
    for h in sorted(pathlib.Path(incdir, "stalkcase").glob("*.h")):
        text = h.read_text(encoding="utf-8")
        for m in re.finditer(r"/\*\*((?:(?!\*/).)*)\*/\s*SC_API\b[^;(]*?\b(sc_\w+)\s*\(",
                             text, re.S):
            body = re.sub(r"^\s*\*\s?", "", m.group(1), flags=re.M)
            lead = body.split("@", 1)[0].strip()
            if not lead and "@return" in body:  # a comment of only "@return ..."
                lead = body.split("@return", 1)[1].split("@", 1)[0]
            out[m.group(2)] = lead
    return out


def own_doc(obj):
    """The object's own docstring ("" for a made-up named-tuple one)."""
    d = obj.__dict__.get("__doc__") or ""
    if issubclass(obj, tuple) and hasattr(obj, "_fields") and \
            d.startswith(f"{obj.__name__}("):
        return ""
    return d.strip()


def public_members(cls):
    for name, v in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(v, (property, staticmethod, classmethod)) or inspect.isfunction(v):
            yield name, v


def member_doc(v):
    if isinstance(v, (staticmethod, classmethod)):
        v = v.__func__
    return (v.__doc__ or "").strip()


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: installcheck.py VERSION PKGPARENT INCLUDEDIR\n")
        return 2
    version, parent, incdir = argv[1], pathlib.Path(argv[2]).resolve(), argv[3]

    try:
        import stalkcase
        from stalkcase import stalkcase_swig as low
    except ImportError as e:
        check(False, f"import stalkcase: {e}")
        print(f"{passed} passed, {failed} failed")
        return 1
    pkg = pathlib.Path(stalkcase.__file__).resolve().parent
    check(pkg == parent / "stalkcase", f"stalkcase imported from {pkg} (want {parent}/stalkcase)")
    ext = pathlib.Path(low._stalkcase.__file__).resolve()
    check(ext.parent == parent / "stalkcase", f"extension {ext}")
    check(stalkcase.__version__ == version, f"__version__ {stalkcase.__version__!r} == {version!r}")
    check(low.sc_version() == version, f"sc_version() {low.sc_version()!r} == {version!r}")

    # help(): class docstrings (named tuples without one of their own are only listed: help()
    # still shows their fields).
    undocumented, tuples = [], []
    for name in stalkcase.__all__:
        obj = getattr(stalkcase, name)
        if inspect.isclass(obj) and len(own_doc(obj)) < 15:
            (tuples if hasattr(obj, "_fields") else undocumented).append(name)
    check(not undocumented, "every class in __all__ but named tuples has a docstring"
          + (": missing for " + ", ".join(undocumented) if undocumented else ""))
    if tuples:
        print("note: named tuples without a docstring of their own: " + ", ".join(tuples))

    model = ["Counts"]
    if hasattr(low, "sc_casebook_new") or hasattr(stalkcase, "Casebook"):
        model += ["Casebook", "Report", "Victim", "Evidence"]
    for name in model:
        cls = getattr(stalkcase, name, None)
        if cls is None:
            check(False, f"stalkcase.{name} exists")
            continue
        text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
        doc = own_doc(cls)
        first = doc.split("\n", 1)[0].strip()
        check(len(doc) >= 40 and first in text,
              f"help(stalkcase.{name}) shows its docstring ({len(doc)} characters)")
        bare = [m for m, v in public_members(cls) if len(member_doc(v)) < 10]
        members = sum(1 for _ in public_members(cls))
        check(members > 0 and not bare,
              f"stalkcase.{name}: {members} public methods and properties documented"
              + (", not: " + ", ".join(bare) if bare else ""))

    # The C functions' docstrings come from the installed headers' comments.
    comments = header_comments(incdir)
    check(len(comments) > 50, f"{len(comments)} documented functions in {incdir}/stalkcase")
    wrapped = [n for n in comments if callable(getattr(low, n, None))]
    bad = []
    for n in wrapped:
        want = " ".join(words(comments[n], 6))
        if want not in " ".join(words(getattr(low, n).__doc__ or "")):
            bad.append(n)
    check(len(wrapped) > 50 and not bad,
          f"{len(wrapped)} wrapped C functions carry their header comment (help())"
          + (": not " + ", ".join(bad) if bad else ""))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
