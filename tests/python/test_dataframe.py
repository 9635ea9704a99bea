"""Rows as dicts and pandas DataFrames (Counts, Totals, Casebook, Report.to_dict).

Expected values: the Met sample's cells read with Python's csv module (conftest.csv_cells);
the casebook sample's reports read with xml.etree.ElementTree. pandas is optional: the
DataFrame tests are skipped without it, and to_dataframe() then raises ImportError (tested by
hiding pandas).
"""
import os
import sys
import xml.etree.ElementTree as ET

import pytest

import stalkcase as sc
from gen_casebook import NS

from conftest import SRCDIR

CASEBOOK = SRCDIR / "examples" / "data" / "sample-casebook.xml"
Q = "{" + NS + "}"


def test_report_to_dict():
    r = sc.Report("r-1", offence="stalking", reported_at="2024-01-02T03:04:05+06:00",
                  ward_code="E1", victims=["v-1"], evidence=[sc.Evidence("e-1", "email")])
    d = r.to_dict()
    assert list(d) == list(sc.Report.DICT_FIELDS)
    assert (d["offence"], d["ward_code"], d["victims"], d["evidence"]) == (
        "stalking", "E1", ("v-1",), ("e-1",))
    assert d["cyber_element"] == "yes" and d["cyber_recorded"] is None
    assert sc.format_time(d["reported_at"]) == "2024-01-02T03:04:05+06:00"
    assert d["notes"] is None and d["relationship"] is None


def test_casebook_to_dicts_matches_elementtree():
    rows = sc.load(CASEBOOK).to_dicts()
    root = ET.parse(CASEBOOK).getroot()
    assert [(d["id"], d["ward_code"], d["offence"]) for d in rows] == [
        (r.get("id"), r.findtext(Q + "ward-code"), r.findtext(Q + "offence"))
        for r in root.iter(Q + "report")]


@pytest.mark.skipif(bool(os.environ.get("SC_TEST_WRAPPER")),
                    reason="under valgrind: importing pandas leaks its own module objects")
def test_dataframes(sample_path, sample_cells):
    pd = pytest.importorskip("pandas")
    counts = sc.read_mps(sample_path)
    df = counts.to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(sc.Cell._fields)
    cells, _ = sample_cells
    assert {tuple(row[:6]): row[6] for row in df.itertuples(index=False)} == cells
    by_month = counts.totals(by="month").to_dataframe()
    assert list(by_month.columns) == ["month", "count"]
    assert int(by_month["count"].sum()) == sum(cells.values())
    cb = sc.load(CASEBOOK).to_dataframe()
    assert len(cb) == 50 and list(cb.columns) == list(sc.Report.DICT_FIELDS)
    root = ET.parse(CASEBOOK).getroot()
    expected = {}
    for r in root.iter(Q + "report"):
        o = r.findtext(Q + "offence")
        expected[o] = expected.get(o, 0) + 1
    assert cb["offence"].value_counts().to_dict() == expected


def test_without_pandas(monkeypatch, sample_path):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(ImportError, match="pandas"):
        sc.read_mps(sample_path).to_dataframe()
    with pytest.raises(ImportError, match="to_dicts"):
        sc.Casebook().to_dataframe()
