"""The real Met ward-level file, read through Python, against the reference values of
$SC_SHARED_DATA/mps/EXPECTED.md (computed there independently with Python's csv module).
Skipped when the shared data is absent."""
import os
import pathlib

import pytest

import stalkcase as sc

SHARED = pathlib.Path(os.environ.get("SC_SHARED_DATA", "../shared/data"))
MET = SHARED / "mps" / "mps-ward-2024-01_2025-12.csv"

pytestmark = pytest.mark.skipif(not MET.is_file(), reason=f"skipped: {MET} absent")

MONTHLY = [4725, 4839, 4294, 4104, 4462, 4260, 4369, 4506, 4457, 4466, 4246, 4238,
           4265, 4321, 4746, 4410, 4815, 4920, 5469, 4973, 4846, 5499, 5146, 4945]


@pytest.fixture(scope="module")
def met():
    return sc.read_mps(MET)


def test_shape(met):
    assert met.info.rows == 18707
    assert met.totals().sum == 1794538
    assert len(met.totals(by="category")) == 33
    assert len({r.ward_code for r in met.totals(by="ward")}) <= 679


def test_monthly(met):
    t = met.totals(category="STALKING AND HARASSMENT")
    months = [f"{2024 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
    assert [tuple(r) for r in t] == list(zip(months, MONTHLY))
    assert met.totals(category="stalking and harassment", start="2024-01",
                      end="2024-12").sum == 52966
    assert t.sum == 111321


def test_tops_2025(met):
    kw = dict(category="STALKING AND HARASSMENT", start="2025-01", end="2025-12")
    b = met.totals(by="borough", **kw)
    assert [tuple(r) for r in b[:5]] == [("Tower Hamlets", 2690), ("Croydon", 2687),
                                         ("Newham", 2541), ("Lewisham", 2433),
                                         ("Ealing", 2321)]
    w = met.totals(by="ward", **kw)
    assert [tuple(r) for r in w[:5]] == [
        ("E05013806", "St James's", "Westminster", 442),
        ("E05013808", "West End", "Westminster", 308),
        ("E05011468", "Fairfield", "Croydon", 226),
        ("E05013724", "Hither Green", "Lewisham", 220),
        ("E05013633", "Colindale South", "Barnet", 212)]


def test_series_compare(met):
    s = met.series(categories=["STALKING AND HARASSMENT"])
    assert s.values() == MONTHLY
    cmp = s.compare(("2024-01", "2024-12"), ("2025-01", "2025-12"))
    assert (cmp.before.total, cmp.after.total) == (52966, 58355)
    assert cmp.ratio().estimate == pytest.approx(58355 / 52966)
