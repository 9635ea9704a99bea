/*
 * test_chaos.c - fails each allocation in turn and checks that every public operation then
 * returns SC_ENOMEM, leaves its inputs as they were, and leaks nothing (leaks and invalid
 * accesses are caught when the suite runs under valgrind or AddressSanitizer).
 *
 * The library's sources are compiled into this program and linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, so the library's calls go through the
 * wrappers below. The expected results are the same operations run without failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stalkcase/stalkcase.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

/* Allocations left before one fails; negative: none fails. Only one allocation fails per
 * arming, so a caller that retries (libcsv halves its request and retries) may still succeed. */
static long countdown = -1;

/* Arms the n-th allocation from now to fail. */
static void arm(long n)
{
    countdown = n;
}

/* Disarms; returns 1 when the armed failure happened. */
static int disarm(void)
{
    int injected = countdown < 0;
    countdown = -1;
    return injected;
}

static int should_fail(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- == 0) {
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* A small file in the Met layout: BOM, CRLF, quoted fields, title and upper case, three wards,
 * two boroughs, two categories, three months. */
static const char sample_csv[] =
    "\xEF\xBB\xBFMajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402,202403\r\n"
    "VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,\"St Ann's\",E05000001,Alpha,3,4,5\r\n"
    "BURGLARY,RES BURGLARY OF A HOME,\"St Ann's\",E05000001,Alpha,1,0,2\r\n"
    "Violence Against the Person,Stalking and Harassment,\"Quay, North\",E05000002,Alpha,7,0,1\r\n"
    "\r\n"
    "VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,Hill,E05000003,Beta,2,2,2\r\n";

static int import_sample(sc_counts **out)
{
    return sc_mps_read_buffer(out, sample_csv, sizeof sample_csv - 1, "sample", NULL, NULL);
}

static void test_import(void **state)
{
    (void)state;
    sc_counts *expected;
    assert_int_equal(import_sample(&expected), SC_OK);
    long n;
    for (n = 0;; n++) {
        sc_counts *got = (sc_counts *)1;
        arm(n);
        int rc = import_sample(&got);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_true(sc_counts_equal(got, expected));
            sc_counts_free(got);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_null(got);
    }
    print_message("import: %ld allocation failures tried\n", n);
    assert_true(n > 10); /* the import allocates, so failures were exercised */
    sc_counts_free(expected);
}

/* The stream reader with error details: its read buffer, and the second pass that locates a
 * failure's line, are exercised under allocation failure too. */
static void test_import_stream(void **state)
{
    (void)state;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fwrite(sample_csv, 1, sizeof sample_csv - 1, fp), sizeof sample_csv - 1);
    sc_counts *expected;
    assert_int_equal(import_sample(&expected), SC_OK);
    long n;
    for (n = 0;; n++) {
        sc_counts *got = (sc_counts *)1;
        sc_error err;
        rewind(fp);
        arm(n);
        int rc = sc_mps_read_file(&got, fp, "sample", NULL, &err);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_true(sc_counts_equal(got, expected));
            sc_counts_free(got);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_int_equal(err.code, SC_ENOMEM);
        assert_null(got);
    }
    assert_true(n > 10);
    sc_counts_free(expected);
    fclose(fp);
}

/* Streaming a casebook with unique_ids: the id tables grow past their first size (40 victims,
 * 40 reports: both tables double at 32 ids); each failure is SC_ENOMEM, and without one the
 * stream gives every record (40 + 40, by construction), or, with a repeated report id last,
 * SC_EDATA after the 40 distinct ones. */
static int count_victim(const sc_victim *v, void *payload)
{
    (void)v;
    ++*(size_t *)payload;
    return 0;
}

static int count_report(const sc_report *r, void *payload)
{
    (void)r;
    ++*(size_t *)payload;
    return 0;
}

static void test_stream_unique_ids(void **state)
{
    (void)state;
    static char doc[8192];
    for (int repeat = 0; repeat <= 1; repeat++) {
        size_t len = (size_t)snprintf(doc, sizeof doc, "<casebook xmlns=\"%s\">",
                                      SC_XML_NAMESPACE);
        for (int i = 0; i < 40; i++)
            len += (size_t)snprintf(doc + len, sizeof doc - len, "<victim id=\"v-%d\"/>", i);
        for (int i = 0; i < 40 + repeat; i++)
            len += (size_t)snprintf(doc + len, sizeof doc - len,
                                    "<report id=\"r-%d\"><offence>stalking</offence></report>",
                                    i < 40 ? i : 7);
        len += (size_t)snprintf(doc + len, sizeof doc - len, "</casebook>");
        assert_true(len < sizeof doc);
        sc_xml_input in = SC_XML_INPUT_INIT;
        in.data = doc;
        in.size = len;
        sc_xml_read_options o = SC_XML_READ_OPTIONS_INIT;
        o.unique_ids = 1;
        long n;
        for (n = 0;; n++) {
            size_t seen = 0;
            sc_error err;
            arm(n);
            int rc = sc_xml_stream(&in, &o, count_victim, count_report, &seen, &err);
            int injected = disarm();
            if (injected) {
                assert_int_equal(rc, SC_ENOMEM);
                assert_int_equal(err.code, SC_ENOMEM);
                continue;
            }
            assert_int_equal(seen, 80);
            if (repeat) {
                assert_int_equal(rc, SC_EDATA);
                assert_string_equal(err.message, "report id \"r-7\" is used again (report 41; "
                                                 "first by report 8)");
            } else {
                assert_int_equal(rc, SC_OK);
            }
            break;
        }
        print_message("stream with unique_ids: %ld allocation failures tried\n", n);
        assert_true(n > 10);
    }
}

static void add_cells(sc_counts *c, const char *borough, uint64_t base)
{
    sc_month m;
    assert_int_equal(sc_month_make(&m, 2023, 11), SC_OK);
    for (int i = 0; i < 6; i++) {
        char code[16];
        snprintf(code, sizeof code, "E0500010%d", i);
        assert_int_equal(sc_counts_add(c, code, "Ward", borough, "VAP", "STALKING", m + i,
                                       base + (uint64_t)i, NULL),
                         SC_OK);
        assert_int_equal(sc_counts_add(c, code, "Ward", borough, "THEFT", "SHOPLIFTING",
                                       m + 30 * i, base, NULL),
                         SC_OK);
    }
}

static void test_add(void **state)
{
    (void)state;
    sc_month m;
    assert_int_equal(sc_month_make(&m, 2024, 1), SC_OK);
    for (long n = 0;; n++) {
        sc_counts *c = NULL;
        arm(n);
        int rc = sc_counts_new(&c);
        if (rc == SC_OK)
            rc = sc_counts_add(c, "E05000001", "Ward", "Alpha", "VAP", "STALKING", m, 5, NULL);
        if (rc == SC_OK)
            rc = sc_counts_add(c, "E05000002", "Ward", "Alpha", "VAP", "STALKING", m + 40, 2,
                               NULL);
        int injected = disarm();
        if (rc == SC_OK) {
            uint64_t v;
            assert_int_equal(sc_counts_get(c, "E05000002", "Ward", "Alpha", "vap", "stalking",
                                           m + 40, &v),
                             SC_OK);
            assert_int_equal(v, 2);
            sc_counts_free(c);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        /* whatever step failed, what was added before it is still there, and no more */
        if (c) {
            uint64_t v;
            assert_int_equal(sc_counts_get(c, "E05000002", "Ward", "Alpha", "VAP", "STALKING",
                                           m + 40, &v),
                             SC_OK);
            assert_int_equal(v, 0);
            assert_false(sc_counts_covers(c, m + 40));
        }
        sc_counts_free(c);
    }
}

static void test_merge(void **state)
{
    (void)state;
    sc_counts *src, *before, *expected;
    assert_int_equal(sc_counts_new(&src), SC_OK);
    assert_int_equal(sc_counts_new(&before), SC_OK);
    assert_int_equal(sc_counts_new(&expected), SC_OK);
    add_cells(src, "Beta", 10);
    add_cells(before, "Alpha", 1);
    add_cells(expected, "Alpha", 1);
    assert_int_equal(sc_counts_merge(expected, src, NULL), SC_OK);
    for (long n = 0;; n++) {
        sc_counts *dst;
        assert_int_equal(sc_counts_new(&dst), SC_OK);
        add_cells(dst, "Alpha", 1);
        arm(n);
        int rc = sc_counts_merge(dst, src, NULL);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_true(sc_counts_equal(dst, expected));
            sc_counts_free(dst);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_true(sc_counts_equal(dst, before)); /* unchanged */
        sc_counts_free(dst);
    }
    sc_counts_free(src);
    sc_counts_free(before);
    sc_counts_free(expected);
}

static int count_cells(const sc_cell *cell, void *payload)
{
    (void)cell;
    (*(size_t *)payload)++;
    return 0;
}

static void test_queries(void **state)
{
    (void)state;
    sc_counts *c;
    assert_int_equal(import_sample(&c), SC_OK);
    for (int by = SC_GROUP_MONTH; by <= SC_GROUP_CATEGORY; by++) {
        sc_totals *expected;
        assert_int_equal(sc_counts_totals(&expected, c, (sc_group)by, NULL, NULL), SC_OK);
        for (long n = 0;; n++) {
            sc_totals *t = (sc_totals *)1;
            arm(n);
            int rc = sc_counts_totals(&t, c, (sc_group)by, NULL, NULL);
            int injected = disarm();
            if (rc == SC_OK) {
                assert_int_equal(sc_totals_size(t), sc_totals_size(expected));
                assert_int_equal(sc_totals_sum(t), sc_totals_sum(expected));
                sc_totals_free(t);
                if (!injected)
                    break;
                continue;
            }
            assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
            assert_null(t);
        }
        sc_totals_free(expected);
    }
    for (long n = 0;; n++) {
        size_t cells = 0;
        arm(n);
        int rc = sc_counts_foreach(c, count_cells, &cells);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_int_equal(cells, sc_counts_size(c));
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
    }
    sc_counts_free(c);
}


/* ---------------------------------------------------------------- statistics modules */

/* Runs call with the n-th allocation failing, for n = 0, 1, ... until it succeeds without an
 * injected failure; every failure must be SC_ENOMEM. on_ok runs after each success (injected_
 * tells whether a failure was injected and survived), on_fail after each failure. */
#define CHAOS_LOOP(call, on_ok, on_fail)                                                     \
    do {                                                                                     \
        long n_;                                                                             \
        for (n_ = 0;; n_++) {                                                                \
            arm(n_);                                                                         \
            int rc_ = (call);                                                                \
            int injected_ = disarm();                                                        \
            if (rc_ == SC_OK) {                                                              \
                on_ok;                                                                       \
                if (!injected_)                                                              \
                    break;                                                                   \
                continue;                                                                    \
            }                                                                                \
            assert_true(injected_);                                                          \
            assert_int_equal(rc_, SC_ENOMEM);                                                \
            on_fail;                                                                         \
        }                                                                                    \
        assert_true(n_ > 0);                                                                 \
    } while (0)

static const char breaks_csv[] =
    "month,id,title,source,description\r\n"
    "2022-04,x-2022-04,\"Title, quoted\",Source,\"Two\nlines\"\r\n"
    "2021-01,y-2021-01,T,S,\r\n";

static const char population_csv[] =
    "date,geography,geography code,Age: Total\n"
    "2021,Alpha,E09000001,10000\n"
    "2021,Beta,E09000002,20000\n";

static void test_statistics(void **state)
{
    (void)state;
    sc_counts *c;
    assert_int_equal(import_sample(&c), SC_OK);

    /* breaks: a failed read leaves the table as it was */
    sc_breaks *b = NULL;
    CHAOS_LOOP(sc_breaks_new_england_wales(&b), (void)0, assert_null(b));
    CHAOS_LOOP(sc_breaks_read_buffer(b, breaks_csv, sizeof breaks_csv - 1, "b", NULL),
               assert_int_equal(sc_breaks_size(b), 5);
               if (injected_) {
                   sc_breaks_free(b);
                   assert_int_equal(sc_breaks_new_england_wales(&b), SC_OK);
               },
               assert_int_equal(sc_breaks_size(b), 3));

    /* series and comparison */
    sc_series *s = NULL;
    static const char *const cats[] = { "stalking and harassment" };
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    f.categories = cats;
    f.n_categories = 1;
    CHAOS_LOOP(sc_series_new(&s, c, &f, b, NULL),
               if (injected_) sc_series_free(s), assert_null(s));
    uint64_t v = 0;
    assert_int_equal(sc_series_value(s, 2024 * 12, &v),
                     SC_OK);
    assert_int_equal(v, 12); /* 3 + 7 + 2 */
    sc_comparison *cmp = NULL;
    CHAOS_LOOP(sc_comparison_new(&cmp, s, 2024 * 12, 2024 * 12, 2024 * 12 + 1, 2024 * 12 + 2,
                                 NULL, NULL),
               if (injected_) sc_comparison_free(cmp), assert_null(cmp));
    assert_int_equal(sc_comparison_after(cmp)->total, 6 + 8);
    sc_comparison_free(cmp);
    sc_series_free(s);

    /* population and rates */
    sc_population *p = NULL;
    CHAOS_LOOP(sc_population_read_buffer(&p, population_csv, sizeof population_csv - 1, "p",
                                         NULL),
               if (injected_) sc_population_free(p), assert_null(p));
    assert_int_equal(sc_population_size(p), 2);
    sc_totals *t = NULL;
    assert_int_equal(sc_counts_totals(&t, c, SC_GROUP_BOROUGH, NULL, NULL), SC_OK);
    sc_rates *r = NULL;
    CHAOS_LOOP(sc_population_rates(&r, p, t, NULL, NULL),
               if (injected_) sc_rates_free(r), assert_null(r));
    assert_int_equal(sc_rates_size(r), 2);
    assert_int_equal(sc_rates_unmatched_size(r), 0);
    sc_rates_free(r);
    sc_totals_free(t);
    sc_population_free(p);
    sc_breaks_free(b);
    sc_counts_free(c);
}

/* Builds a chart in up to `steps` steps (new, subtitle, line with band, marker, axis labels);
 * returns the status of the first failure and the number of steps done in *done. */
static int chart_steps(sc_chart **c, int steps, int *done)
{
    sc_month ms[4] = { 24240, 24241, 24242, 24244 };
    double v[4] = { 3, 5, 4, 6 }, lo[4] = { 2, 4, 3, 5 }, hi[4] = { 4, 6, 5, 7 };
    int rc = SC_OK;
    *done = 0;
    *c = NULL;
    if (steps > 0 && (rc = sc_chart_new(c, "Stalking, Alpha", NULL, NULL)) == SC_OK)
        (*done)++;
    if (rc == SC_OK && steps > 1 && (rc = sc_chart_set_subtitle(*c, "source", NULL)) == SC_OK)
        (*done)++;
    if (rc == SC_OK && steps > 2 &&
        (rc = sc_chart_add_line(*c, "Alpha", ms, v, lo, hi, 4, NULL)) == SC_OK)
        (*done)++;
    if (rc == SC_OK && steps > 3 && (rc = sc_chart_add_marker(*c, 24242, "rules", NULL)) == SC_OK)
        (*done)++;
    if (rc == SC_OK && steps > 4 &&
        (rc = sc_chart_set_axis_labels(*c, "Month", "Offences", NULL)) == SC_OK)
        (*done)++;
    return rc;
}

static void test_chart(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        sc_chart *c, *ref;
        char *doc = NULL, *refdoc = NULL;
        size_t size = 1, refsize = 0;
        int done, refdone;
        arm(n);
        int rc = chart_steps(&c, 5, &done);
        if (rc == SC_OK)
            rc = sc_chart_write_buffer(&doc, &size, c, NULL);
        else
            size = 0; /* not written */
        int injected = disarm();
        if (rc == SC_OK) {
            sc_free(doc);
            sc_chart_free(c);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_null(doc);
        assert_int_equal(size, 0);
        /* the chart holds exactly the steps that succeeded */
        assert_int_equal(chart_steps(&ref, done, &refdone), SC_OK);
        assert_int_equal(refdone, done);
        if (done >= 3) {
            assert_int_equal(sc_chart_write_buffer(&doc, &size, c, NULL), SC_OK);
            assert_int_equal(sc_chart_write_buffer(&refdoc, &refsize, ref, NULL), SC_OK);
            assert_int_equal(size, refsize);
            assert_memory_equal(doc, refdoc, size);
        }
        sc_free(doc);
        sc_free(refdoc);
        sc_chart_free(ref);
        sc_chart_free(c);
    }
}

/* Builds a small casebook through every kind of call that allocates. Records the caller still
 * owns when a step fails are released at the end: _free does nothing for a record that a
 * container has taken, and evidence is released before its report for that reason. */
static int build_casebook(sc_casebook **out)
{
    sc_casebook *cb = NULL;
    sc_victim *v = NULL;
    sc_report *r = NULL;
    sc_evidence *e = NULL;
    sc_time at;
    *out = NULL;
    int rc = sc_time_parse(&at, "2024-03-05T14:30:00+01:00", SC_TIME_ACCEPT_DATETIME, NULL);
    if (rc == SC_OK)
        rc = sc_casebook_new(&cb);
    if (rc == SC_OK)
        rc = sc_victim_new(&v, "v-1", NULL);
    if (rc == SC_OK)
        rc = sc_victim_set_text(v, SC_VICTIM_NAME, "Jane Example", NULL);
    if (rc == SC_OK)
        rc = sc_casebook_add_victim(cb, v);
    if (rc == SC_OK)
        rc = sc_report_new(&r, "r-1", NULL);
    if (rc == SC_OK)
        rc = sc_report_set_text(r, SC_REPORT_NOTES, "notes", NULL);
    if (rc == SC_OK)
        rc = sc_report_set_text(r, SC_REPORT_WARD_CODE, "E05000001", NULL);
    if (rc == SC_OK)
        rc = sc_report_set_time(r, SC_REPORT_REPORTED_AT, &at, NULL);
    if (rc == SC_OK)
        rc = sc_report_set_offence(r, SC_OFFENCE_STALKING);
    if (rc == SC_OK)
        rc = sc_report_add_victim(r, "v-1", NULL);
    if (rc == SC_OK)
        rc = sc_evidence_new(&e, "e-1", NULL);
    if (rc == SC_OK)
        rc = sc_evidence_set_kind(e, SC_EVIDENCE_EMAIL);
    if (rc == SC_OK)
        rc = sc_evidence_set_text(e, SC_EVIDENCE_DESCRIPTION, "threat", NULL);
    if (rc == SC_OK)
        rc = sc_evidence_add_custody(e, &at, "victim", "captured", "note", NULL);
    if (rc == SC_OK)
        rc = sc_report_add_evidence(r, e);
    if (rc == SC_OK)
        rc = sc_casebook_add_report(cb, r);
    sc_evidence_free(e);
    sc_report_free(r);
    sc_victim_free(v);
    if (rc != SC_OK) {
        sc_casebook_free(cb);
        return rc;
    }
    *out = cb;
    return SC_OK;
}

static void test_casebook(void **state)
{
    (void)state;
    sc_casebook *expected;
    assert_int_equal(build_casebook(&expected), SC_OK);
    for (long n = 0;; n++) {
        sc_casebook *cb = NULL;
        arm(n);
        int rc = build_casebook(&cb);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_true(sc_casebook_equal(cb, expected));
            sc_casebook_free(cb);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_null(cb);
    }
    /* checks and counting: SC_ENOMEM or the normal result, and the table as it was */
    for (long n = 0;; n++) {
        sc_counts *c;
        assert_int_equal(sc_counts_new(&c), SC_OK);
        arm(n);
        int rc = sc_casebook_check(expected, NULL, NULL, NULL);
        if (rc == SC_OK)
            rc = sc_casebook_count(expected, c, NULL);
        int injected = disarm();
        if (rc == SC_OK) {
            assert_int_equal(sc_counts_size(c), 1);
            sc_counts_free(c);
            if (!injected)
                break;
            continue;
        }
        assert_true(injected);
        assert_int_equal(rc, SC_ENOMEM);
        assert_int_equal(sc_counts_size(c), 0);
        sc_counts_free(c);
    }
    /* copies: SC_ENOMEM with nothing allocated, or a deep-equal copy; the original as it was */
    const sc_report *r0 = sc_casebook_report(expected, 0);
    const sc_victim *v0 = sc_casebook_victim(expected, 0);
    const sc_evidence *e0 = sc_report_evidence(r0, 0);
    long tried = 0;
    for (int what = 0; what < 3; what++) {
        for (long n = 0;; n++) {
            void *copy = (void *)1;
            arm(n);
            int rc = what == 0 ? sc_report_copy((sc_report **)&copy, r0)
                   : what == 1 ? sc_victim_copy((sc_victim **)&copy, v0)
                               : sc_evidence_copy((sc_evidence **)&copy, e0);
            int injected = disarm();
            if (rc == SC_OK) {
                assert_true(what == 0 ? sc_report_equal(copy, r0)
                            : what == 1 ? sc_victim_equal(copy, v0)
                                        : sc_evidence_equal(copy, e0));
                if (what == 0)
                    sc_report_free(copy);
                else if (what == 1)
                    sc_victim_free(copy);
                else
                    sc_evidence_free(copy);
                if (!injected)
                    break;
                continue;
            }
            tried++;
            assert_true(injected);
            assert_int_equal(rc, SC_ENOMEM);
            assert_null(copy);
        }
    }
    assert_true(tried > 15); /* report, its victim reference, evidence and custody texts */
    sc_casebook *again;
    assert_int_equal(build_casebook(&again), SC_OK);
    assert_true(sc_casebook_equal(again, expected));
    sc_casebook_free(again);
    /* a setter that cannot allocate leaves the field as it was */
    sc_report *r = sc_casebook_report_mut(expected, 0);
    arm(0);
    assert_int_equal(sc_report_set_text(r, SC_REPORT_NOTES, "replacement", NULL), SC_ENOMEM);
    assert_true(disarm());
    assert_string_equal(sc_report_get_text(r, SC_REPORT_NOTES), "notes");
    arm(0);
    assert_int_equal(sc_report_add_victim(r, "v-2", NULL), SC_ENOMEM);
    assert_true(disarm());
    assert_int_equal(sc_report_victim_count(r), 1);
    sc_casebook_free(expected);
}

/* Victim references past the linear range: the 17th reference builds a hash set and the 33rd
 * grows it (64 slots hold 32 at load 1/2). Each allocation of those calls fails in turn: the
 * call returns SC_ENOMEM, the references stay as they were and duplicates are still refused;
 * then the call succeeds. */
static void test_victim_refs(void **state)
{
    (void)state;
    sc_report *r = NULL;
    assert_int_equal(sc_report_new(&r, "r-1", NULL), SC_OK);
    char id[32];
    long tried = 0;
    for (int k = 0; k < 40; k++) {
        snprintf(id, sizeof id, "v-%d", k);
        for (long n = 0;; n++) {
            arm(n);
            int rc = sc_report_add_victim(r, id, NULL);
            int injected = disarm();
            if (rc == SC_OK) {
                if (!injected)
                    break;
                fail_msg("succeeded although allocation %ld failed", n);
            }
            tried++;
            assert_true(injected);
            assert_int_equal(rc, SC_ENOMEM);
            assert_int_equal(sc_report_victim_count(r), (size_t)k);
            for (int j = 0; j < k; j++) {
                char dup[32];
                snprintf(dup, sizeof dup, "v-%d", j);
                assert_int_equal(sc_report_add_victim(r, dup, NULL), SC_EDATA);
            }
        }
        assert_int_equal(sc_report_victim_count(r), (size_t)k + 1);
        assert_string_equal(sc_report_victim(r, (size_t)k), id);
    }
    assert_true(tried >= 40 + 2); /* each copy, plus the set at the 17th and 33rd */
    for (int j = 0; j < 40; j++) {
        snprintf(id, sizeof id, "v-%d", j);
        assert_int_equal(sc_report_add_victim(r, id, NULL), SC_EDATA);
    }
    sc_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_import_stream),
        cmocka_unit_test(test_stream_unique_ids),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_statistics),
        cmocka_unit_test(test_chart),
        cmocka_unit_test(test_casebook),
        cmocka_unit_test(test_victim_refs),
    };
    int rc = cmocka_run_group_tests_name("chaos (allocation failures)", tests, NULL, NULL);
    return rc;
}
