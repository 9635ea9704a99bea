"""Object lifetimes: whatever order Python collects things in, nothing dangles and nothing is
freed twice. Every child (totals, series, comparison, rates, break and row tuples) is a copy
or owns its own C object, so deleting the parent first must leave it intact."""
import gc
import weakref

import stalkcase as sc
from stalkcase import stalkcase_swig as low


def counts():
    c = sc.Counts()
    for i in range(24):
        c.add("E1", "Wärd", "B", "M", "STALKING", sc.make_month(2019 + i // 12, i % 12 + 1),
              i + 1)
    return c


def test_totals_outlive_counts():
    c = counts()
    t = c.totals(by="ward")
    ref = weakref.ref(c)
    del c
    gc.collect()
    assert ref() is None
    assert t[0] == sc.WardTotal("E1", "Wärd", "B", sum(range(1, 25)))


def test_series_and_comparison_outlive_parents():
    c = counts()
    b = sc.Breaks.england_wales()
    s = c.series(breaks=b)
    cmp = s.compare(("2019-01", "2019-12"), ("2020-01", "2020-12"))
    brk = s.breaks
    del c, b
    gc.collect()
    assert s.value("2019-02") == 2 and [x.id for x in brk] == ["ew-2020-04-ex-partner-conduct"]
    del s
    gc.collect()
    assert cmp.before.total == sum(range(1, 13))
    assert cmp.breaks[0].month == "2020-04"
    assert cmp.ratio().estimate > 1


def test_rows_outlive_tables():
    p = sc.read_population_bytes(b"geography,geography code,Total\nB,E09000001,1000\n")
    c = counts()
    t = c.totals(by="borough")
    r = p.rates(t)
    row = r[0]
    area = p[0]
    del p, c, t
    gc.collect()
    assert r[0].population == area == sc.AreaPopulation("B", "E09000001", 1000)
    del r
    gc.collect()
    assert row.rate.estimate == sum(range(1, 25))


def test_breaks_outlive_table():
    b = sc.Breaks.england_wales()
    items = list(b)
    first = b[0]
    del b
    gc.collect()
    assert items[0] == first and first.id.startswith("ew-2014")


def test_merge_source_deleted():
    a, b = counts(), counts()
    a.merge(b)
    del b
    gc.collect()
    assert a.get("E1", "Wärd", "B", "M", "STALKING", "2019-01") == 2


def test_chart_after_series_deleted():
    s = counts().series()
    ch = sc.Chart("t")
    ch.add_series(s, "x")
    del s
    gc.collect()
    assert "<svg" in ch.to_svg()


def test_cycles_are_collected():
    c = counts()
    holder = [c]
    holder.append(holder)
    ref = weakref.ref(c)
    del c, holder
    gc.collect()
    assert ref() is None


def test_explicit_free_then_collect():
    # %delobject: freeing through the low-level _free disowns the proxy (no double free).
    for new, free in [(low.sc_counts_new, low.sc_counts_free),
                      (low.sc_breaks_new, low.sc_breaks_free),
                      (lambda: low.sc_chart_new("t", None), low.sc_chart_free)]:
        h = new()
        free(h)
        assert not h.thisown
        del h
        gc.collect()
    c = low.sc_counts_new()
    jan = low.sc_month_make(2024, 1)
    low.sc_counts_add(c, "E", "W", "B", "M", "m", jan, 1)
    low.sc_counts_add(c, "E", "W", "B", "M", "m", jan + 1, 2)
    t = low.sc_counts_totals(c, low.SC_GROUP_BOROUGH, None)
    s = low.sc_series_new(c, None, None)
    cmp = low.sc_comparison_new(s, jan, jan, jan + 1, jan + 1, (0.9, False))
    low.sc_comparison_free(cmp)
    assert not cmp.thisown
    p = low.sc_population_read_buffer(b"geography,geography code,Total\nB,E1,10\n", "p")
    r = low.sc_population_rates(p, t, None)
    for h, free in [(r, low.sc_rates_free), (p, low.sc_population_free),
                    (s, low.sc_series_free), (t, low.sc_totals_free)]:
        free(h)
        assert not h.thisown
    del c, t, s, p, r, cmp
    gc.collect()


def test_many_objects_in_random_order():
    import random
    rnd = random.Random(5)
    objs = []
    for _ in range(50):
        c = counts()
        objs += [c, c.totals(), c.series(), sc.Breaks.england_wales()]
    rnd.shuffle(objs)
    while objs:
        objs.pop()
        if len(objs) % 17 == 0:
            gc.collect()
    gc.collect()
