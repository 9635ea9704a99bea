/*
 * tests/test_population.c - population tables and rates per 1,000 residents (population.h).
 *
 * Fixtures in tests/data/population/ (written by hand). Expected intervals were computed with
 * /usr/bin/python3 and scipy, independently of the library, as the exact Poisson interval
 *   low = scipy.stats.gamma.ppf(0.025, k) / t, high = scipy.stats.gamma.ppf(0.975, k + 1) / t
 * with t = residents / 1000. Real-data values come from
 * $SC_SHARED_DATA/population/PROVENANCE.md (computed there with Python's csv module).
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

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fabs(want)))
        fail_msg("got %.12g, want %.12g (relative tolerance %g)", got, want, rel);
}

static sc_population *read_fixture(const char *rel)
{
    char path[TU_PATH_MAX];
    sc_population *p = NULL;
    sc_error err;
    int rc = sc_population_read_path(&p, tu_fixture(path, rel), &err);
    if (rc != SC_OK)
        fail_msg("%s: %d %lu:%lu %s", rel, rc, err.line, err.column, err.message);
    return p;
}

static void test_read_small(void **state)
{
    (void)state;
    sc_population *p = read_fixture("population/small.csv");
    assert_int_equal(sc_population_size(p), 3);
    const sc_area_population *a = sc_population_get(p, 1);
    assert_string_equal(a->name, "Beta, upon Sea");
    assert_string_equal(a->code, "E09000002");
    assert_int_equal(a->residents, 250000);
    assert_null(sc_population_get(p, 3));
    /* lookups: exact name, code, case-insensitive name and code */
    assert_ptr_equal(sc_population_find(p, "Beta, upon Sea"), a);
    assert_ptr_equal(sc_population_find(p, "E09000002"), a);
    assert_ptr_equal(sc_population_find(p, "BETA, UPON SEA"), a);
    assert_ptr_equal(sc_population_find(p, "e09000002"), a);
    assert_string_equal(sc_population_find(p, "gamma")->name, "Gamma");
    assert_null(sc_population_find(p, "Delta"));
    assert_null(sc_population_find(p, "Beta"));
    assert_null(sc_population_find(NULL, "Alpha"));
    assert_null(sc_population_find(p, NULL));
    sc_population_free(p);
    sc_population_free(NULL);

    p = read_fixture("population/reordered.csv");
    assert_int_equal(sc_population_size(p), 1);
    assert_string_equal(sc_population_get(p, 0)->name, "One");
    assert_string_equal(sc_population_get(p, 0)->code, "E1");
    assert_int_equal(sc_population_get(p, 0)->residents, 5);
    sc_population_free(p);
}

static const struct bad_case {
    const char *file;
    int code;
    unsigned long line, column;
    const char *text;
} bad_cases[] = {
    { "population/missing-code.csv", SC_EDATA, 1, 0, "geography code" },
    { "population/zero.csv", SC_EDATA, 3, 4, "at least 1" },
    { "population/fraction.csv", SC_EDATA, 3, 4, "12.5" },
    { "population/dup-name.csv", SC_EDATA, 3, 2, "ALPHA" },
    { "population/dup-code.csv", SC_EDATA, 3, 3, "e1" },
    { "population/empty-code.csv", SC_EDATA, 2, 3, "empty" },
    { "population/overflow.csv", SC_EOVERFLOW, 2, 4, "2^64" },
    { "population/short.csv", SC_EDATA, 2, 4, "fields" },
    /* header "date,geography,geography code,Age: Total,Age: Total": the second is column 5 */
    { "population/dup-column.csv", SC_EDATA, 1, 5, "appears twice" },
    /* a ZIP (Excel .xlsx) file: named as such at 1:1 */
    { "population/excel.csv", SC_EPARSE, 1, 1, "Excel" },
    /* one header field holding ';' (line 1, no column) */
    { "population/semicolon.csv", SC_EDATA, 1, 0, "';'" },
};

static void test_read_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *t = &bad_cases[i];
        char path[TU_PATH_MAX];
        sc_error err;
        sc_population *p = (sc_population *)&err; /* must be reset to NULL */
        int rc = sc_population_read_path(&p, tu_fixture(path, t->file), &err);
        if (rc != t->code || err.line != t->line || err.column != t->column)
            fail_msg("%s: got %d at %lu:%lu (%s), want %d at %lu:%lu", t->file, rc, err.line,
                     err.column, err.message, t->code, t->line, t->column);
        assert_null(p);
        tu_assert_contains(err.message, t->text);
        tu_assert_contains(err.source, t->file);
    }
    sc_population *p = NULL;
    sc_error err;
    char path[TU_PATH_MAX];
    assert_int_equal(sc_population_read_path(&p, tu_fixture(path, "population/nope.csv"), &err),
                     SC_EIO);
    assert_int_equal(sc_population_read_path(NULL, path, &err), SC_EINVAL);
    assert_int_equal(sc_population_read_buffer(&p, NULL, 0, "empty", &err), SC_EDATA);
    assert_int_equal(sc_population_read_buffer(&p, NULL, 1, "bad", &err), SC_EINVAL);
    static const char mem[] = "geography,geography code,Total\nA,B,7\n";
    assert_int_equal(sc_population_read_buffer(&p, mem, strlen(mem), "mem", &err), SC_OK);
    assert_int_equal(sc_population_get(p, 0)->residents, 7);
    sc_population_free(p);
}

static sc_counts *synthetic(void)
{
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    /* Alpha 50 over two wards, Beta 0 (registered only), Aviation Security 12, Nowhere 3 */
    assert_int_equal(sc_counts_add(c, "E09000001", "North", "Alpha", "V", "S", MON(2025, 1), 20,
                                   NULL), SC_OK);
    assert_int_equal(sc_counts_add(c, "W2", "South", "Alpha", "V", "S", MON(2025, 2), 30, NULL),
                     SC_OK);
    assert_int_equal(sc_counts_add(c, "W3", "Quay", "Aviation Security (SO18)", "V", "S",
                                   MON(2025, 1), 12, NULL), SC_OK);
    assert_int_equal(sc_counts_add(c, "W4", "Gamma", "Nowhere", "V", "S", MON(2025, 1), 7,
                                   NULL), SC_OK);
    return c;
}

static void test_rates_borough(void **state)
{
    (void)state;
    sc_population *p = read_fixture("population/small.csv");
    sc_counts *c = synthetic();
    sc_totals *t = NULL;
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_BOROUGH, NULL, NULL), SC_OK);
    sc_rates *r = NULL;
    sc_error err;
    assert_int_equal(sc_population_rates(&r, p, t, NULL, &err), SC_OK);
    /* totals order: count descending: Alpha 50, Aviation Security 12, Nowhere 7 */
    assert_int_equal(sc_rates_size(r), 3);
    const sc_rate_row *row = sc_rates_get(r, 0);
    assert_string_equal(row->area, "Alpha");
    assert_int_equal(row->count, 50);
    assert_non_null(row->population);
    assert_string_equal(row->population->code, "E09000001");
    assert_int_equal(row->has_rate, 1);
    /* 50 / (10000 / 1000) = 5.0; scipy: [3.7110963737461864, 6.591876666433682] */
    assert_close(row->rate.estimate, 5.0, 1e-12);
    assert_close(row->rate.low, 3.7110963737461864, 1e-9);
    assert_close(row->rate.high, 6.591876666433682, 1e-9);
    assert_int_equal(row->rate.method, SC_METHOD_POISSON_EXACT);
    /* no population: no rate, never zero, and listed as unmatched */
    row = sc_rates_get(r, 1);
    assert_string_equal(row->area, "Aviation Security (SO18)");
    assert_null(row->population);
    assert_int_equal(row->has_rate, 0);
    assert_int_equal(sc_rates_unmatched_size(r), 2);
    assert_string_equal(sc_rates_unmatched(r, 0)->area, "Aviation Security (SO18)");
    assert_string_equal(sc_rates_unmatched(r, 1)->area, "Nowhere");
    assert_null(sc_rates_unmatched(r, 2));
    assert_null(sc_rates_get(r, 3));
    sc_rates_free(r);

    /* per 100,000 residents: 50 / 0.1 = 500; scipy: [371.1096373746186, 659.1876666433681] */
    sc_rates_options o = SC_RATES_OPTIONS_INIT;
    o.per = 100000;
    assert_int_equal(sc_population_rates(&r, p, t, &o, &err), SC_OK);
    assert_close(sc_rates_get(r, 0)->rate.estimate, 500.0, 1e-12);
    assert_close(sc_rates_get(r, 0)->rate.low, 371.1096373746186, 1e-9);
    sc_rates_free(r);

    /* the totals and population may be freed: rates keep copies */
    assert_int_equal(sc_population_rates(&r, p, t, NULL, &err), SC_OK);
    sc_totals_free(t);
    sc_population_free(p);
    sc_counts_free(c);
    assert_string_equal(sc_rates_get(r, 0)->population->name, "Alpha");
    assert_string_equal(sc_rates_get(r, 0)->area_name, "Alpha");
    sc_rates_free(r);
    sc_rates_free(NULL);
}

static void test_rates_ward(void **state)
{
    (void)state;
    sc_population *p = read_fixture("population/small.csv");
    sc_counts *c = synthetic();
    sc_totals *t = NULL;
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_WARD, NULL, NULL), SC_OK);
    sc_rates *r = NULL;
    sc_error err;
    assert_int_equal(sc_population_rates(&r, p, t, NULL, &err), SC_OK);
    /* wards: South 30, North 20 (code E09000001 matches Alpha), Quay 12, Gamma 7. Wards match
     * by code only (population.h): W4 "Gamma" does not take the population of the area named
     * Gamma, so it has no rate. */
    assert_int_equal(sc_rates_size(r), 4);
    assert_string_equal(sc_rates_get(r, 0)->area, "W2");
    assert_null(sc_rates_get(r, 0)->population);
    assert_string_equal(sc_rates_get(r, 1)->population->name, "Alpha");
    const sc_rate_row *g = sc_rates_get(r, 3);
    assert_string_equal(g->area, "W4");
    assert_string_equal(g->area_name, "Gamma");
    assert_null(g->population);
    assert_int_equal(g->has_rate, 0);
    assert_int_equal(sc_rates_unmatched_size(r), 3);
    sc_rates_free(r);
    sc_totals_free(t);

    /* other groupings and bad options */
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_MONTH, NULL, NULL), SC_OK);
    assert_int_equal(sc_population_rates(&r, p, t, NULL, &err), SC_EINVAL);
    assert_null(r);
    sc_totals_free(t);
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_BOROUGH, NULL, NULL), SC_OK);
    sc_rates_options o = SC_RATES_OPTIONS_INIT;
    o.per = 0;
    assert_int_equal(sc_population_rates(&r, p, t, &o, &err), SC_EINVAL);
    o = (sc_rates_options)SC_RATES_OPTIONS_INIT;
    o.level = 1.0;
    assert_int_equal(sc_population_rates(&r, p, t, &o, &err), SC_EINVAL);
    o = (sc_rates_options)SC_RATES_OPTIONS_INIT;
    o.version = 0;
    assert_int_equal(sc_population_rates(&r, p, t, &o, &err), SC_EINVAL);
    assert_int_equal(sc_population_rates(&r, NULL, t, NULL, &err), SC_EINVAL);
    sc_totals_free(t);
    sc_counts_free(c);
    sc_population_free(p);
}

/* ---------------------------------------------------------------- real data */

static const char *shared(char *buf, const char *rel)
{
    const char *dir = tu_shared_data_dir();
    if (dir == NULL)
        return NULL;
    tu_join(buf, dir, rel);
    return tu_file_exists(buf) ? buf : NULL;
}

static int by_rate_desc(const void *a, const void *b)
{
    const sc_rate_row *x = *(const sc_rate_row *const *)a, *y = *(const sc_rate_row *const *)b;
    return (x->rate.estimate < y->rate.estimate) - (x->rate.estimate > y->rate.estimate);
}

/* PROVENANCE.md: rates of 2025 stalking and harassment per 1,000 residents. */
static void test_real_rates(void **state)
{
    (void)state;
    char ppath[TU_PATH_MAX], cpath[TU_PATH_MAX];
    if (!shared(ppath, "population/census2021-ts007a-ltla.csv"))
        TU_SKIP("$SC_SHARED_DATA/population/census2021-ts007a-ltla.csv not found");
    if (!shared(cpath, "mps/mps-ward-2024-01_2025-12.csv"))
        TU_SKIP("$SC_SHARED_DATA/mps/mps-ward-2024-01_2025-12.csv not found");
    sc_population *p = NULL;
    sc_counts *c = NULL;
    sc_error err;
    assert_int_equal(sc_population_read_path(&p, ppath, &err), SC_OK);
    assert_int_equal(sc_population_size(p), 331); /* PROVENANCE.md */
    assert_int_equal(sc_population_find(p, "Westminster")->residents, 204235);
    assert_int_equal(sc_mps_read_path(&c, cpath, NULL, &err), SC_OK);
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    f.category = "STALKING AND HARASSMENT";
    f.from = MON(2025, 1);
    f.to = MON(2025, 12);
    sc_totals *t = NULL;
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_BOROUGH, &f, &err), SC_OK);
    sc_rates *r = NULL;
    assert_int_equal(sc_population_rates(&r, p, t, NULL, &err), SC_OK);
    assert_int_equal(sc_rates_size(r), 33);
    assert_int_equal(sc_rates_unmatched_size(r), 1);
    const sc_rate_row *so18 = sc_rates_unmatched(r, 0);
    assert_string_equal(so18->area, "Aviation Security (SO18)");
    assert_int_equal(so18->has_rate, 0);
    assert_null(so18->population);

    const sc_rate_row *rows[33];
    size_t n = 0;
    for (size_t i = 0; i < 33; i++)
        if (sc_rates_get(r, i)->has_rate)
            rows[n++] = sc_rates_get(r, i);
    assert_int_equal(n, 32);
    qsort(rows, n, sizeof rows[0], by_rate_desc);
    static const struct {
        const char *name;
        uint64_t k, pop;
        double rate;
    } top[5] = {
        { "Westminster", 2119, 204235, 10.3753 },
        { "Tower Hamlets", 2690, 310306, 8.6689 },
        { "Islington", 1775, 216587, 8.1953 },
        { "Lewisham", 2433, 300551, 8.0951 },
        { "Barking and Dagenham", 1770, 218869, 8.0870 },
    };
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(rows[i]->area, top[i].name);
        assert_int_equal(rows[i]->count, top[i].k);
        assert_int_equal(rows[i]->population->residents, top[i].pop);
        assert_true(fabs(rows[i]->rate.estimate - top[i].rate) < 0.00005);
        assert_true(rows[i]->rate.low < rows[i]->rate.estimate);
        assert_true(rows[i]->rate.high > rows[i]->rate.estimate);
    }
    /* Westminster's interval, scipy: [9.938201696953334, 10.826679586126295] */
    assert_close(rows[0]->rate.low, 9.938201696953334, 1e-9);
    assert_close(rows[0]->rate.high, 10.826679586126295, 1e-9);
    sc_rates_free(r);
    sc_totals_free(t);
    sc_counts_free(c);
    sc_population_free(p);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_small),    cmocka_unit_test(test_read_bad),
        cmocka_unit_test(test_rates_borough), cmocka_unit_test(test_rates_ward),
        cmocka_unit_test(test_real_rates),
    };
    return cmocka_run_group_tests_name("population", tests, NULL, NULL);
}
