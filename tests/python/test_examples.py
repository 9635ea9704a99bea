"""The Python examples (examples/python/*.py), run as a user would run them, each in its own
interpreter, on the bundled sample data (and on the real Met file when $SC_SHARED_DATA has it).

Every expected value is computed here without the library: Met CSV totals with Python's csv
module (conftest.csv_cells), casebook figures by reading the XML with xml.etree, Wilson
intervals by their closed formula (Wilson 1927; Newcombe 1998, method 3) with z from
statistics.NormalDist, PNG sizes from the IHDR chunk (PNG specification, section 11.2.2) and
plotted colours with matplotlib's own PNG reader.
"""
import csv
import gzip
import importlib.util
import math
import os
import pathlib
import shutil
import statistics
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import stalkcase
from conftest import SRCDIR, csv_cells

SRC = SRCDIR.resolve()
EXAMPLES = SRC / "examples" / "python"
SAMPLE_CSV = SRC / "examples" / "data" / "mps-ward-sample.csv"
SAMPLE_CASEBOOK = SRC / "examples" / "data" / "sample-casebook.xml"
MY_REPORTS = EXAMPLES / "my-reports.csv"
SHARED = pathlib.Path(os.environ.get("SC_SHARED_DATA", "../shared/data")).resolve()
MET = SHARED / "mps" / "mps-ward-2024-01_2025-12.csv"
NS = "{urn:libstalkcase:stalkcase:1}"
DIGITAL_KINDS = {"text-message", "messaging-app", "email", "social-media", "phone-call",
                 "gps-tracker", "spyware", "account-compromise", "impersonation",
                 "image-based-abuse", "doxxing", "smart-device"}  # docs/format.md: all but other

#: matplotlib is only looked for here (importing it under valgrind would be slow): the
#: scripts and the PNG check import it in their own interpreters.
HAVE_MPL = importlib.util.find_spec("matplotlib") is not None

needs_casebook = pytest.mark.skipif(
    not hasattr(stalkcase, "Casebook"),
    reason="skipped: stalkcase.Casebook is not in this build of the bindings yet")


def run(script, *args, env=None, cwd=None):
    return subprocess.run([sys.executable, str(EXAMPLES / script), *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


# ------------------------------------------------------------------ met_trend.py

def csv_monthly(path, category="STALKING AND HARASSMENT", borough=None):
    """{month: count} of a category (major or minor text, case-insensitive) over the file."""
    cells, months = csv_cells(path)
    out = {m: 0 for m in months}
    for (code, ward, bor, major, minor, month), n in cells.items():
        if category.upper() in (major.upper(), minor.upper()) and \
                (borough is None or bor == borough):
            out[month] += n
    return out


def parse_trend(stdout):
    """{month: (count, 12-month mean as printed or None)} and the total of met_trend's
    table."""
    rows, total = {}, None
    for line in stdout.splitlines():
        f = line.split()
        if len(f) >= 2 and len(f[0]) == 7 and f[0][4] == "-":
            rows[f[0]] = (int(f[1]), f[2] if len(f) > 2 else None)
        elif f and f[0] == "total":
            total = int(f[1])
    return rows, total


def check_trend(stdout, expected):
    rows, total = parse_trend(stdout)
    months = sorted(expected)
    assert list(rows) == months
    assert {m: c for m, (c, _) in rows.items()} == expected
    for i, m in enumerate(months):
        mean = rows[m][1]
        if i < 11:
            assert mean is None, m
        else:
            want = sum(expected[k] for k in months[i - 11:i + 1]) / 12
            assert mean == f"{want:.1f}", m
    assert total == sum(expected.values())


def png_size(path):
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


COLOURS = """
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.image
img = matplotlib.image.imread(sys.argv[1])[..., :3]
for arg in sys.argv[2:]:
    want = [int(arg[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    hit = ((abs(img[..., 0] - want[0]) <= 2 / 255) & (abs(img[..., 1] - want[1]) <= 2 / 255)
           & (abs(img[..., 2] - want[2]) <= 2 / 255)).any()
    print(arg, "yes" if hit else "no")
"""


def check_png(path):
    """Size from the IHDR chunk; the two line colours of met_trend.py present somewhere in
    the picture (matplotlib's PNG reader, in a child interpreter)."""
    assert png_size(path) == (1000, 500)  # figsize 10 x 5 in at 100 dpi
    r = subprocess.run([sys.executable, "-c", COLOURS, str(path), "08519c", "d94801"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["08519c", "yes", "d94801", "yes"], "a line is missing"


def test_met_trend_sample(tmp_path):
    out = tmp_path / "trend.png"
    expected = csv_monthly(SAMPLE_CSV)
    assert sum(expected.values()) == 934  # examples/data/README.md
    if not HAVE_MPL:
        r = run("met_trend.py", "--no-plot", SAMPLE_CSV)
        assert r.returncode == 0, r.stderr
        check_trend(r.stdout, expected)
        pytest.skip("skipped: the PNG (python3-matplotlib is not installed)")
    r = run("met_trend.py", "-o", out, SAMPLE_CSV)
    assert r.returncode == 0, r.stderr
    check_trend(r.stdout, expected)
    assert f"wrote {out}" in r.stdout
    check_png(out)


def test_met_trend_borough_and_category():
    r = run("met_trend.py", "--no-plot", "--borough", "Larkmoor", SAMPLE_CSV)
    assert r.returncode == 0, r.stderr
    expected = csv_monthly(SAMPLE_CSV, borough="Larkmoor")
    assert sum(expected.values()) == 387  # examples/data/README.md
    check_trend(r.stdout, expected)
    r = run("met_trend.py", "--no-plot", "--category", "burglary", SAMPLE_CSV)
    assert r.returncode == 0, r.stderr
    check_trend(r.stdout, csv_monthly(SAMPLE_CSV, category="BURGLARY"))


def test_met_trend_no_plot_writes_nothing(tmp_path):
    r = run("met_trend.py", "--no-plot", SAMPLE_CSV, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert list(tmp_path.iterdir()) == []
    assert "wrote" not in r.stdout


def test_met_trend_without_matplotlib(tmp_path):
    """A matplotlib that cannot be imported (a stand-in package first on PYTHONPATH): the
    script says what to install and exits with status 3, writing nothing."""
    fake = tmp_path / "fake" / "matplotlib"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(fake.parent), env.get("PYTHONPATH", "")])
    r = run("met_trend.py", "-o", tmp_path / "t.png", SAMPLE_CSV, env=env)
    assert r.returncode == 3
    assert "matplotlib is not installed" in r.stderr
    assert "apt-get install python3-matplotlib" in r.stderr
    assert not (tmp_path / "t.png").exists()
    assert r.stdout == ""


def test_met_trend_errors(tmp_path):
    r = run("met_trend.py", "--no-plot", tmp_path / "absent.csv")
    assert r.returncode == 1 and "absent.csv" in r.stderr
    r = run("met_trend.py", "--no-plot", "--category", "NO SUCH CATEGORY", SAMPLE_CSV)
    assert r.returncode == 1 and "NO SUCH CATEGORY" in r.stderr
    # an unknown borough is named as such, with the file's boroughs (read with csv here)
    r = run("met_trend.py", "--no-plot", "--borough", "Nowhere", SAMPLE_CSV)
    assert r.returncode == 1 and "no borough 'Nowhere' in the file" in r.stderr
    with open(SAMPLE_CSV, newline="", encoding="utf-8-sig") as f:
        boroughs = {row["LookUp_BoroughName"] for row in csv.DictReader(f)}
    assert all(b in r.stderr for b in boroughs)
    bad = tmp_path / "bad.csv"
    bad.write_text("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401\n"
                   "A,B,W,E05000001,X,many\n")
    r = run("met_trend.py", "--no-plot", bad)
    assert r.returncode == 1 and "bad.csv:2" in r.stderr
    r = run("met_trend.py")
    assert r.returncode == 2


@pytest.mark.skipif(not MET.is_file(), reason=f"skipped: {MET} absent")
def test_met_trend_real(tmp_path):
    expected = csv_monthly(MET)
    # $SC_SHARED_DATA/mps/EXPECTED.md: 2024-01 4725, 2025-12 4945, 24 months 111321.
    assert (expected["2024-01"], expected["2025-12"], sum(expected.values())) == \
        (4725, 4945, 111321)
    out = tmp_path / "met.png"
    args = ("-o", out, MET) if HAVE_MPL else ("--no-plot", MET)
    r = run("met_trend.py", *args)
    assert r.returncode == 0, r.stderr
    check_trend(r.stdout, expected)
    if HAVE_MPL:
        check_png(out)


# ------------------------------------------------------------------ cyber_share.py

def xml_reports(path):
    """[(id, 'YYYY-MM' of reported-at's local date, offence, borough, cyber)] read with
    xml.etree; cyber derived as docs/format.md says (digital evidence, else the recorded
    value, else unknown)."""
    opener = gzip.open if pathlib.Path(path).read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        root = ET.parse(f).getroot()
    out = []
    for r in root.iter(NS + "report"):
        kinds = [e.findtext(NS + "kind") for e in r.iter(NS + "evidence")]
        recorded = r.findtext(NS + "cyber-element")
        cyber = "yes" if any(k in DIGITAL_KINDS for k in kinds) else (recorded or "unknown")
        out.append((r.get("id"), r.findtext(NS + "reported-at")[:7], r.findtext(NS + "offence"),
                    r.findtext(NS + "borough"), cyber))
    return out


def wilson(k, n, level=0.95):
    z = statistics.NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return p, max(0.0, centre - half), min(1.0, centre + half)


def expected_shares(reports, level=0.95):
    by = {}
    for _, month, _, _, cyber in reports:
        by.setdefault(month, {"yes": 0, "no": 0, "unknown": 0})[cyber] += 1
    rows = [(m, c["yes"], c["no"], c["unknown"]) for m, c in sorted(by.items())]
    rows.append(("all",) + tuple(sum(r[i] for r in rows) for i in (1, 2, 3)))
    return [(m, y, no, u, y + no + u) + wilson(y, y + no + u, level) for m, y, no, u in rows]


def check_shares(stdout, expected):
    rows = list(csv.reader(stdout.splitlines()))
    assert rows[0] == ["month", "yes", "no", "unknown", "reports", "share", "low", "high"]
    got = rows[1:]
    assert [r[0] for r in got] == [e[0] for e in expected]
    for g, e in zip(got, expected):
        assert [int(x) for x in g[1:5]] == list(e[1:5]), g[0]
        assert [float(x) for x in g[5:]] == pytest.approx(list(e[5:]), abs=1e-9), g[0]


@needs_casebook
def test_cyber_share_sample():
    reports = xml_reports(SAMPLE_CASEBOOK)
    assert len(reports) == 50  # examples/data/README.md
    r = run("cyber_share.py", "--csv")  # the default casebook is the sample
    assert r.returncode == 0, r.stderr
    expected = expected_shares(reports)
    check_shares(r.stdout, expected)
    # The sample's totals as `stalkcase stats --by cyber` prints them: 43 yes, 5 no, 2 unknown.
    assert expected[-1][1:5] == (43, 5, 2, 50)


@needs_casebook
def test_cyber_share_table_level_and_filters(tmp_path):
    reports = xml_reports(SAMPLE_CASEBOOK)
    r = run("cyber_share.py", SAMPLE_CASEBOOK)
    assert r.returncode == 0, r.stderr
    last = r.stdout.splitlines()[-1].split()
    e = expected_shares(reports)[-1]
    assert last[:3] == ["all", str(e[1]), str(e[4])]
    assert last[3] == f"{e[5]:.1%}" and last[4] == f"{e[6]:.1%}" and last[6] == f"{e[7]:.1%}"

    r = run("cyber_share.py", "--csv", "--level", "0.9", SAMPLE_CASEBOOK)
    assert r.returncode == 0, r.stderr
    check_shares(r.stdout, expected_shares(reports, 0.9))

    stalking = [x for x in reports if x[2] == "stalking"]
    assert stalking
    r = run("cyber_share.py", "--csv", "--offence", "stalking", SAMPLE_CASEBOOK)
    assert r.returncode == 0, r.stderr
    check_shares(r.stdout, expected_shares(stalking))

    larkmoor = [x for x in reports if x[3] == "Larkmoor"]
    assert larkmoor
    r = run("cyber_share.py", "--csv", "--borough", "Larkmoor", SAMPLE_CASEBOOK)
    assert r.returncode == 0, r.stderr
    check_shares(r.stdout, expected_shares(larkmoor))

    gz = tmp_path / "sample.xml.gz"
    with open(SAMPLE_CASEBOOK, "rb") as f, gzip.open(gz, "wb") as g:
        shutil.copyfileobj(f, g)
    r = run("cyber_share.py", "--csv", gz)
    assert r.returncode == 0, r.stderr
    check_shares(r.stdout, expected_shares(reports))


@needs_casebook
def test_cyber_share_errors(tmp_path):
    r = run("cyber_share.py", tmp_path / "absent.xml")
    assert r.returncode == 1 and "absent.xml" in r.stderr
    bad = tmp_path / "bad.xml"
    bad.write_text('<casebook xmlns="urn:libstalkcase:stalkcase:1"><report id="r"></casebook>')
    r = run("cyber_share.py", bad)
    assert r.returncode == 1 and "bad.xml:1" in r.stderr
    r = run("cyber_share.py", "--offence", "burglary")
    assert r.returncode == 2 and "stalking" in r.stderr
    r = run("cyber_share.py", "--borough", "Nowhere")
    assert r.returncode == 1 and "no report" in r.stderr
    r = run("cyber_share.py", "--level", "1.5")
    assert r.returncode == 2


# ------------------------------------------------------------------ casebook_from_csv.py

def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def row_cyber(row):
    kinds = [s.split(":", 1)[0] for s in row["evidence"].split(";") if s.strip()]
    if any(k in DIGITAL_KINDS for k in kinds):
        return "yes"
    return row["cyber_recorded"] or "unknown"


def expected_summary(rows):
    """The summary lines computed from the CSV rows."""
    victims = list(dict.fromkeys(r["victim_id"] for r in rows))
    n_ev = sum(len([s for s in r["evidence"].split(";") if s.strip()]) for r in rows)
    offences, months, cyber = {}, {}, {"yes": 0, "no": 0, "unknown": 0}
    for r in rows:
        offences[r["offence"]] = offences.get(r["offence"], 0) + 1
        m = r["reported_at"][:7]  # the local date's month: the text before the offset
        months[m] = months.get(m, 0) + 1
        cyber[row_cyber(r)] += 1
    return [f"{len(rows)} reports, {len(victims)} victims, {n_ev} evidence items",
            "reports by offence: " + ", ".join(f"{k} {v}" for k, v in sorted(offences.items())),
            "reports by month: " + ", ".join(f"{k} {v}" for k, v in sorted(months.items())),
            "cyber element: " + ", ".join(f"{k} {cyber[k]}" for k in ("yes", "no", "unknown"))]


def check_written(path, rows):
    """The file written, read with xml.etree, holds the CSV's records."""
    import datetime
    data = pathlib.Path(path).read_bytes()
    root = ET.fromstring(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    assert root.tag == NS + "casebook"
    victims = root.findall(NS + "victim")
    assert [v.get("id") for v in victims] == list(dict.fromkeys(r["victim_id"] for r in rows))
    first = {}
    for r in rows:
        first.setdefault(r["victim_id"], r)
    for v in victims:
        src = first[v.get("id")]
        assert v.findtext(NS + "channel") == (src["victim_channel"] or None)
        assert v.findtext(NS + "risk") == (src["victim_risk"] or None)
    reports = root.findall(NS + "report")
    assert [x.get("id") for x in reports] == [r["report_id"] for r in rows]
    for x, r in zip(reports, rows):
        got = datetime.datetime.fromisoformat(x.findtext(NS + "reported-at").replace("Z", "+00:00"))
        want = datetime.datetime.fromisoformat(r["reported_at"].replace("Z", "+00:00"))
        assert got == want and got.utcoffset() == want.utcoffset(), r["report_id"]
        for col, el in (("offence", "offence"), ("ward_code", "ward-code"),
                        ("ward_name", "ward-name"), ("borough", "borough"),
                        ("relationship", "relationship"), ("cyber_recorded", "cyber-element")):
            assert x.findtext(NS + el) == (r[col] or None), (r["report_id"], col)
        assert [v.text for v in x.findall(NS + "victim-ref")] == [r["victim_id"]]
        items = [s.strip() for s in r["evidence"].split(";") if s.strip()]
        ev = x.findall(NS + "evidence")
        assert [e.get("id") for e in ev] == [f"{r['report_id']}-e{i}"
                                             for i in range(1, len(items) + 1)]
        for e, item in zip(ev, items):
            kind, _, platform = item.partition(":")
            assert e.findtext(NS + "kind") == kind
            assert e.findtext(NS + "platform") == (platform or None)


@needs_casebook
@pytest.mark.parametrize("name", ["cb.xml", "cb.xml.gz"])
def test_casebook_from_csv(tmp_path, name):
    rows = csv_rows(MY_REPORTS)
    assert len(rows) == 14
    out = tmp_path / name
    r = run("casebook_from_csv.py", "-o", out)  # the default CSV is my-reports.csv
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    want = expected_summary(rows)
    assert lines[0] == f"built from {MY_REPORTS}: {want[0]}"
    size = out.stat().st_size
    assert lines[1] == f"wrote {out} ({size} bytes{', gzip' if name.endswith('.gz') else ''})"
    assert lines[2] == "read back: identical to the casebook built: yes"
    assert lines[3:] == want
    # By hand from my-reports.csv: 9 reports with digital evidence or "yes", 3 "no", 2 unknown;
    # r-110 (2024-07-01T00:30+01:00, 2024-06-30 in UTC) counts in July.
    assert want[3] == "cyber element: yes 9, no 3, unknown 2"
    assert "2024-07 2" in want[2] and "2024-06" not in want[2]
    data = out.read_bytes()
    assert (data[:2] == b"\x1f\x8b") == name.endswith(".gz")
    check_written(out, rows)


@needs_casebook
def test_casebook_from_csv_own_file(tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text("report_id,reported_at,offence,ward_code,ward_name,borough,relationship,"
                   "cyber_recorded,victim_id,victim_channel,victim_risk,evidence\n"
                   "a-1,2025-03-30T00:30:00+00:00,stalking,,Søndre Øst,,,no,w-1,,,"
                   "other:paper letter\n"
                   "a-2,2025-03-30T23:30:00+01:00,harassment,E05900001,,,,,w-1,,,\n",
                   encoding="utf-8")
    rows = csv_rows(src)
    out = tmp_path / "mine.xml"
    r = run("casebook_from_csv.py", "-o", out, src)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[3:] == expected_summary(rows)
    assert expected_summary(rows)[3] == "cyber element: yes 0, no 1, unknown 1"
    check_written(out, rows)


@needs_casebook
def test_casebook_from_csv_errors(tmp_path):
    header = ("report_id,reported_at,offence,ward_code,ward_name,borough,relationship,"
              "cyber_recorded,victim_id,victim_channel,victim_risk,evidence\n")
    cases = {
        "offence.csv": (header + "r-1,2024-01-01T10:00:00Z,stalking,,,,,,v-1,,,\n"
                        "r-2,2024-01-02T10:00:00Z,burglary,,,,,,v-2,,,\n", ":3: offence"),
        "naive.csv": (header + "r-1,2024-01-01T10:00:00,stalking,,,,,,v-1,,,\n", ":2: "),
        "kind.csv": (header + "r-1,2024-01-01T10:00:00Z,stalking,,,,,,v-1,,,letter\n",
                     ":2: evidence"),
        "victim.csv": (header + "r-1,2024-01-01T10:00:00Z,stalking,,,,,,v-1,police,,\n"
                       "r-2,2024-01-02T10:00:00Z,stalking,,,,,,v-1,helpline,,\n", ":3: victim"),
        "columns.csv": ("report_id,reported_at\nr-1,2024-01-01T10:00:00Z\n", ":1: missing"),
        "duplicate.csv": (header + "r-1,2024-01-01T10:00:00Z,stalking,,,,,,v-1,,,\n"
                          "r-1,2024-01-02T10:00:00Z,stalking,,,,,,v-1,,,\n", "r-1"),
    }
    for name, (text, message) in cases.items():
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        out = tmp_path / (name + ".xml")
        r = run("casebook_from_csv.py", "-o", out, src)
        assert r.returncode == 1, (name, r.stdout, r.stderr)
        assert message in r.stderr, (name, r.stderr)
        assert not out.exists(), name
    r = run("casebook_from_csv.py", "-o", tmp_path / "no" / "such" / "dir.xml")
    assert r.returncode == 1 and "dir.xml" in r.stderr
    r = run("casebook_from_csv.py", tmp_path / "absent.csv")
    assert r.returncode == 1 and "absent.csv" in r.stderr
