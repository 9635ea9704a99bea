"""Population tables and rates per 1,000 residents."""
import pytest

import stalkcase as sc
from stalkcase import stalkcase_swig as low


def test_read(test_data):
    p = sc.read_population(test_data / "population" / "small.csv")
    assert len(p) == 3
    assert p[0] == sc.AreaPopulation("Alpha", "E09000001", 10000)
    assert p[1].name == "Beta, upon Sea"
    assert p.find("e09000002").residents == 250000
    assert p.find("nowhere") is None
    assert [a.code for a in p] == ["E09000001", "E09000002", "E05000003"]
    with pytest.raises(IndexError):
        p[3]


def test_errors(test_data):
    with pytest.raises(sc.DataError) as info:
        sc.read_population(test_data / "population" / "zero.csv")
    assert info.value.line == 3 and info.value.column == 4
    with pytest.raises(sc.DataError):
        sc.read_population(test_data / "population" / "dup-code.csv")
    with pytest.raises(sc.OverflowError):
        sc.read_population(test_data / "population" / "overflow.csv")
    with pytest.raises(sc.OSError):
        sc.read_population(test_data / "population" / "absent.csv")


def test_rates():
    p = sc.read_population_bytes(
        "geography,geography code,Total\nAlpha,E09000001,10000\nBörough,E09000002,2000\n"
        .encode(), "pop")
    c = sc.Counts()
    c.add("E05000001", "W1", "Alpha", "M", "m", "2024-01", 30)
    c.add("E05000002", "W2", "Börough", "M", "m", "2024-01", 4)
    c.add("E05000003", "W3", "Elsewhere", "M", "m", "2024-01", 1)
    t = c.totals(by="borough")
    r = p.rates(t)
    assert len(r) == 3
    alpha = r[0]
    assert alpha.area == "Alpha" and alpha.count == 30
    assert alpha.population == sc.AreaPopulation("Alpha", "E09000001", 10000)
    want = sc.poisson(30, 10000 / 1000)
    assert alpha.rate.estimate == pytest.approx(3.0) and alpha.rate[:5] == want[:5]
    assert r[1].rate.estimate == pytest.approx(2.0)  # non-ASCII name matched
    assert r[2].rate is None and r[2].population is None
    assert [x.area for x in r.unmatched] == ["Elsewhere"]
    assert t.rates(p, per=100).__getitem__(0).rate.estimate == pytest.approx(0.3)
    with pytest.raises(sc.InvalidArgumentError):
        p.rates(c.totals(by="month"))
    with pytest.raises(sc.InvalidArgumentError):
        p.rates(t, per=0)
    with pytest.raises(TypeError):
        p.rates(c)


def test_low_level(test_data):
    p = low.sc_population_read_path(str(test_data / "population" / "small.csv"))
    assert low.sc_population_size(p) == 3
    assert low.sc_population_get(p, 9) is None
    assert low.sc_population_find(p, "Alpha")[2] == 10000
    q = low.sc_population_read_buffer(b"geography,geography code,Total\nA,E1,5\n", None)
    c = low.sc_counts_new()
    low.sc_counts_add(c, "E", "W", "A", "M", "m", low.sc_month_make(2024, 1), 5)
    t = low.sc_counts_totals(c, low.SC_GROUP_BOROUGH, None)
    r = low.sc_population_rates(q, t, None)
    assert low.sc_rates_size(r) == 1 and low.sc_rates_get(r, 0)[4][0] == pytest.approx(1000.0)
    assert low.sc_rates_get(r, 1) is None
    assert low.sc_rates_unmatched_size(r) == 0 and low.sc_rates_unmatched(r, 0) is None
