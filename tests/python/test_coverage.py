"""Every public C function (SC_API in include/stalkcase/*.h) is wrapped in
stalkcase.stalkcase_swig or listed below with the reason it is not; and every wrapped
function is exercised by name somewhere in tests/python."""
import os
import pathlib
import re

from stalkcase import stalkcase_swig as low

HERE = pathlib.Path(__file__).resolve().parent
SRCDIR = pathlib.Path(os.environ.get("top_srcdir", HERE.parents[1]))
HEADERS = sorted((SRCDIR / "include" / "stalkcase").glob("*.h"))

#: Not wrapped on purpose, with the reason.
EXCLUDED = {
    "sc_error_clear": "internal: the binding clears the sc_error of each call itself",
    "sc_error_format": "internal: makes str() of every stalkcase.Error",
    "sc_free": "internal: frees the SVG buffer of sc_chart_write_buffer once copied",
    "sc_counts_foreach": "callback API: wrapped as sc_py_counts_cells / iter(Counts)",
    "sc_mps_read_file": "FILE * streams do not map to Python files: use read_mps(path) or "
                        "read_mps_bytes(f.read())",
    "sc_xml_write_file": "FILE * streams do not map to Python files: use Casebook.write(path) "
                         "or Casebook.to_bytes()",
    "sc_casebook_foreach_report": "callback API: iteration by index (sc_casebook_report) in "
                                  "iter(Casebook)",
    "sc_casebook_foreach_victim": "callback API: iteration by index (sc_casebook_victim) in "
                                  "Casebook.victims()",
}


def public_functions():
    names = {}
    for h in HEADERS:
        text = h.read_text(encoding="utf-8")
        for m in re.finditer(r"\bSC_API\b[^;(]*?\b(sc_\w+)\s*\(", text):
            names[m.group(1)] = h.name
    return names


def test_headers_found():
    assert len(HEADERS) >= 10, f"no headers under {SRCDIR}"
    assert len(public_functions()) > 100


def test_every_function_wrapped_or_excluded():
    missing = []
    for name, header in sorted(public_functions().items()):
        if hasattr(low, name):
            assert name not in EXCLUDED, f"{name} is wrapped: drop it from EXCLUDED"
            continue
        if name in EXCLUDED:
            continue
        missing.append(f"{name} ({header})")
    assert not missing, "neither wrapped nor excluded: " + ", ".join(missing)


def test_exclusions_exist():
    names = public_functions()
    for name in EXCLUDED:
        assert name in names, f"{name} is excluded but not in the headers"


def test_every_wrapped_function_tested():
    tests = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py")
                    if p.name != "test_coverage.py")
    untested = [n for n in public_functions() if hasattr(low, n)
                and not re.search(r"\b" + n + r"\b", tests)]
    assert not untested, "wrapped but never called by name in tests/python: " + \
        ", ".join(sorted(untested))
