"""Series, year-on-year changes and comparisons on a small table built here."""
import math

import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low


def table():
    c = sc.Counts()
    # 2019-01 .. 2021-12: ward E1 in borough A gets 10 a month, E2 in B gets month index.
    c.cover("2019-01", "2021-12")
    for i in range(36):
        m = sc.make_month(2019 + i // 12, i % 12 + 1)
        c.add("E1", "W1", "A", "VAP", "STALKING AND HARASSMENT", m, 10)
        c.add("E2", "W2", "B", "VAP", "OTHER", m, i)
    return c


def test_values_and_sums():
    s = table().series(categories=["stalking and harassment"], breaks=sc.Breaks())
    assert s.span == ("2019-01", "2021-12") and len(s) == 36
    assert s.value("2020-05") == 10
    assert s.sum() == sc.SeriesSum(360, 36)
    assert s.sum("2019-01", "2019-12") == (120, 12)
    assert s.months()[0] == "2019-01" and s.values() == [10] * 36
    assert s.covers("2019-01") and not s.covers("2018-12")
    assert s.breaks == ()
    with pytest.raises(sc.InvalidArgumentError):
        s.value("2022-01")
    assert s.to_dicts()[0] == {"month": "2019-01", "value": 10}


def test_missing_months():
    c = sc.Counts()
    c.add("E1", "W", "B", "M", "m", "2024-01", 4)
    c.add("E1", "W", "B", "M", "m", "2024-03", 6)
    s = c.series()
    assert s.items() == [("2024-01", 4), ("2024-02", None), ("2024-03", 6)]
    assert s.rolling12("2024-03") is None and s.yoy("2024-03") is None
    assert s.rolling_yoy("2024-03") is None


def test_yoy_and_breaks():
    s = table().series(boroughs=["B"])  # built-in England and Wales breaks
    ch = s.yoy("2020-05")
    # E2's value is the month index: 2020-05 is index 16, 2019-05 index 4.
    assert ch == sc.Change("2020-05", 16, 4, 12, 4.0, 1, sc.Breaks.england_wales()[2])
    assert ch.first_break.id == "ew-2020-04-ex-partner-conduct"
    assert [b.month for b in s.breaks] == ["2020-04"]
    assert s.rolling12("2019-12") == sum(range(12))
    r = s.rolling_yoy("2020-12")
    assert (r.current, r.previous) == (sum(range(12, 24)), sum(range(12)))
    assert s.yoy("2019-05") is None


def test_filters():
    c = table()
    assert c.series(ward_codes=["E1"]).value("2019-02") == 10
    assert c.series(ward_codes=["E1"], boroughs=["B"]).value("2019-02") == 11
    assert c.series(start="2020-01", end="2020-06").span == ("2020-01", "2020-06")
    with pytest.raises(sc.InvalidArgumentError):
        c.series(start="2020-06", end="2020-01")
    with pytest.raises(sc.DataError):
        sc.Counts().series()
    with pytest.raises(TypeError):
        c.series(breaks=[])


def test_comparison():
    s = table().series(boroughs=["B"], breaks=sc.Breaks())
    cmp = s.compare(("2019-01", "2019-12"), ("2020-01", "2020-12"))
    b, a = cmp.before, cmp.after
    assert b == sc.Period("2019-01", "2019-12", 12, 12, sum(range(12)), b.mean)
    assert a.total == sum(range(12, 24)) and a.mean.method == "poisson-exact"
    assert b.mean.estimate == pytest.approx(sum(range(12)) / 12)
    k1, k2 = sum(range(12)), sum(range(12, 24))
    r = cmp.ratio()
    assert r.estimate == pytest.approx(k2 / k1)
    z = 1.959963984540054
    se = math.sqrt(1 / k1 + 1 / k2)
    assert r.low == pytest.approx(k2 / k1 * math.exp(-z * se), rel=1e-9)
    assert cmp.ratio("exact-conditional").method == "exact-conditional"
    d = cmp.difference()
    assert d.estimate == pytest.approx((k2 - k1) / 12) and d.breaks == ()
    with pytest.raises(sc.InvalidArgumentError):
        s.compare(("2020-01", "2020-12"), ("2019-01", "2019-12"))
    with pytest.raises(sc.DataError):
        s.compare(("2019-01", "2019-12"), ("2020-01", "2022-12"), require_coverage=True)


def test_comparison_breaks():
    s = table().series(boroughs=["B"])
    cmp = s.compare(("2019-06", "2020-03"), ("2020-04", "2021-01"))
    assert [x.id for x in cmp.breaks] == ["ew-2020-04-ex-partner-conduct"]
    assert cmp.ratio().breaks == cmp.breaks


def test_low_level_series():
    c = table()
    s = low.sc_series_new(c._h, None, None)
    n, first, last = low.sc_series_span(s)
    assert n == 36 and low.sc_month_format(first) == "2019-01"
    assert low.sc_series_value(s, first) == 10
    assert low.sc_series_covers(s, first) is True
    assert list(low.sc_series_sum(s, first, first + 1)) == [21, 2]
    assert low.sc_series_breaks_size(s) == 1
    assert low.sc_series_break(s, 0)[0] == "2020-04" and low.sc_series_break(s, 1) is None
    assert low.sc_series_rolling12(s, first + 11) == 120 + sum(range(12))
    assert low.sc_series_yoy(s, first + 12)[1:4] == (22, 10, 12)
    assert low.sc_series_rolling_yoy(s, first + 23)[0] == "2020-12"
    cmp = low.sc_comparison_new(s, first, first, first + 1, first + 1, None)
    assert low.sc_comparison_before(cmp)[4] == 10
    assert low.sc_comparison_after(cmp)[4] == 11
    assert low.sc_comparison_breaks_size(cmp) == 0 and low.sc_comparison_break(cmp, 0) is None
    assert low.sc_comparison_ratio(cmp, low.SC_METHOD_LOG_WALD)[0] == pytest.approx(1.1)
    assert low.sc_comparison_difference(cmp)[0] == pytest.approx(1.0)
