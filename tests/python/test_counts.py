"""Counts, totals and the Met CSV import, checked against Python's csv module."""
import os
import pathlib
import threading

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low

STALKING = "STALKING AND HARASSMENT"


def test_read_sample_cells(sample_path, sample_cells):
    expected, months = sample_cells
    c = sc.read_mps(sample_path)
    assert len(c) == len(expected)
    got = {tuple(cell[:6]): cell.count for cell in c}
    assert got == expected
    assert c.coverage == (months[0], months[-1])
    assert c.info == sc.ImportInfo(25, len(months), months[0], months[-1])
    first = next(iter(c))
    assert isinstance(first, sc.Cell) and first._fields[-1] == "count"
    dicts = c.to_dicts()
    assert len(dicts) == len(expected) and set(dicts[0]) == set(sc.Cell._fields)


def test_pathlike_str_bytes(sample_path):
    a = sc.read_mps(pathlib.Path(sample_path))
    b = sc.read_mps(str(sample_path))
    d = sc.read_mps(os.fsencode(str(sample_path)))
    e = sc.read_mps_bytes(pathlib.Path(sample_path).read_bytes())
    f = sc.read_mps_bytes(memoryview(bytearray(pathlib.Path(sample_path).read_bytes())))
    assert a == b == d == e == f
    with pytest.raises(TypeError):
        sc.read_mps(42)


def test_totals_by_month(sample_path, sample_cells):
    expected, months = sample_cells
    c = sc.read_mps(sample_path)
    t = c.totals(by="month", category="stalking and harassment")
    want = {m: 0 for m in months}
    for k, n in expected.items():
        if k[4] == STALKING:
            want[k[5]] += n
    assert [tuple(r) for r in t] == list(want.items())
    assert t.by == sc.Group.MONTH and len(t) == len(months)
    assert t.sum == sum(want.values())
    assert t[0] == sc.MonthTotal(months[0], want[months[0]])
    assert t[-1].month == months[-1]
    with pytest.raises(IndexError):
        t[len(t)]
    assert t.to_dicts()[0] == {"month": months[0], "count": want[months[0]]}


def test_totals_range_and_groups(sample_path, sample_cells):
    expected, _ = sample_cells
    c = sc.read_mps(sample_path)
    t = c.totals(by="borough", category=STALKING, start="2025-01", end="2025-12")
    want = {}
    for k, n in expected.items():
        if k[4] == STALKING and "2025-01" <= k[5] <= "2025-12":
            want[k[2]] = want.get(k[2], 0) + n
    rows = sorted(want.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [tuple(r) for r in t] == rows
    assert isinstance(t[0], sc.BoroughTotal)
    w = c.totals(by="ward")
    assert isinstance(w[0], sc.WardTotal) and w.sum == sum(expected.values())
    cat = c.totals(by=sc.Group.CATEGORY)
    assert isinstance(cat[0], sc.CategoryTotal) and cat.sum == sum(expected.values())
    with pytest.raises(ValueError):
        c.totals(by="year")
    with pytest.raises(sc.InvalidArgumentError):
        c.totals(start="2025-02", end="2025-01")
    with pytest.raises(sc.DataError):
        c.totals(start="2025")


def test_build_merge_equal():
    a, b, whole = sc.Counts(), sc.Counts(), sc.Counts()
    rows = [("E1", "Wärd ☃", "Böro", "Major", "Minor", "2024-01", 3),
            ("E2", "W2", "B2", "MAJOR", "MINOR", "2024-02", 5),
            ("E1", "Wärd ☃", "Böro", "major", "minor", "2024-01", 4)]
    for i, r in enumerate(rows):
        (a if i % 2 == 0 else b).add(*r)
        whole.add(*r)
    assert a != whole
    a.merge(b)
    assert a == whole and not (a != whole)
    assert a.get("E1", "Wärd ☃", "Böro", "MAJOR", "minor", "2024-01") == 7
    assert a.get("E9", "", "", "", "", "2024-01") == 0
    assert a.has_category("minor") and not a.has_category("other")
    assert {cell.ward_name for cell in a} == {"Wärd ☃", "W2"}  # non-ASCII round trip
    assert len(a) == 2
    with pytest.raises(sc.InvalidArgumentError):
        a.merge(a)
    with pytest.raises(TypeError):
        a.merge(object())
    assert (a == 3) is False
    with pytest.raises(TypeError):
        hash(a)


def test_coverage():
    c = sc.Counts()
    assert c.coverage is None
    c.cover("2024-01", "2024-03")
    assert c.covers("2024-02") and not c.covers("2024-04")
    assert c.coverage == ("2024-01", "2024-03")
    import datetime
    assert c.covers(datetime.date(2024, 3, 15))
    assert [tuple(r) for r in c.totals()] == [("2024-01", 0), ("2024-02", 0), ("2024-03", 0)]
    with pytest.raises(sc.InvalidArgumentError):
        c.cover("2024-05", "2024-04")


def test_add_bad_utf8_never_reaches_c():
    c = sc.Counts()
    with pytest.raises(UnicodeEncodeError):
        c.add("\udcff", "", "", "", "", "2024-01", 1)
    assert len(c) == 0


def test_mps_bad_files(test_data):
    bad = test_data / "mps" / "bad"
    for name, cls in [("count-overflow.csv", sc.OverflowError), ("empty.csv", sc.DataError),
                      ("bad-utf8.csv", sc.ParseError), ("nul-byte.csv", sc.ParseError),
                      ("stray-quote.csv", sc.ParseError), ("too-many.csv", sc.DataError)]:
        with pytest.raises(cls) as info:
            sc.read_mps(bad / name)
        assert info.value.source.endswith(name), name
    for p in sorted((test_data / "mps" / "good").iterdir()):
        assert isinstance(sc.read_mps(p), sc.Counts)


def test_threads_share_a_table(sample_path):
    c = sc.read_mps(sample_path)
    want = c.totals().sum
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(c.totals().sum)
                c.add("E0", "", "", "X", "Y", "2024-01", 0)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [want] * 80


def test_low_level_read(sample_path):
    c, info = low.sc_mps_read_path(sample_path)
    assert info[0] == 25 and low.sc_counts_size(c) > 0
    d, info2 = low.sc_mps_read_buffer(sample_path.read_bytes(), "mem")
    assert info2 == info and low.sc_counts_equal(c, d) is True


def test_low_level_counts():
    c = low.sc_counts_new()
    m = low.sc_month_make(2024, 1)
    assert low.sc_counts_add(c, "E1", "W", "B", "M", "m", m, 2) is None
    assert low.sc_counts_get(c, "E1", "W", "B", "M", "m", m) == 2
    assert low.sc_counts_size(c) == 1
    assert low.sc_counts_covers(c, m) is True
    assert low.sc_counts_has_category(c, "M") is True
    assert low.sc_counts_cover(c, m, m + 2) is None
    assert low.sc_counts_coverage(c) == [m, m + 2]
    assert low.sc_counts_equal(c, c) is True
    d = low.sc_counts_new()
    low.sc_counts_merge(d, c)
    t = low.sc_counts_totals(d, low.SC_GROUP_MONTH, None)
    assert low.sc_totals_size(t) == 3 and low.sc_totals_sum(t) == 2
    assert low.sc_totals_group(t) == low.SC_GROUP_MONTH
    assert low.sc_totals_get(t, 0) == (None, None, None, None, None, "2024-01", 2)
    assert low.sc_totals_get(t, 3) is None
