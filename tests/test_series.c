/*
 * tests/test_series.c - monthly series, year-on-year change, rolling sums, before/after
 * comparisons and their counting-rule break flags (series.h); mergeability over shards.
 *
 * Synthetic tables are built here and their values worked out by hand (arithmetic in the
 * comments). Intervals were computed with /usr/bin/python3 and scipy, independently of the
 * library:
 *   mean per month:  k/t, [gamma.ppf(0.025, k)/t, gamma.ppf(0.975, k+1)/t]
 *   log-Wald ratio:  R = (k2/t2)/(k1/t1), R * exp(-/+ norm.ppf(0.975) * sqrt(1/k1 + 1/k2))
 *   exact ratio:     pl = beta.ppf(0.025, k2, k1+1), ph = beta.ppf(0.975, k2+1, k1),
 *                    [pl t1 / ((1-pl) t2), ph t1 / ((1-ph) t2)]
 *   difference:      d = k2/t2 - k1/t1, d -/+ norm.ppf(0.975) * sqrt(k1/t1^2 + k2/t2^2)
 * Real-data values: $SC_SHARED_DATA/mps/EXPECTED.md (Python csv module).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#include "testutil.h"

#define MON(y, m) ((sc_month)((y) * 12 + ((m) - 1)))
#define VAP "VIOLENCE AGAINST THE PERSON"
#define SH "STALKING AND HARASSMENT"

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.12g, want %.12g (relative tolerance %g)", got, want, rel);
}

static void add(sc_counts *c, const char *wc, const char *wn, const char *b, const char *maj,
                const char *min, sc_month m, uint64_t n)
{
    sc_error err;
    int rc = sc_counts_add(c, wc, wn, b, maj, min, m, n, &err);
    if (rc != SC_OK)
        fail_msg("sc_counts_add: %d %s", rc, err.message);
}

/*
 * The synthetic table:
 *  - W1 "One" (Alpha): stalking 10 a month in 2019 and 2020-01..03, 30 a month from 2020-04;
 *    burglary 5 a month; months 2019-01..2019-06 and 2019-09..2020-12 (2019-07/08 absent).
 *  - W2 "Two" (Beta): stalking 4 in 2019-03 and 8 in 2020-03.
 *  - 2021-01 covered with no counts.
 * So "stalking and harassment" is 10 a month, 14 in 2019-03, 18 in 2020-03, 30 from 2020-04,
 * 0 in 2021-01, missing in 2019-07 and 2019-08.
 */
static sc_counts *synthetic(void)
{
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    for (sc_month m = MON(2019, 1); m <= MON(2020, 12); m++) {
        if (m == MON(2019, 7) || m == MON(2019, 8))
            continue;
        add(c, "W1", "One", "Alpha", VAP, SH, m, m >= MON(2020, 4) ? 30 : 10);
        add(c, "W1", "One", "Alpha", "BURGLARY", "BURGLARY IN A DWELLING", m, 5);
    }
    add(c, "W2", "Two", "Beta", VAP, SH, MON(2019, 3), 4);
    add(c, "W2", "Two", "Beta", VAP, SH, MON(2020, 3), 8);
    assert_int_equal(sc_counts_cover(c, MON(2021, 1), MON(2021, 1)), SC_OK);
    return c;
}

static sc_series *series(const sc_counts *c, const sc_series_filter *f, const sc_breaks *b)
{
    sc_series *s = NULL;
    sc_error err;
    int rc = sc_series_new(&s, c, f, b, &err);
    if (rc != SC_OK)
        fail_msg("sc_series_new: %d %s", rc, err.message);
    return s;
}

static uint64_t value(const sc_series *s, sc_month m)
{
    uint64_t v = 99;
    int rc = sc_series_value(s, m, &v);
    if (rc != SC_OK)
        fail_msg("sc_series_value(%ld) = %d", (long)m, rc);
    return v;
}

static const char *const STALKING[] = { "stalking and harassment" };

static void test_series_values(void **state)
{
    (void)state;
    sc_counts *c = synthetic();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    sc_series *s = series(c, &f, NULL);
    sc_month first, last;
    assert_int_equal(sc_series_span(s, &first, &last), 25);
    assert_int_equal(first, MON(2019, 1));
    assert_int_equal(last, MON(2021, 1));
    assert_int_equal(value(s, MON(2019, 1)), 10);
    assert_int_equal(value(s, MON(2019, 3)), 14);
    assert_int_equal(value(s, MON(2020, 3)), 18);
    assert_int_equal(value(s, MON(2020, 4)), 30);
    assert_int_equal(value(s, MON(2021, 1)), 0); /* covered, nothing recorded */
    uint64_t v = 7;
    assert_int_equal(sc_series_value(s, MON(2019, 7), &v), SC_ENOTFOUND); /* missing */
    assert_int_equal(v, 0);
    assert_int_equal(sc_series_covers(s, MON(2019, 8)), 0);
    assert_int_equal(sc_series_covers(s, MON(2019, 9)), 1);
    assert_int_equal(sc_series_value(s, MON(2018, 12), &v), SC_EINVAL);
    assert_int_equal(sc_series_value(s, MON(2021, 2), &v), SC_EINVAL);
    /* 2019: 10 * 10 covered months + 4 = 104 */
    size_t k = 0;
    assert_int_equal(sc_series_sum(s, MON(2019, 1), MON(2019, 12), &v, &k), SC_OK);
    assert_int_equal(v, 104);
    assert_int_equal(k, 10);
    assert_int_equal(sc_series_sum(s, MON(2019, 12), MON(2019, 1), &v, &k), SC_EINVAL);
    /* the one break inside 2019-01..2021-01 */
    assert_int_equal(sc_series_breaks_size(s), 1);
    assert_string_equal(sc_series_break(s, 0)->id, "ew-2020-04-ex-partner-conduct");
    assert_null(sc_series_break(s, 1));
    sc_series_free(s);

    /* a closed range before the break: no flag */
    f.from = MON(2019, 2);
    f.to = MON(2020, 3);
    s = series(c, &f, NULL);
    assert_int_equal(sc_series_span(s, NULL, NULL), 14);
    assert_int_equal(sc_series_breaks_size(s), 0);
    sc_series_free(s);

    /* area sets: a borough */
    static const char *const beta[] = { "Beta" };
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.boroughs = beta;
    f.n_boroughs = 1;
    s = series(c, &f, NULL);
    assert_int_equal(value(s, MON(2019, 3)), 4);
    assert_int_equal(value(s, MON(2019, 4)), 0);
    assert_int_equal(sc_series_value(s, MON(2019, 7), &v), SC_ENOTFOUND);
    sc_series_free(s);

    /* a ward code and a major category: burglary of W1 = 5 */
    static const char *const w1[] = { "W1" };
    static const char *const burglary[] = { "Burglary" };
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.ward_codes = w1;
    f.n_ward_codes = 1;
    f.categories = burglary;
    f.n_categories = 1;
    s = series(c, &f, NULL);
    assert_int_equal(value(s, MON(2020, 6)), 5);
    sc_series_free(s);

    /* union of a ward code and a borough, two categories: everything: 10 + 5 + 4 in 2019-03 */
    static const char *const w2[] = { "W2" };
    static const char *const alpha[] = { "Alpha" };
    static const char *const two[] = { "burglary in a dwelling", SH };
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.ward_codes = w2;
    f.n_ward_codes = 1;
    f.boroughs = alpha;
    f.n_boroughs = 1;
    f.categories = two;
    f.n_categories = 2;
    s = series(c, &f, NULL);
    assert_int_equal(value(s, MON(2019, 3)), 19);
    assert_int_equal(value(s, MON(2020, 4)), 35);
    sc_series_free(s);

    /* no filter at all */
    s = series(c, NULL, NULL);
    assert_int_equal(value(s, MON(2020, 3)), 23);
    sc_series_free(s);

    /* an unknown category: covered months are 0, missing ones stay missing */
    static const char *const none[] = { "ARSON" };
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.categories = none;
    f.n_categories = 1;
    s = series(c, &f, NULL);
    assert_int_equal(value(s, MON(2020, 3)), 0);
    assert_int_equal(sc_series_value(s, MON(2019, 8), &v), SC_ENOTFOUND);
    sc_series_free(s);

    /* a span beyond the coverage: those months are missing */
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.from = MON(2018, 6);
    f.to = MON(2019, 1);
    s = series(c, &f, NULL);
    assert_int_equal(sc_series_value(s, MON(2018, 6), &v), SC_ENOTFOUND);
    assert_int_equal(value(s, MON(2019, 1)), 15);
    sc_series_free(s);
    sc_counts_free(c);
}

static void test_series_errors(void **state)
{
    (void)state;
    sc_counts *c = synthetic();
    sc_series *s = (sc_series *)c;
    sc_error err;
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    assert_int_equal(sc_series_new(NULL, c, NULL, NULL, &err), SC_EINVAL);
    assert_int_equal(sc_series_new(&s, NULL, NULL, NULL, &err), SC_EINVAL);
    assert_null(s);
    f.version = 0;
    assert_int_equal(sc_series_new(&s, c, &f, NULL, &err), SC_EINVAL);
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.from = MON(2020, 1);
    f.to = MON(2019, 1);
    assert_int_equal(sc_series_new(&s, c, &f, NULL, &err), SC_EINVAL);
    f.to = 5;
    assert_int_equal(sc_series_new(&s, c, &f, NULL, &err), SC_EINVAL);
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.n_categories = 1;
    assert_int_equal(sc_series_new(&s, c, &f, NULL, &err), SC_EINVAL);
    static const char *const with_null[] = { "x", NULL };
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.boroughs = with_null;
    f.n_boroughs = 2;
    assert_int_equal(sc_series_new(&s, c, &f, NULL, &err), SC_EINVAL);
    sc_counts_free(c);

    /* an empty table: open bounds have no value, closed ones give an all-missing series */
    assert_int_equal(sc_counts_new(&c), SC_OK);
    assert_int_equal(sc_series_new(&s, c, NULL, NULL, &err), SC_EDATA);
    f = (sc_series_filter)SC_SERIES_FILTER_INIT;
    f.from = MON(2020, 1);
    f.to = MON(2020, 2);
    s = series(c, &f, NULL);
    uint64_t v;
    assert_int_equal(sc_series_value(s, MON(2020, 1), &v), SC_ENOTFOUND);
    sc_series_free(s);
    sc_series_free(NULL);

    /* overflow: two cells of one month whose sum exceeds 2^64 - 1 */
    add(c, "A", "", "", "X", "Y", MON(2020, 1), UINT64_MAX);
    add(c, "B", "", "", "X", "Y", MON(2020, 1), 1);
    assert_int_equal(sc_series_new(&s, c, NULL, NULL, &err), SC_EOVERFLOW);
    assert_null(s);
    tu_assert_contains(err.message, "2020-01");
    sc_counts_free(c);
}

static void test_yoy(void **state)
{
    (void)state;
    sc_counts *c = synthetic();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    sc_series *s = series(c, &f, NULL);
    sc_change ch;
    /* 2020-03 vs 2019-03: 18 vs 14; no break in (2019-03, 2020-03] */
    assert_int_equal(sc_series_yoy(s, MON(2020, 3), &ch), SC_OK);
    assert_int_equal(ch.month, MON(2020, 3));
    assert_int_equal(ch.current, 18);
    assert_int_equal(ch.previous, 14);
    assert_int_equal(ch.difference, 4);
    assert_close(ch.ratio, 18.0 / 14.0, 1e-15);
    assert_int_equal(ch.n_breaks, 0);
    assert_null(ch.brk);
    /* 2020-04 vs 2019-04: 30 vs 10, across the 2020-04 break */
    assert_int_equal(sc_series_yoy(s, MON(2020, 4), &ch), SC_OK);
    assert_int_equal(ch.difference, 20);
    assert_close(ch.ratio, 3.0, 1e-15);
    assert_int_equal(ch.n_breaks, 1);
    assert_string_equal(ch.brk->id, "ew-2020-04-ex-partner-conduct");
    /* 2021-01 vs 2020-01: 0 vs 10 */
    assert_int_equal(sc_series_yoy(s, MON(2021, 1), &ch), SC_OK);
    assert_int_equal(ch.difference, -10);
    assert_true(ch.ratio == 0.0);
    assert_int_equal(ch.n_breaks, 1);
    /* missing on either side, or outside the span */
    assert_int_equal(sc_series_yoy(s, MON(2020, 7), &ch), SC_ENOTFOUND);
    assert_int_equal(sc_series_yoy(s, MON(2019, 7), &ch), SC_ENOTFOUND);
    assert_int_equal(sc_series_yoy(s, MON(2019, 5), &ch), SC_ENOTFOUND);
    assert_int_equal(ch.month, MON(2019, 5));
    assert_int_equal(ch.current, 0);
    assert_int_equal(sc_series_yoy(s, MON(2021, 2), &ch), SC_ENOTFOUND);
    assert_int_equal(sc_series_yoy(NULL, MON(2021, 1), &ch), SC_EINVAL);
    assert_int_equal(sc_series_yoy(s, MON(2021, 1), NULL), SC_EINVAL);
    assert_int_equal(sc_series_yoy(s, -5, &ch), SC_EINVAL);

    /* rolling 12-month sums: 2019-09..2020-08 = 4*10 + 2*10 + 18 + 5*30 = 228;
     * 2020-02..2021-01 = 10 + 18 + 9*30 + 0 = 298; 2019-07..2020-06 has a missing month */
    uint64_t v;
    assert_int_equal(sc_series_rolling12(s, MON(2020, 8), &v), SC_OK);
    assert_int_equal(v, 228);
    assert_int_equal(sc_series_rolling12(s, MON(2021, 1), &v), SC_OK);
    assert_int_equal(v, 298);
    assert_int_equal(sc_series_rolling12(s, MON(2020, 6), &v), SC_ENOTFOUND);
    assert_int_equal(sc_series_rolling12(s, MON(2019, 11), &v), SC_ENOTFOUND);
    assert_int_equal(sc_series_rolling12(s, MON(2021, 1), NULL), SC_EINVAL);
    /* rolling YoY needs 24 months: 2019-07 is missing for any window ending by 2021-01 */
    assert_int_equal(sc_series_rolling_yoy(s, MON(2021, 1), &ch), SC_ENOTFOUND);
    sc_series_free(s);

    /* Beta alone: 0 vs 0 gives NaN, 8 vs 4 ... and 0 vs 4 */
    static const char *const beta[] = { "Beta" };
    f.boroughs = beta;
    f.n_boroughs = 1;
    s = series(c, &f, NULL);
    assert_int_equal(sc_series_yoy(s, MON(2020, 1), &ch), SC_OK);
    assert_true(isnan(ch.ratio));
    assert_int_equal(sc_series_yoy(s, MON(2020, 3), &ch), SC_OK);
    assert_close(ch.ratio, 2.0, 1e-15);
    sc_series_free(s);
    sc_counts_free(c);

    /* +infinity: 5 vs 0 */
    assert_int_equal(sc_counts_new(&c), SC_OK);
    assert_int_equal(sc_counts_cover(c, MON(2010, 1), MON(2011, 12)), SC_OK);
    add(c, "A", "", "", "X", "Y", MON(2011, 1), 5);
    s = series(c, NULL, NULL);
    assert_int_equal(sc_series_yoy(s, MON(2011, 1), &ch), SC_OK);
    assert_true(isinf(ch.ratio) && ch.ratio > 0);
    assert_int_equal(ch.n_breaks, 0);
    sc_series_free(s);
    sc_counts_free(c);
}

/* 2018-01 .. 2019-12 with value i + 1 in month i (1 .. 24):
 * rolling12(2019-12) = 13 + ... + 24 = 222, rolling12(2018-12) = 1 + ... + 12 = 78. */
static void test_rolling_yoy(void **state)
{
    (void)state;
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    for (int i = 0; i < 24; i++)
        add(c, "A", "a", "b", "X", "Y", MON(2018, 1) + i, (uint64_t)i + 1);
    sc_breaks *b = NULL;
    assert_int_equal(sc_breaks_new(&b), SC_OK);
    assert_int_equal(sc_breaks_add(b, MON(2018, 1), "at-start", "T", NULL, "S", NULL), SC_OK);
    assert_int_equal(sc_breaks_add(b, MON(2018, 2), "inside", "T", NULL, "S", NULL), SC_OK);
    sc_series *s = series(c, NULL, b);
    sc_breaks_free(b); /* the series keeps its own copy */
    sc_change ch;
    assert_int_equal(sc_series_rolling_yoy(s, MON(2019, 12), &ch), SC_OK);
    assert_int_equal(ch.current, 222);
    assert_int_equal(ch.previous, 78);
    assert_int_equal(ch.difference, 144);
    assert_close(ch.ratio, 222.0 / 78.0, 1e-15);
    /* breaks inside (2018-01, 2019-12]: "inside" only */
    assert_int_equal(ch.n_breaks, 1);
    assert_string_equal(ch.brk->id, "inside");
    assert_int_equal(sc_series_breaks_size(s), 1);
    assert_int_equal(sc_series_rolling_yoy(s, MON(2019, 11), &ch), SC_ENOTFOUND);
    /* month YoY 2019-02 vs 2018-02: 14 vs 2; (2018-02, 2019-02] holds no break */
    assert_int_equal(sc_series_yoy(s, MON(2019, 2), &ch), SC_OK);
    assert_int_equal(ch.difference, 12);
    assert_int_equal(ch.n_breaks, 0);
    sc_series_free(s);
    sc_counts_free(c);
}

static void test_comparison(void **state)
{
    (void)state;
    sc_counts *c = synthetic();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    sc_series *s = series(c, &f, NULL);
    sc_comparison *cmp = NULL;
    sc_error err;
    /* 2020-01..03 (10 + 10 + 18 = 38) vs 2020-04..06 (90), across the 2020-04 break */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 1), MON(2020, 3), MON(2020, 4),
                                       MON(2020, 6), NULL, &err), SC_OK);
    const sc_period *b = sc_comparison_before(cmp), *a = sc_comparison_after(cmp);
    assert_int_equal(b->total, 38);
    assert_int_equal(b->months, 3);
    assert_int_equal(b->months_covered, 3);
    assert_int_equal(a->total, 90);
    assert_int_equal(a->from, MON(2020, 4));
    assert_int_equal(a->to, MON(2020, 6));
    assert_close(b->mean.estimate, 38.0 / 3, 1e-12);
    assert_close(b->mean.low, 8.963687215065383, 1e-9);
    assert_close(b->mean.high, 17.385989639753202, 1e-9);
    assert_int_equal(b->mean.method, SC_METHOD_POISSON_EXACT);
    assert_close(a->mean.low, 24.123542710368657, 1e-9);
    assert_close(a->mean.high, 36.87509326330214, 1e-9);
    sc_interval iv;
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_LOG_WALD, &iv), SC_OK);
    assert_close(iv.estimate, 2.368421052631579, 1e-12);
    assert_close(iv.low, 1.621008075878419, 1e-9);
    assert_close(iv.high, 3.460450546804803, 1e-9);
    assert_int_equal(iv.method, SC_METHOD_LOG_WALD);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_EXACT_CONDITIONAL, &iv), SC_OK);
    assert_close(iv.low, 1.604126113433527, 1e-8);
    assert_close(iv.high, 3.557847838461707, 1e-8);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_WILSON, &iv), SC_EINVAL);
    assert_int_equal(sc_comparison_difference(cmp, &iv), SC_OK);
    assert_close(iv.estimate, 17.333333333333336, 1e-12);
    assert_close(iv.low, 9.941846270135054, 1e-9);
    assert_close(iv.high, 24.72482039653162, 1e-9);
    assert_int_equal(sc_comparison_breaks_size(cmp), 1);
    assert_string_equal(sc_comparison_break(cmp, 0)->id, "ew-2020-04-ex-partner-conduct");
    assert_int_equal(sc_comparison_break(cmp, 0)->month, MON(2020, 4));
    assert_null(sc_comparison_break(cmp, 1));
    sc_comparison_free(cmp);

    /* uncovered months: 2019-06..08 has only 2019-06 (10) -> exposure 1 month;
     * vs 2019-09..11 (30, 3 months). scipy: ratio 1.0 [0.48886071939721054, 2.0455724101397417];
     * mean before [4.7953886961324335, 18.39035604201778]. No break. */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2019, 6), MON(2019, 8), MON(2019, 9),
                                       MON(2019, 11), NULL, &err), SC_OK);
    b = sc_comparison_before(cmp);
    assert_int_equal(b->months, 3);
    assert_int_equal(b->months_covered, 1);
    assert_int_equal(b->total, 10);
    assert_close(b->mean.low, 4.7953886961324335, 1e-9);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_LOG_WALD, &iv), SC_OK);
    assert_close(iv.estimate, 1.0, 1e-12);
    assert_close(iv.low, 0.48886071939721054, 1e-9);
    assert_close(iv.high, 2.0455724101397417, 1e-9);
    assert_int_equal(sc_comparison_breaks_size(cmp), 0);
    sc_comparison_free(cmp);

    /* ... an error when full coverage is required */
    sc_comparison_options o = SC_COMPARISON_OPTIONS_INIT;
    o.require_coverage = 1;
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2019, 6), MON(2019, 8), MON(2019, 9),
                                       MON(2019, 11), &o, &err), SC_EDATA);
    assert_null(cmp);
    tu_assert_contains(err.message, "not fully covered");
    tu_assert_contains(err.message, "2019-07");
    /* a period with no data at all, a period outside the span */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2019, 7), MON(2019, 8), MON(2019, 9),
                                       MON(2019, 11), NULL, &err), SC_EDATA);
    tu_assert_contains(err.message, "no data");
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2015, 1), MON(2015, 2), MON(2019, 9),
                                       MON(2019, 11), NULL, &err), SC_EDATA);
    /* a 2015 before period against 2019-09..11 would span 2018-04 and 2020-04 breaks,
     * but fails first; within the span: 2019-01..2019-12 vs 2020-01..2021-01 flags 2020-04 */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2019, 1), MON(2019, 12), MON(2020, 1),
                                       MON(2021, 1), NULL, &err), SC_OK);
    assert_int_equal(sc_comparison_before(cmp)->months_covered, 10);
    assert_int_equal(sc_comparison_after(cmp)->months_covered, 13);
    assert_int_equal(sc_comparison_breaks_size(cmp), 1);
    sc_comparison_free(cmp);

    /* bad arguments */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 1), MON(2020, 4), MON(2020, 4),
                                       MON(2020, 6), NULL, &err), SC_EINVAL); /* overlap */
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 3), MON(2020, 1), MON(2020, 4),
                                       MON(2020, 6), NULL, &err), SC_EINVAL);
    assert_int_equal(sc_comparison_new(&cmp, NULL, MON(2020, 1), MON(2020, 3), MON(2020, 4),
                                       MON(2020, 6), NULL, &err), SC_EINVAL);
    o = (sc_comparison_options)SC_COMPARISON_OPTIONS_INIT;
    o.level = 0;
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 1), MON(2020, 3), MON(2020, 4),
                                       MON(2020, 6), &o, &err), SC_EINVAL);
    o = (sc_comparison_options)SC_COMPARISON_OPTIONS_INIT;
    o.version = 2;
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 1), MON(2020, 3), MON(2020, 4),
                                       MON(2020, 6), &o, &err), SC_EINVAL);
    assert_null(cmp);
    assert_int_equal(sc_comparison_ratio(NULL, SC_METHOD_LOG_WALD, &iv), SC_EINVAL);
    assert_int_equal(sc_comparison_difference(NULL, &iv), SC_EINVAL);
    assert_null(sc_comparison_before(NULL));
    assert_int_equal(sc_comparison_breaks_size(NULL), 0);
    sc_comparison_free(NULL);
    sc_series_free(s);

    /* zero before: the log-Wald ratio is unavailable (SC_EDATA), the exact one is open */
    static const char *const beta[] = { "Beta" };
    f.boroughs = beta;
    f.n_boroughs = 1;
    s = series(c, &f, NULL);
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2020, 1), MON(2020, 2), MON(2020, 3),
                                       MON(2020, 3), NULL, &err), SC_OK);
    assert_int_equal(sc_comparison_before(cmp)->total, 0);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_LOG_WALD, &iv), SC_EDATA);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_EXACT_CONDITIONAL, &iv), SC_OK);
    assert_true(isinf(iv.high));
    assert_int_equal(sc_comparison_difference(cmp, &iv), SC_OK);
    assert_close(iv.estimate, 8.0, 1e-12);
    sc_comparison_free(cmp);
    sc_series_free(s);
    sc_counts_free(c);
}

/* ---------------------------------------------------------------- mergeability */

typedef struct shard_ctx {
    sc_counts **shards;
    const char **names;
    size_t n, cap;
    int rc;
} shard_ctx;

/* Copies a cell into the shard of its borough. */
static int to_shard(const sc_cell *cell, void *payload)
{
    shard_ctx *x = payload;
    size_t i;
    for (i = 0; i < x->n; i++)
        if (strcmp(x->names[i], cell->borough) == 0)
            break;
    if (i == x->n) {
        assert_true(x->n < x->cap);
        assert_int_equal(sc_counts_new(&x->shards[x->n]), SC_OK);
        x->names[x->n++] = cell->borough;
    }
    x->rc = sc_counts_add(x->shards[i], cell->ward_code, cell->ward_name, cell->borough,
                          cell->major, cell->minor, cell->month, cell->count, NULL);
    return x->rc;
}

/* Shards c by borough (each shard covering the whole table's coverage), merges the shards in
 * reverse order and checks that the merged table, its series and a comparison are identical
 * to those of c. */
static void check_merge(const sc_counts *c, const sc_series_filter *f, sc_month from1,
                        sc_month to1, sc_month from2, sc_month to2, size_t min_shards)
{
    enum { CAP = 64 };
    sc_counts *shards[CAP];
    const char *names[CAP];
    shard_ctx x = { shards, names, 0, CAP, SC_OK };
    assert_int_equal(sc_counts_foreach(c, to_shard, &x), SC_OK);
    assert_true(x.n >= min_shards);
    sc_month first, last;
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    sc_counts *merged = NULL;
    assert_int_equal(sc_counts_new(&merged), SC_OK);
    for (size_t i = x.n; i-- > 0;) {
        for (sc_month m = first; m <= last; m++)
            if (sc_counts_covers(c, m))
                assert_int_equal(sc_counts_cover(shards[i], m, m), SC_OK);
        assert_int_equal(sc_counts_merge(merged, shards[i], NULL), SC_OK);
    }
    assert_true(sc_counts_equal(merged, c));

    sc_series *s1 = series(c, f, NULL), *s2 = series(merged, f, NULL);
    sc_month a1, b1, a2, b2;
    assert_int_equal(sc_series_span(s1, &a1, &b1), sc_series_span(s2, &a2, &b2));
    assert_int_equal(a1, a2);
    assert_int_equal(b1, b2);
    for (sc_month m = a1; m <= b1; m++) {
        uint64_t v1 = 1, v2 = 2;
        assert_int_equal(sc_series_value(s1, m, &v1), sc_series_value(s2, m, &v2));
        assert_int_equal(v1, v2);
    }
    sc_comparison *c1 = NULL, *c2 = NULL;
    assert_int_equal(sc_comparison_new(&c1, s1, from1, to1, from2, to2, NULL, NULL), SC_OK);
    assert_int_equal(sc_comparison_new(&c2, s2, from1, to1, from2, to2, NULL, NULL), SC_OK);
    assert_int_equal(sc_comparison_before(c1)->total, sc_comparison_before(c2)->total);
    assert_int_equal(sc_comparison_after(c1)->total, sc_comparison_after(c2)->total);
    sc_interval i1, i2;
    assert_int_equal(sc_comparison_ratio(c1, SC_METHOD_EXACT_CONDITIONAL, &i1), SC_OK);
    assert_int_equal(sc_comparison_ratio(c2, SC_METHOD_EXACT_CONDITIONAL, &i2), SC_OK);
    assert_memory_equal(&i1, &i2, sizeof i1);
    assert_int_equal(sc_comparison_breaks_size(c1), sc_comparison_breaks_size(c2));
    sc_comparison_free(c1);
    sc_comparison_free(c2);
    sc_series_free(s1);
    sc_series_free(s2);
    sc_counts_free(merged);
    for (size_t i = 0; i < x.n; i++)
        sc_counts_free(shards[i]);
}

static void test_merge_synthetic(void **state)
{
    (void)state;
    sc_counts *c = synthetic();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    check_merge(c, &f, MON(2020, 1), MON(2020, 3), MON(2020, 4), MON(2020, 6), 2);
    sc_counts_free(c);
}

/* ---------------------------------------------------------------- real data */

static sc_counts *real_2024(void)
{
    const char *dir = tu_shared_data_dir();
    char path[TU_PATH_MAX];
    if (dir == NULL)
        TU_SKIP("$SC_SHARED_DATA is not set");
    tu_join(path, dir, "mps/mps-ward-2024-01_2025-12.csv");
    if (!tu_file_exists(path))
        TU_SKIP("%s not found", path);
    sc_counts *c = NULL;
    sc_error err;
    if (sc_mps_read_path(&c, path, NULL, &err) != SC_OK)
        fail_msg("%s: %s", path, err.message);
    return c;
}

/* EXPECTED.md: London-wide stalking and harassment by month, 2024 = 52,966, 2025 = 58,355.
 * Intervals by scipy as described at the top:
 *   means 4413.833333 [4376.322921486326, 4451.585291966322],
 *         4862.916667 [4823.5403069920385, 4902.534556365696];
 *   ratio 1.1017445153494696, log-Wald [1.0888611825430639, 1.1147802828893947],
 *         exact [1.0888424706303663, 1.1148012929633486];
 *   difference 449.0833 [394.5884917465117, 503.5781749201562]. */
static void test_real_comparison(void **state)
{
    (void)state;
    sc_counts *c = real_2024();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    sc_series *s = series(c, &f, NULL);
    assert_int_equal(sc_series_span(s, NULL, NULL), 24);
    assert_int_equal(value(s, MON(2024, 1)), 4725);
    assert_int_equal(value(s, MON(2025, 12)), 4945);
    assert_int_equal(sc_series_breaks_size(s), 0);
    sc_change ch;
    /* 2025-01 vs 2024-01: 4265 - 4725 = -460 */
    assert_int_equal(sc_series_yoy(s, MON(2025, 1), &ch), SC_OK);
    assert_int_equal(ch.difference, -460);
    uint64_t v;
    assert_int_equal(sc_series_rolling12(s, MON(2025, 12), &v), SC_OK);
    assert_int_equal(v, 58355);
    assert_int_equal(sc_series_rolling_yoy(s, MON(2025, 12), &ch), SC_OK);
    assert_int_equal(ch.current, 58355);
    assert_int_equal(ch.previous, 52966);
    assert_int_equal(ch.difference, 5389);
    assert_int_equal(ch.n_breaks, 0);

    sc_comparison *cmp = NULL;
    sc_error err;
    assert_int_equal(sc_comparison_new(&cmp, s, MON(2024, 1), MON(2024, 12), MON(2025, 1),
                                       MON(2025, 12), NULL, &err), SC_OK);
    const sc_period *b = sc_comparison_before(cmp), *a = sc_comparison_after(cmp);
    assert_int_equal(b->total, 52966);
    assert_int_equal(a->total, 58355);
    assert_int_equal(b->months_covered, 12);
    assert_close(b->mean.estimate, 4413.833333333333, 1e-12);
    assert_close(a->mean.estimate, 4862.916666666667, 1e-12);
    assert_close(b->mean.low, 4376.322921486326, 1e-9);
    assert_close(b->mean.high, 4451.585291966322, 1e-9);
    assert_close(a->mean.low, 4823.5403069920385, 1e-9);
    assert_close(a->mean.high, 4902.534556365696, 1e-9);
    sc_interval iv;
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_LOG_WALD, &iv), SC_OK);
    assert_close(iv.estimate, 1.1017445153494696, 1e-12);
    assert_close(iv.low, 1.0888611825430639, 1e-9);
    assert_close(iv.high, 1.1147802828893947, 1e-9);
    assert_int_equal(sc_comparison_ratio(cmp, SC_METHOD_EXACT_CONDITIONAL, &iv), SC_OK);
    assert_close(iv.low, 1.0888424706303663, 1e-8);
    assert_close(iv.high, 1.1148012929633486, 1e-8);
    assert_int_equal(sc_comparison_difference(cmp, &iv), SC_OK);
    assert_close(iv.estimate, 449.08333333333394, 1e-9);
    assert_close(iv.low, 394.5884917465117, 1e-9);
    assert_close(iv.high, 503.5781749201562, 1e-9);
    assert_int_equal(sc_comparison_breaks_size(cmp), 0);
    sc_comparison_free(cmp);
    sc_series_free(s);
    sc_counts_free(c);
}

/* The real release sharded by borough (33 shards), merged: same table, series, comparison. */
static void test_real_merge(void **state)
{
    (void)state;
    sc_counts *c = real_2024();
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = STALKING;
    f.n_categories = 1;
    check_merge(c, &f, MON(2024, 1), MON(2024, 12), MON(2025, 1), MON(2025, 12), 33);
    sc_counts_free(c);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_values),   cmocka_unit_test(test_series_errors),
        cmocka_unit_test(test_yoy),             cmocka_unit_test(test_rolling_yoy),
        cmocka_unit_test(test_comparison),      cmocka_unit_test(test_merge_synthetic),
        cmocka_unit_test(test_real_comparison), cmocka_unit_test(test_real_merge),
    };
    return cmocka_run_group_tests_name("series", tests, NULL, NULL);
}
