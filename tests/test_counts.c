/*
 * tests/test_counts.c - count tables, merging and grouped totals (counts.h).
 *
 * Written against include/stalkcase/counts.h only. Expected values are either worked out by
 * hand (the arithmetic is in the comments) or computed by an independent model kept in this
 * file: plain arrays of sums indexed by (area, category, month), sorted with comparators
 * written here from the header's description of the orders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stalkcase/stalkcase.h>

/* month.h's definition, written out independently of the library. */
#define M(y, mo) ((sc_month)((y) * 12 + ((mo) - 1)))

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ================================================================== helpers */

static sc_counts *new_table(void)
{
    sc_counts *c = NULL;
    assert_int_equal(sc_counts_new(&c), SC_OK);
    assert_non_null(c);
    return c;
}

static void add_ok(sc_counts *c, const char *wc, const char *wn, const char *b,
                   const char *maj, const char *min, sc_month m, uint64_t n)
{
    sc_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = sc_counts_add(c, wc, wn, b, maj, min, m, n, &err);
    if (rc != SC_OK)
        fail_msg("sc_counts_add(%s|%s|%s|%s|%s, %ld, %llu) = %d (%s)", wc, wn, b, maj, min,
                 (long)m, (unsigned long long)n, rc, err.message);
}

static uint64_t get_count(const sc_counts *c, const char *wc, const char *wn, const char *b,
                          const char *maj, const char *min, sc_month m)
{
    uint64_t v = 0xdeadbeefULL;
    assert_int_equal(sc_counts_get(c, wc, wn, b, maj, min, m, &v), SC_OK);
    return v;
}

static void merge_ok(sc_counts *dst, const sc_counts *src)
{
    sc_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = sc_counts_merge(dst, src, &err);
    if (rc != SC_OK)
        fail_msg("sc_counts_merge = %d (%s)", rc, err.message);
}

/* A copy made through the API: an empty table with src merged into it. */
static sc_counts *copy_table(const sc_counts *src)
{
    sc_counts *c = new_table();
    merge_ok(c, src);
    return c;
}

/* ASCII case folding written here, independently of the library. */
static int ascii_lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int ci_cmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    while (*p && ascii_lower(*p) == ascii_lower(*q)) {
        p++;
        q++;
    }
    return ascii_lower(*p) - ascii_lower(*q);
}

static int ci_eq(const char *a, const char *b)
{
    return ci_cmp(a, b) == 0;
}

/* Deterministic pseudo-random numbers (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static void rng_seed(uint64_t seed)
{
    rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned rnd(unsigned n)
{
    return (unsigned)((rng_next() >> 33) % n);
}

/* Copies src, flipping the case of each ASCII letter at random. */
static void random_case(char *dst, size_t size, const char *src)
{
    size_t i;
    for (i = 0; src[i] != '\0' && i + 1 < size; i++) {
        char ch = src[i];
        if (rnd(2)) {
            if (ch >= 'a' && ch <= 'z')
                ch = (char)(ch - 'a' + 'A');
            else if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch - 'A' + 'a');
        }
        dst[i] = ch;
    }
    dst[i] = '\0';
}

/* ------------------------------------------------------------------ foreach collector */

#define TEXT_MAX 80

struct visit {
    char wc[TEXT_MAX], wn[TEXT_MAX], b[TEXT_MAX], maj[TEXT_MAX], min[TEXT_MAX];
    sc_month month;
    uint64_t count;
    int null_text;
};

struct collector {
    size_t n, cap;
    struct visit *v;
    size_t stop_at;   /* stop after this many visits (0: never) */
    int stop_value;
};

#define COLLECTOR_FULL 0x7ead

static void copy_text(char *dst, const char *src)
{
    snprintf(dst, TEXT_MAX, "%s", src ? src : "(null)");
}

static int collect_cb(const sc_cell *cell, void *payload)
{
    struct collector *col = payload;
    struct visit *v;
    if (col->n == col->cap)
        return COLLECTOR_FULL;
    v = &col->v[col->n++];
    v->null_text = cell->ward_code == NULL || cell->ward_name == NULL || cell->borough == NULL
                   || cell->major == NULL || cell->minor == NULL;
    copy_text(v->wc, cell->ward_code);
    copy_text(v->wn, cell->ward_name);
    copy_text(v->b, cell->borough);
    copy_text(v->maj, cell->major);
    copy_text(v->min, cell->minor);
    v->month = cell->month;
    v->count = cell->count;
    if (col->stop_at != 0 && col->n == col->stop_at)
        return col->stop_value;
    return 0;
}

static void collector_init(struct collector *col, size_t cap)
{
    memset(col, 0, sizeof *col);
    col->cap = cap;
    col->v = calloc(cap, sizeof *col->v);
    assert_non_null(col->v);
}

static void collector_free(struct collector *col)
{
    free(col->v);
    col->v = NULL;
}

/* Visits every cell of c into col (which is reset first). */
static void collect_all(const sc_counts *c, struct collector *col)
{
    size_t i;
    col->n = 0;
    col->stop_at = 0;
    assert_int_equal(sc_counts_foreach(c, collect_cb, col), SC_OK);
    for (i = 0; i < col->n; i++) {
        assert_int_equal(col->v[i].null_text, 0);
        assert_int_equal(sc_month_valid(col->v[i].month), 1);
        assert_true(col->v[i].count > 0);   /* only non-zero cells are visited */
    }
}

static int visit_same(const struct visit *a, const struct visit *b)
{
    return strcmp(a->wc, b->wc) == 0 && strcmp(a->wn, b->wn) == 0 && strcmp(a->b, b->b) == 0
           && strcmp(a->maj, b->maj) == 0 && strcmp(a->min, b->min) == 0
           && a->month == b->month && a->count == b->count;
}

/* An expected cell, spelled out. */
struct exp_cell {
    const char *wc, *wn, *b, *maj, *min;
    sc_month month;
    uint64_t count;
};

static void assert_visits(const struct collector *col, const struct exp_cell *e, size_t n)
{
    size_t i;
    if (col->n != n)
        fail_msg("foreach visited %zu cells, want %zu", col->n, n);
    for (i = 0; i < n; i++) {
        const struct visit *v = &col->v[i];
        if (strcmp(v->wc, e[i].wc) != 0 || strcmp(v->wn, e[i].wn) != 0
            || strcmp(v->b, e[i].b) != 0 || strcmp(v->maj, e[i].maj) != 0
            || strcmp(v->min, e[i].min) != 0 || v->month != e[i].month
            || v->count != e[i].count)
            fail_msg("visit %zu: got %s|%s|%s|%s|%s|%ld=%llu, want %s|%s|%s|%s|%s|%ld=%llu", i,
                     v->wc, v->wn, v->b, v->maj, v->min, (long)v->month,
                     (unsigned long long)v->count, e[i].wc, e[i].wn, e[i].b, e[i].maj,
                     e[i].min, (long)e[i].month, (unsigned long long)e[i].count);
    }
}

/* ------------------------------------------------------------------ totals helpers */

static sc_totals *totals_ok(const sc_counts *c, sc_group by, const sc_counts_filter *f)
{
    sc_totals *t = NULL;
    sc_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = sc_counts_totals(&t, c, by, f, &err);
    if (rc != SC_OK)
        fail_msg("sc_counts_totals(by %d) = %d (%s)", (int)by, rc, err.message);
    assert_non_null(t);
    assert_int_equal(sc_totals_group(t), by);
    return t;
}

/*
 * An expected row. Meaning of a, b, c by grouping: MONTH none; BOROUGH a = borough;
 * WARD a = ward code, b = ward name, c = borough; CATEGORY a = major, b = minor.
 */
struct exp_row {
    const char *a, *b, *c;
    sc_month month;
    uint64_t count;
};

static void assert_text(const char *what, size_t i, const char *got, const char *want)
{
    if (want == NULL) {
        if (got != NULL)
            fail_msg("row %zu: %s is \"%s\", want NULL", i, what, got);
        return;
    }
    if (got == NULL)
        fail_msg("row %zu: %s is NULL, want \"%s\"", i, what, want);
    if (strcmp(got, want) != 0)
        fail_msg("row %zu: %s is \"%s\", want \"%s\"", i, what, got, want);
}

static void assert_rows(const sc_totals *t, const struct exp_row *rows, size_t n)
{
    size_t i;
    uint64_t sum = 0;
    sc_group by = sc_totals_group(t);
    if (sc_totals_size(t) != n)
        fail_msg("totals (by %d) have %zu rows, want %zu", (int)by, sc_totals_size(t), n);
    for (i = 0; i < n; i++) {
        const sc_cell *cell = sc_totals_get(t, i);
        const char *wc = NULL, *wn = NULL, *bo = NULL, *maj = NULL, *min = NULL;
        sc_month month = SC_MONTH_NONE;
        assert_non_null(cell);
        switch (by) {
        case SC_GROUP_MONTH: month = rows[i].month; break;
        case SC_GROUP_BOROUGH: bo = rows[i].a; break;
        case SC_GROUP_WARD: wc = rows[i].a; wn = rows[i].b; bo = rows[i].c; break;
        case SC_GROUP_CATEGORY: maj = rows[i].a; min = rows[i].b; break;
        default: fail_msg("unexpected grouping %d", (int)by);
        }
        assert_text("ward_code", i, cell->ward_code, wc);
        assert_text("ward_name", i, cell->ward_name, wn);
        assert_text("borough", i, cell->borough, bo);
        assert_text("major", i, cell->major, maj);
        assert_text("minor", i, cell->minor, min);
        if (cell->month != month)
            fail_msg("row %zu: month %ld, want %ld", i, (long)cell->month, (long)month);
        if (cell->count != rows[i].count)
            fail_msg("row %zu: count %llu, want %llu", i, (unsigned long long)cell->count,
                     (unsigned long long)rows[i].count);
        sum += rows[i].count;
    }
    assert_null(sc_totals_get(t, n));
    assert_null(sc_totals_get(t, n + 1000));
    assert_int_equal(sc_totals_sum(t), sum);
}

static void check_totals(const sc_counts *c, sc_group by, const sc_counts_filter *f,
                         const struct exp_row *rows, size_t n)
{
    sc_totals *t = totals_ok(c, by, f);
    assert_rows(t, rows, n);
    sc_totals_free(t);
}

/* ================================================================== new / free / add / get */

static void test_new_free(void **state)
{
    sc_counts *c;
    sc_month first = 5, last = 5;
    (void)state;
    assert_int_equal(sc_counts_new(NULL), SC_EINVAL);
    c = new_table();
    assert_int_equal(sc_counts_size(c), 0);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_ENOTFOUND);
    assert_int_equal(first, SC_MONTH_NONE);
    assert_int_equal(last, SC_MONTH_NONE);
    assert_int_equal(sc_counts_covers(c, M(2024, 1)), 0);
    assert_int_equal(get_count(c, "E05000001", "Alpha", "Westminster", "A", "B", M(2024, 1)), 0);
    sc_counts_free(c);
    sc_counts_free(NULL);
    assert_int_equal(sc_counts_size(NULL), 0);
    assert_int_equal(sc_counts_covers(NULL, M(2024, 1)), 0);
}

static void test_add_get_basic(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1), feb = M(2024, 2);
    (void)state;
    add_ok(c, "E05013806", "St James's", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", jan, 5);
    add_ok(c, "E05013806", "St James's", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", jan, 3);
    add_ok(c, "E05013806", "St James's", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", feb, 11);
    /* 5 + 3 = 8 in January; February separate. */
    assert_int_equal(get_count(c, "E05013806", "St James's", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", jan), 8);
    assert_int_equal(get_count(c, "E05013806", "St James's", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", feb),
                     11);
    /* A month never added reads 0. */
    assert_int_equal(get_count(c, "E05013806", "St James's", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT",
                               M(2024, 3)), 0);
    /* Another category in the same area reads 0. */
    assert_int_equal(get_count(c, "E05013806", "St James's", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT", jan), 0);
    assert_int_equal(sc_counts_size(c), 2);
    assert_int_equal(sc_counts_covers(c, jan), 1);
    assert_int_equal(sc_counts_covers(c, feb), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 3)), 0);
    assert_int_equal(sc_counts_covers(c, M(2023, 12)), 0);

    /* Empty texts are allowed anywhere. */
    add_ok(c, "", "", "Aviation Security (SO18)", "", "", jan, 2);
    assert_int_equal(get_count(c, "", "", "Aviation Security (SO18)", "", "", jan), 2);
    assert_int_equal(sc_counts_size(c), 3);

    /* Boundary months work as keys. */
    add_ok(c, "E1", "W", "B", "X", "Y", SC_MONTH_MIN, 1);
    add_ok(c, "E1", "W", "B", "X", "Y", SC_MONTH_MAX, 1);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", SC_MONTH_MIN), 1);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", SC_MONTH_MAX), 1);
    assert_int_equal(sc_counts_size(c), 5);
    sc_counts_free(c);
}

static void test_add_get_invalid_args(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1), mar = M(2024, 3);
    static const sc_month bad_months[] = {
        SC_MONTH_NONE, 0, SC_MONTH_MIN - 1, SC_MONTH_MAX + 1, INT32_MAX, INT32_MIN
    };
    sc_error err;
    uint64_t v;
    size_t i;
    (void)state;
    add_ok(c, "E1", "W", "B", "X", "Y", jan, 4);

    assert_int_equal(sc_counts_add(NULL, "E1", "W", "B", "X", "Y", mar, 1, NULL), SC_EINVAL);
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_counts_add(c, NULL, "W", "B", "X", "Y", mar, 1, &err), SC_EINVAL);
    assert_int_equal(err.code, SC_EINVAL);
    assert_int_equal(sc_counts_add(c, "E1", NULL, "B", "X", "Y", mar, 1, NULL), SC_EINVAL);
    assert_int_equal(sc_counts_add(c, "E1", "W", NULL, "X", "Y", mar, 1, NULL), SC_EINVAL);
    assert_int_equal(sc_counts_add(c, "E1", "W", "B", NULL, "Y", mar, 1, NULL), SC_EINVAL);
    assert_int_equal(sc_counts_add(c, "E1", "W", "B", "X", NULL, mar, 1, NULL), SC_EINVAL);
    for (i = 0; i < ARRAY_LEN(bad_months); i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_counts_add(c, "E1", "W", "B", "X", "Y", bad_months[i], 1, &err),
                         SC_EINVAL);
        assert_int_equal(err.code, SC_EINVAL);
    }
    /* Nothing changed: one cell of 4, only January covered. */
    assert_int_equal(sc_counts_size(c), 1);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", jan), 4);
    assert_int_equal(sc_counts_covers(c, mar), 0);
    {
        sc_month first, last;
        assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
        assert_int_equal(first, jan);
        assert_int_equal(last, jan);
    }

    assert_int_equal(sc_counts_get(NULL, "E1", "W", "B", "X", "Y", jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, NULL, "W", "B", "X", "Y", jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, "E1", NULL, "B", "X", "Y", jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, "E1", "W", NULL, "X", "Y", jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, "E1", "W", "B", NULL, "Y", jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, "E1", "W", "B", "X", NULL, jan, &v), SC_EINVAL);
    assert_int_equal(sc_counts_get(c, "E1", "W", "B", "X", "Y", jan, NULL), SC_EINVAL);
    /* counts.h: an invalid month is SC_EINVAL, with *out set to 0 */
    v = 7;
    assert_int_equal(sc_counts_get(c, "E1", "W", "B", "X", "Y", SC_MONTH_NONE, &v), SC_EINVAL);
    assert_int_equal(v, 0);
    assert_int_equal(sc_counts_get(c, "E1", "W", "B", "X", "Y", SC_MONTH_MAX + 1, &v), SC_EINVAL);
    sc_counts_free(c);
}

static void test_categories_case_insensitive(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1), feb = M(2024, 2);
    struct collector col;
    static const struct exp_cell want[] = {
        /* 2 + 3 = 5 in January, first spelling kept */
        { "E05000001", "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
          "STALKING AND HARASSMENT", M(2024, 1), 5 },
        { "E05000001", "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
          "STALKING AND HARASSMENT", M(2024, 2), 4 },
    };
    (void)state;
    add_ok(c, "E05000001", "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", jan, 2);
    add_ok(c, "E05000001", "Alpha", "Westminster", "Violence Against The Person",
           "Stalking and Harassment", jan, 3);
    add_ok(c, "E05000001", "Alpha", "Westminster", "violence against the person",
           "stalking and harassment", feb, 4);
    assert_int_equal(sc_counts_size(c), 2);
    assert_int_equal(get_count(c, "E05000001", "Alpha", "Westminster",
                               "vIoLeNcE aGaInSt ThE pErSoN", "STALKING and harassment", jan), 5);
    assert_int_equal(get_count(c, "E05000001", "Alpha", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", feb), 4);
    collector_init(&col, 16);
    collect_all(c, &col);
    assert_visits(&col, want, ARRAY_LEN(want));
    collector_free(&col);
    sc_counts_free(c);
}

static void test_categories_first_spelling_from_zero_add(void **state)
{
    sc_counts *c = new_table();
    struct collector col;
    static const struct exp_cell want[] = {
        { "E1", "W", "B", "Burglary", "Residential burglary", M(2024, 2), 5 },
    };
    (void)state;
    /* Adding 0 registers the category, so its spelling is the first one added. */
    add_ok(c, "E1", "W", "B", "Burglary", "Residential burglary", M(2024, 1), 0);
    add_ok(c, "E1", "W", "B", "BURGLARY", "RESIDENTIAL BURGLARY", M(2024, 2), 5);
    collector_init(&col, 16);
    collect_all(c, &col);
    assert_visits(&col, want, ARRAY_LEN(want));
    collector_free(&col);
    {
        static const struct exp_row rows[] = {
            { "Burglary", "Residential burglary", NULL, SC_MONTH_NONE, 5 },
        };
        check_totals(c, SC_GROUP_CATEGORY, NULL, rows, ARRAY_LEN(rows));
    }
    sc_counts_free(c);
}

static void test_categories_ascii_only_folding(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1);
    (void)state;
    /* "café" and "CAFé" differ only in ASCII case: one category (1 + 2 = 3). */
    add_ok(c, "E1", "W", "B", "caf\xc3\xa9", "x", jan, 1);
    add_ok(c, "E1", "W", "B", "CAF\xc3\xa9", "X", jan, 2);
    /* "CAFÉ" has É (C3 89), not é (C3 A9): a different category, non-ASCII is not folded. */
    add_ok(c, "E1", "W", "B", "CAF\xc3\x89", "X", jan, 4);
    assert_int_equal(sc_counts_size(c), 2);
    assert_int_equal(get_count(c, "E1", "W", "B", "Caf\xc3\xa9", "x", jan), 3);
    assert_int_equal(get_count(c, "E1", "W", "B", "caf\xc3\x89", "x", jan), 4);

    /* '[' (0x5B) and '{' (0x7B) differ by 0x20 like 'K' and 'k', but they are not letters:
       "A[1]" and "a{1}" are different categories. Same for '@'/'`' and '^'/'~'. */
    add_ok(c, "E1", "W", "B", "A[1]", "z", jan, 8);
    add_ok(c, "E1", "W", "B", "a{1}", "z", jan, 16);
    add_ok(c, "E1", "W", "B", "@", "^", jan, 32);
    add_ok(c, "E1", "W", "B", "`", "~", jan, 64);
    assert_int_equal(sc_counts_size(c), 6);
    assert_int_equal(get_count(c, "E1", "W", "B", "a[1]", "Z", jan), 8);
    assert_int_equal(get_count(c, "E1", "W", "B", "A{1}", "Z", jan), 16);
    assert_int_equal(get_count(c, "E1", "W", "B", "@", "^", jan), 32);
    assert_int_equal(get_count(c, "E1", "W", "B", "`", "~", jan), 64);
    assert_int_equal(get_count(c, "E1", "W", "B", "@", "~", jan), 0);
    sc_counts_free(c);
}

static void test_areas_byte_for_byte(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1);
    (void)state;
    add_ok(c, "E05000001", "St James's", "Westminster", "X", "Y", jan, 1);
    add_ok(c, "E05000001", "ST JAMES'S", "Westminster", "X", "Y", jan, 2);
    add_ok(c, "E05000001", "St James's", "westminster", "X", "Y", jan, 4);
    add_ok(c, "E05000001", "St James's ", "Westminster", "X", "Y", jan, 8);
    add_ok(c, "e05000001", "St James's", "Westminster", "X", "Y", jan, 16);
    assert_int_equal(sc_counts_size(c), 5);
    assert_int_equal(get_count(c, "E05000001", "St James's", "Westminster", "x", "y", jan), 1);
    assert_int_equal(get_count(c, "E05000001", "ST JAMES'S", "Westminster", "X", "Y", jan), 2);
    assert_int_equal(get_count(c, "E05000001", "St James's", "westminster", "X", "Y", jan), 4);
    assert_int_equal(get_count(c, "E05000001", "St James's ", "Westminster", "X", "Y", jan), 8);
    assert_int_equal(get_count(c, "e05000001", "St James's", "Westminster", "X", "Y", jan), 16);
    assert_int_equal(get_count(c, "E05000001", "st james's", "Westminster", "X", "Y", jan), 0);
    assert_int_equal(get_count(c, "E05000001", "St James's", "WESTMINSTER", "X", "Y", jan), 0);
    sc_counts_free(c);
}

static void test_keys_do_not_collide(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1);
    (void)state;
    /* Texts that would run together if the key were a plain or separator-joined string. */
    add_ok(c, "E1", "X", "B", "M", "N", jan, 1);
    add_ok(c, "E1X", "", "B", "M", "N", jan, 2);
    add_ok(c, "E1", "", "XB", "M", "N", jan, 4);
    add_ok(c, "E1", "XB", "", "M", "N", jan, 8);
    add_ok(c, "Q", "W", "B", "AB", "C", jan, 16);
    add_ok(c, "Q", "W", "B", "A", "BC", jan, 32);
    add_ok(c, "a|b", "c", "d", "M", "N", jan, 64);
    add_ok(c, "a", "b|c", "d", "M", "N", jan, 128);
    add_ok(c, "a\tb", "c", "d", "M", "N", jan, 256);
    add_ok(c, "a", "b\tc", "d", "M", "N", jan, 512);
    add_ok(c, "a\x1f" "b", "c", "d", "M", "N", jan, 1024);
    add_ok(c, "a", "b\x1f" "c", "d", "M", "N", jan, 2048);
    add_ok(c, "Q", "W", "B", "A|B", "C", jan, 4096);
    add_ok(c, "Q", "W", "B", "A", "B|C", jan, 8192);
    assert_int_equal(sc_counts_size(c), 14);
    assert_int_equal(get_count(c, "E1", "X", "B", "M", "N", jan), 1);
    assert_int_equal(get_count(c, "E1X", "", "B", "M", "N", jan), 2);
    assert_int_equal(get_count(c, "E1", "", "XB", "M", "N", jan), 4);
    assert_int_equal(get_count(c, "E1", "XB", "", "M", "N", jan), 8);
    assert_int_equal(get_count(c, "Q", "W", "B", "AB", "C", jan), 16);
    assert_int_equal(get_count(c, "Q", "W", "B", "A", "BC", jan), 32);
    assert_int_equal(get_count(c, "a|b", "c", "d", "M", "N", jan), 64);
    assert_int_equal(get_count(c, "a", "b|c", "d", "M", "N", jan), 128);
    assert_int_equal(get_count(c, "a\tb", "c", "d", "M", "N", jan), 256);
    assert_int_equal(get_count(c, "a", "b\tc", "d", "M", "N", jan), 512);
    assert_int_equal(get_count(c, "a\x1f" "b", "c", "d", "M", "N", jan), 1024);
    assert_int_equal(get_count(c, "a", "b\x1f" "c", "d", "M", "N", jan), 2048);
    assert_int_equal(get_count(c, "Q", "W", "B", "A|B", "C", jan), 4096);
    assert_int_equal(get_count(c, "Q", "W", "B", "A", "B|C", jan), 8192);
    sc_counts_free(c);
}

/* sc_counts_has_category: a category added with 0 is known; matching is by minor or major
 * text, ASCII-case-insensitively; other texts (and area texts) are not categories. */
static void test_has_category(void **state)
{
    sc_counts *c = new_table();
    (void)state;
    assert_int_equal(sc_counts_has_category(c, "Y"), 0);
    add_ok(c, "E1", "W", "B", "Violence Against The Person", "Stalking and Harassment",
           M(2024, 3), 0);
    assert_int_equal(sc_counts_has_category(c, "STALKING AND HARASSMENT"), 1);
    assert_int_equal(sc_counts_has_category(c, "violence against the person"), 1);
    assert_int_equal(sc_counts_has_category(c, "Stalking"), 0);
    assert_int_equal(sc_counts_has_category(c, "W"), 0);
    assert_int_equal(sc_counts_has_category(c, ""), 0);
    assert_int_equal(sc_counts_has_category(c, NULL), 0);
    assert_int_equal(sc_counts_has_category(NULL, "Y"), 0);
    sc_counts_free(c);
}

static void test_add_zero_covers(void **state)
{
    sc_counts *c = new_table();
    const sc_month mar = M(2024, 3);
    struct collector col;
    sc_month first, last;
    (void)state;
    add_ok(c, "E1", "W", "B", "X", "Y", mar, 0);
    assert_int_equal(sc_counts_covers(c, mar), 1);
    assert_int_equal(sc_counts_covers(c, mar + 1), 0);
    assert_int_equal(sc_counts_covers(c, mar - 1), 0);
    assert_int_equal(sc_counts_size(c), 0);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", mar), 0);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, mar);
    assert_int_equal(last, mar);
    collector_init(&col, 4);
    collect_all(c, &col);
    assert_int_equal(col.n, 0);
    collector_free(&col);

    /* The zero cell is registered but gives no group; the covered month gives a 0 row. */
    {
        static const struct exp_row month_rows[] = { { NULL, NULL, NULL, M(2024, 3), 0 } };
        check_totals(c, SC_GROUP_MONTH, NULL, month_rows, 1);
        check_totals(c, SC_GROUP_BOROUGH, NULL, NULL, 0);
        check_totals(c, SC_GROUP_WARD, NULL, NULL, 0);
        check_totals(c, SC_GROUP_CATEGORY, NULL, NULL, 0);
    }

    /* A later non-zero add to the same cell counts normally: 0 + 7. */
    add_ok(c, "E1", "W", "B", "X", "Y", mar, 7);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", mar), 7);
    assert_int_equal(sc_counts_size(c), 1);
    /* Adding 0 to a non-zero cell changes nothing. */
    add_ok(c, "E1", "W", "B", "X", "Y", mar, 0);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", mar), 7);
    assert_int_equal(sc_counts_size(c), 1);
    sc_counts_free(c);
}

/* ------------------------------------------------------------------ UTF-8 */

static const char *const bad_utf8[] = {
    "\xff", "\xfe", "\x80", "a\200b", "\xbf",
    "\xc3",                      /* truncated 2-byte sequence */
    "\xc3(",                     /* bad continuation */
    "\xe2\x82",                  /* truncated 3-byte sequence */
    "\xe2(\xa1",                 /* bad continuation in 3-byte */
    "\xf0\x9f\x98",              /* truncated 4-byte sequence */
    "\xc0\xaf", "\xc1\xbf",      /* overlong 2-byte */
    "\xe0\x80\xaf",              /* overlong 3-byte */
    "\xf0\x80\x80\xaf",          /* overlong 4-byte */
    "\xed\xa0\x80",              /* U+D800, a surrogate */
    "\xed\xbf\xbf",              /* U+DFFF, a surrogate */
    "\xf4\x90\x80\x80",          /* U+110000, beyond Unicode */
    "\xf5\x80\x80\x80",
    "\xf8\x88\x80\x80\x80",      /* 5-byte form */
    "Caf\xe9",                   /* Latin-1, the usual real-world mistake */
    "ok \xc3\xa9 then \xe9",     /* valid then invalid */
};

static const char *const good_utf8[] = {
    "", "Caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbf\xbf",          /* U+10FFFF, the last code point */
    "\xef\xbf\xbd",              /* U+FFFD */
    "\xed\x9f\xbf",              /* U+D7FF, just below the surrogates */
    "\xee\x80\x80",              /* U+E000, just above them */
    "\xc2\x80",                  /* U+0080, the first 2-byte code point */
    "\xe0\xa0\x80",              /* U+0800, the first 3-byte code point */
    "\xf0\x90\x80\x80",          /* U+10000, the first 4-byte code point */
    "\x7f", "St James's",
};

/* The table every UTF-8 test starts from, built the same way each time. */
static sc_counts *utf8_base(void)
{
    sc_counts *c = new_table();
    add_ok(c, "E1", "W", "B", "X", "Y", M(2024, 1), 9);
    return c;
}

static void test_add_invalid_utf8(void **state)
{
    sc_counts *c = utf8_base(), *snapshot = utf8_base();
    const sc_month apr = M(2024, 4);  /* not covered by the base table */
    size_t i;
    int pos;
    (void)state;
    for (i = 0; i < ARRAY_LEN(bad_utf8); i++) {
        for (pos = 0; pos < 5; pos++) {
            const char *t[5] = { "E2", "W2", "B2", "X2", "Y2" };
            uint64_t n;
            t[pos] = bad_utf8[i];
            for (n = 0; n <= 1; n++) {   /* both a real add and a zero add */
                sc_error err;
                int rc;
                memset(&err, 0, sizeof err);
                rc = sc_counts_add(c, t[0], t[1], t[2], t[3], t[4], apr, n, &err);
                if (rc != SC_EDATA)
                    fail_msg("bad UTF-8 #%zu in field %d (n=%llu): got %d, want SC_EDATA", i,
                             pos, (unsigned long long)n, rc);
                assert_int_equal(err.code, SC_EDATA);
                assert_int_equal(sc_counts_covers(c, apr), 0);
                assert_int_equal(sc_counts_size(c), 1);
                assert_true(sc_counts_equal(c, snapshot));
            }
        }
        /* The same bad text in the base cell's own key: still refused, the cell keeps 9. */
        assert_int_equal(sc_counts_add(c, "E1", "W", "B", bad_utf8[i], "Y", M(2024, 1), 1,
                                       NULL), SC_EDATA);
        assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", M(2024, 1)), 9);
    }
    assert_true(sc_counts_equal(c, snapshot));
    sc_counts_free(c);
    sc_counts_free(snapshot);
}

static void test_add_valid_utf8(void **state)
{
    sc_counts *c = new_table();
    size_t i;
    int pos;
    uint64_t expected_cells = 0;
    (void)state;
    for (i = 0; i < ARRAY_LEN(good_utf8); i++) {
        for (pos = 0; pos < 5; pos++) {
            const char *t[5] = { "E2", "W2", "B2", "X2", "Y2" };
            sc_error err;
            int rc;
            uint64_t got = 0;
            t[pos] = good_utf8[i];
            memset(&err, 0, sizeof err);
            rc = sc_counts_add(c, t[0], t[1], t[2], t[3], t[4], M(2024, 1), 1, &err);
            if (rc != SC_OK)
                fail_msg("valid UTF-8 #%zu in field %d refused: %d (%s)", i, pos, rc,
                         err.message);
            assert_int_equal(sc_counts_get(c, t[0], t[1], t[2], t[3], t[4], M(2024, 1), &got),
                             SC_OK);
            assert_int_equal(got, 1);
        }
    }
    /* Distinct keys: "" and "St James's" etc. in each field; the all-default key
       ("E2","W2","B2","X2","Y2") never occurs since one field always changes.
       13 texts * 5 positions = 65 distinct cells, each counted once. */
    expected_cells = ARRAY_LEN(good_utf8) * 5;
    assert_int_equal(sc_counts_size(c), expected_cells);
    sc_counts_free(c);
}

/* ------------------------------------------------------------------ overflow */

static void test_add_overflow(void **state)
{
    sc_counts *c = new_table();
    const sc_month jan = M(2024, 1);
    sc_error err;
    (void)state;
    add_ok(c, "E1", "W", "B", "X", "Y", jan, UINT64_MAX);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", jan), UINT64_MAX);
    /* 0 more is fine */
    add_ok(c, "E1", "W", "B", "X", "Y", jan, 0);
    /* 1 more would be 2^64 */
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_counts_add(c, "E1", "W", "B", "X", "Y", jan, 1, &err), SC_EOVERFLOW);
    assert_int_equal(err.code, SC_EOVERFLOW);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", jan), UINT64_MAX);
    /* and UINT64_MAX more too, through a differently spelled category */
    assert_int_equal(sc_counts_add(c, "E1", "W", "B", "x", "y", jan, UINT64_MAX, NULL),
                     SC_EOVERFLOW);
    assert_int_equal(get_count(c, "E1", "W", "B", "X", "Y", jan), UINT64_MAX);
    assert_int_equal(sc_counts_size(c), 1);

    /* (2^64 - 2) + 1 = 2^64 - 1 exactly: allowed. Then + 1 overflows. */
    add_ok(c, "E2", "W", "B", "X", "Y", jan, UINT64_MAX - 1);
    add_ok(c, "E2", "W", "B", "X", "Y", jan, 1);
    assert_int_equal(get_count(c, "E2", "W", "B", "X", "Y", jan), UINT64_MAX);
    assert_int_equal(sc_counts_add(c, "E2", "W", "B", "X", "Y", jan, 1, NULL), SC_EOVERFLOW);
    assert_int_equal(get_count(c, "E2", "W", "B", "X", "Y", jan), UINT64_MAX);

    /* Large values in other cells do not interfere: a new cell may hold 2^64 - 1 too. */
    add_ok(c, "E1", "W", "B", "X", "Y", jan + 1, UINT64_MAX);
    assert_int_equal(sc_counts_size(c), 3);
    sc_counts_free(c);
}

/* ================================================================== coverage */

static void test_cover(void **state)
{
    sc_counts *c = new_table();
    sc_month first = 0, last = 0;
    (void)state;
    /* 2023-11 .. 2024-02 inclusive: 4 months. */
    assert_int_equal(sc_counts_cover(c, M(2023, 11), M(2024, 2)), SC_OK);
    assert_int_equal(sc_counts_covers(c, M(2023, 10)), 0);
    assert_int_equal(sc_counts_covers(c, M(2023, 11)), 1);
    assert_int_equal(sc_counts_covers(c, M(2023, 12)), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 1)), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 2)), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 3)), 0);
    assert_int_equal(sc_counts_size(c), 0);   /* covering adds no counts */
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, M(2023, 11));
    assert_int_equal(last, M(2024, 2));

    /* A gap: cover 2025-06 alone. first/last span it, the months between are not covered. */
    assert_int_equal(sc_counts_cover(c, M(2025, 6), M(2025, 6)), SC_OK);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, M(2023, 11));
    assert_int_equal(last, M(2025, 6));
    assert_int_equal(sc_counts_covers(c, M(2024, 12)), 0);
    assert_int_equal(sc_counts_covers(c, M(2025, 5)), 0);
    assert_int_equal(sc_counts_covers(c, M(2025, 6)), 1);
    assert_int_equal(sc_counts_covers(c, M(2025, 7)), 0);

    /* Either out-pointer may be NULL. */
    first = last = 0;
    assert_int_equal(sc_counts_coverage(c, NULL, &last), SC_OK);
    assert_int_equal(last, M(2025, 6));
    assert_int_equal(sc_counts_coverage(c, &first, NULL), SC_OK);
    assert_int_equal(first, M(2023, 11));
    assert_int_equal(sc_counts_coverage(c, NULL, NULL), SC_OK);

    /* An add before the first covered month moves first. */
    add_ok(c, "E1", "W", "B", "X", "Y", M(2020, 4), 1);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, M(2020, 4));
    assert_int_equal(last, M(2025, 6));

    /* Overlapping covers are idempotent. */
    assert_int_equal(sc_counts_cover(c, M(2023, 12), M(2024, 1)), SC_OK);
    assert_int_equal(sc_counts_covers(c, M(2023, 11)), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 2)), 1);
    assert_int_equal(sc_counts_covers(c, M(2024, 3)), 0);

    /* Covers with invalid months answer 0. */
    assert_int_equal(sc_counts_covers(c, SC_MONTH_NONE), 0);
    assert_int_equal(sc_counts_covers(c, 0), 0);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MAX + 1), 0);
    sc_counts_free(c);
}

static void test_cover_boundaries(void **state)
{
    sc_counts *c = new_table();
    sc_month first, last;
    (void)state;
    assert_int_equal(sc_counts_cover(c, SC_MONTH_MIN, SC_MONTH_MIN), SC_OK);
    assert_int_equal(sc_counts_cover(c, SC_MONTH_MAX, SC_MONTH_MAX), SC_OK);
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, SC_MONTH_MIN);
    assert_int_equal(last, SC_MONTH_MAX);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MIN + 1), 0);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MAX - 1), 0);
    /* The whole range at once. */
    assert_int_equal(sc_counts_cover(c, SC_MONTH_MIN, SC_MONTH_MAX), SC_OK);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MIN + 1), 1);
    assert_int_equal(sc_counts_covers(c, M(5000, 6)), 1);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MAX - 1), 1);
    sc_counts_free(c);
}

static void test_cover_invalid(void **state)
{
    sc_counts *c = new_table();
    sc_month first, last;
    (void)state;
    assert_int_equal(sc_counts_cover(c, M(2024, 1), M(2024, 3)), SC_OK);
    assert_int_equal(sc_counts_cover(NULL, M(2024, 1), M(2024, 3)), SC_EINVAL);
    assert_int_equal(sc_counts_cover(c, M(2024, 6), M(2024, 5)), SC_EINVAL);  /* first > last */
    assert_int_equal(sc_counts_cover(c, SC_MONTH_NONE, M(2024, 5)), SC_EINVAL);
    assert_int_equal(sc_counts_cover(c, M(2024, 5), SC_MONTH_NONE), SC_EINVAL);
    assert_int_equal(sc_counts_cover(c, 0, M(2024, 5)), SC_EINVAL);
    assert_int_equal(sc_counts_cover(c, M(2024, 5), SC_MONTH_MAX + 1), SC_EINVAL);
    assert_int_equal(sc_counts_cover(c, SC_MONTH_MIN - 1, SC_MONTH_MIN), SC_EINVAL);
    /* Coverage unchanged: still exactly 2024-01..2024-03. */
    assert_int_equal(sc_counts_coverage(c, &first, &last), SC_OK);
    assert_int_equal(first, M(2024, 1));
    assert_int_equal(last, M(2024, 3));
    assert_int_equal(sc_counts_covers(c, M(2024, 5)), 0);
    assert_int_equal(sc_counts_covers(c, M(2024, 6)), 0);
    assert_int_equal(sc_counts_covers(c, SC_MONTH_MIN), 0);
    assert_int_equal(sc_counts_coverage(NULL, &first, &last), SC_EINVAL);
    sc_counts_free(c);
}

/* ================================================================== foreach */

/*
 * The documented order: ward code, ward name, borough (byte order), then major and minor
 * (ASCII-case-insensitive), then month. Each neighbouring pair below is ordered by the first
 * field in which it differs, and several pairs are chosen so that another plausible order
 * (case-insensitive areas, byte-order categories, signed bytes, name before code) differs.
 */
static const struct exp_cell order_cells[] = {
    /* "" sorts before any code */
    { "", "", "Aviation Security (SO18)", "ROBBERY", "Personal property", M(2024, 1), 2 },
    /* same area: months ascending within a category (2023-12 < 2024-01 < 2024-02) */
    { "E05000001", "Alpha", "Camden", "burglary", "Domestic burglary", M(2023, 12), 1 },
    { "E05000001", "Alpha", "Camden", "burglary", "Domestic burglary", M(2024, 1), 4 },
    { "E05000001", "Alpha", "Camden", "burglary", "Domestic burglary", M(2024, 2), 9 },
    /* same major (case-insensitively): minor "domestic..." < "residential" */
    { "E05000001", "Alpha", "Camden", "burglary", "RESIDENTIAL", M(2024, 1), 3 },
    /* "burglary" < "ROBBERY" case-insensitively (byte order would put ROBBERY first) */
    { "E05000001", "Alpha", "Camden", "ROBBERY", "Personal property", M(2024, 1), 5 },
    /* minor "common assault" < "STALKING..." case-insensitively (byte order: the reverse) */
    { "E05000001", "Alpha", "Camden", "VIOLENCE AGAINST THE PERSON", "common assault",
      M(2024, 1), 6 },
    { "E05000001", "Alpha", "Camden", "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT",
      M(2023, 12), 7 },
    /* same code and name: borough byte order, "Camden" < "Westminster" */
    { "E05000001", "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
      "STALKING AND HARASSMENT", M(2024, 1), 8 },
    /* "Alpha" < "alpha" in byte order, though borough "Barnet" < "Camden" */
    { "E05000001", "alpha", "Barnet", "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT",
      M(2024, 1), 10 },
    /* "Ealing" < "\xc3\x89tang" ('E' 0x45 < 0xC3 unsigned) */
    { "E05000002", "Beta", "Ealing", "burglary", "Domestic burglary", M(2024, 1), 11 },
    { "E05000002", "Beta", "\xc3\x89tang", "burglary", "Domestic burglary", M(2024, 1), 12 },
    /* "E05000002" is a prefix of "E050000020": shorter first (name "Aaa" does not matter) */
    { "E050000020", "Aaa", "Brent", "burglary", "Domestic burglary", M(2024, 1), 13 },
    { "E05000003", "Zed", "Camden", "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT",
      M(2023, 12), 14 },
};

static void add_order_cell(sc_counts *c, const struct exp_cell *e)
{
    add_ok(c, e->wc, e->wn, e->b, e->maj, e->min, e->month, e->count);
}

static void test_foreach_documented_order(void **state)
{
    const size_t n = ARRAY_LEN(order_cells);
    struct collector first, other;
    size_t i, round;
    (void)state;
    collector_init(&first, 64);
    collector_init(&other, 64);

    /* Order 1: as listed. */
    {
        sc_counts *c = new_table();
        for (i = 0; i < n; i++)
            add_order_cell(c, &order_cells[i]);
        /* A zero cell that would sort last is registered but never visited. */
        add_ok(c, "E05000009", "Zero", "Camden", "burglary", "Domestic burglary", M(2024, 3), 0);
        assert_int_equal(sc_counts_size(c), n);
        collect_all(c, &first);
        sc_counts_free(c);
    }
    assert_visits(&first, order_cells, n);

    /* Order 2: reversed; order 3..: shuffled; counts split into two adds sometimes. */
    for (round = 0; round < 12; round++) {
        sc_counts *c = new_table();
        size_t perm[ARRAY_LEN(order_cells)];
        for (i = 0; i < n; i++)
            perm[i] = round == 0 ? n - 1 - i : i;
        if (round > 0) {
            rng_seed(1000 + round);
            for (i = n - 1; i > 0; i--) {   /* Fisher-Yates */
                size_t j = rnd((unsigned)(i + 1)), tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
        }
        for (i = 0; i < n; i++) {
            const struct exp_cell *e = &order_cells[perm[i]];
            if (round % 2 == 1 && e->count > 1) {
                /* count = 1 + (count - 1), added as two parts */
                add_ok(c, e->wc, e->wn, e->b, e->maj, e->min, e->month, 1);
                add_ok(c, e->wc, e->wn, e->b, e->maj, e->min, e->month, e->count - 1);
            } else {
                add_order_cell(c, e);
            }
        }
        collect_all(c, &other);
        assert_int_equal(other.n, first.n);
        for (i = 0; i < n; i++)
            if (!visit_same(&first.v[i], &other.v[i]))
                fail_msg("round %zu: visit %zu differs from the first insertion order", round,
                         i);
        assert_visits(&other, order_cells, n);
        sc_counts_free(c);
    }
    collector_free(&first);
    collector_free(&other);
}

static void test_foreach_stop_and_args(void **state)
{
    sc_counts *c = new_table();
    struct collector col;
    size_t i;
    (void)state;
    for (i = 0; i < ARRAY_LEN(order_cells); i++)
        add_order_cell(c, &order_cells[i]);
    collector_init(&col, 64);

    /* Stop after the third cell with 42: foreach returns 42 and visits no more. */
    col.stop_at = 3;
    col.stop_value = 42;
    assert_int_equal(sc_counts_foreach(c, collect_cb, &col), 42);
    assert_int_equal(col.n, 3);
    assert_visits(&col, order_cells, 3);

    /* Stop at the first with a negative value (even one that looks like a status). */
    col.n = 0;
    col.stop_at = 1;
    col.stop_value = -5;
    assert_int_equal(sc_counts_foreach(c, collect_cb, &col), -5);
    assert_int_equal(col.n, 1);

    /* Stop at the very last cell: its value is still returned. */
    col.n = 0;
    col.stop_at = ARRAY_LEN(order_cells);
    col.stop_value = 1;
    assert_int_equal(sc_counts_foreach(c, collect_cb, &col), 1);
    assert_int_equal(col.n, ARRAY_LEN(order_cells));

    assert_int_equal(sc_counts_foreach(NULL, collect_cb, &col), SC_EINVAL);
    assert_int_equal(sc_counts_foreach(c, NULL, &col), SC_EINVAL);
    sc_counts_free(c);

    /* An empty table: SC_OK, no visit. */
    c = new_table();
    col.n = 0;
    col.stop_at = 0;
    assert_int_equal(sc_counts_foreach(c, collect_cb, &col), SC_OK);
    assert_int_equal(col.n, 0);
    sc_counts_free(c);
    collector_free(&col);
}

/* ================================================================== equal */

static void test_equal(void **state)
{
    sc_counts *a = new_table(), *b = new_table();
    const sc_month jan = M(2024, 1), feb = M(2024, 2);
    (void)state;
    assert_int_equal(sc_counts_equal(NULL, NULL), 1);
    assert_int_equal(sc_counts_equal(a, NULL), 0);
    assert_int_equal(sc_counts_equal(NULL, a), 0);
    assert_int_equal(sc_counts_equal(a, b), 1);   /* two empty tables */
    assert_int_equal(sc_counts_equal(a, a), 1);

    /* Same cells reached differently: 3 + 4 in a, 7 at once in b; category spelled apart. */
    add_ok(a, "E1", "W", "B", "BURGLARY", "DOMESTIC", jan, 3);
    add_ok(a, "E1", "W", "B", "Burglary", "Domestic", jan, 4);
    add_ok(b, "E1", "W", "B", "burglary", "domestic", jan, 7);
    assert_int_equal(sc_counts_equal(a, b), 1);
    assert_int_equal(sc_counts_equal(b, a), 1);

    /* A zero cell in a covers January, which both cover already: still equal. */
    add_ok(a, "E2", "W", "B", "X", "Y", jan, 0);
    assert_int_equal(sc_counts_equal(a, b), 1);

    /* A covered month only a has: not equal; covering it in b too: equal again. */
    assert_int_equal(sc_counts_cover(a, feb, feb), SC_OK);
    assert_int_equal(sc_counts_equal(a, b), 0);
    assert_int_equal(sc_counts_equal(b, a), 0);
    add_ok(b, "E3", "W", "B", "X", "Y", feb, 0);   /* covering via a zero add */
    assert_int_equal(sc_counts_equal(a, b), 1);

    /* Different count: not equal. */
    add_ok(b, "E1", "W", "B", "BURGLARY", "DOMESTIC", jan, 1);
    assert_int_equal(sc_counts_equal(a, b), 0);
    add_ok(a, "E1", "W", "B", "BURGLARY", "DOMESTIC", jan, 1);
    assert_int_equal(sc_counts_equal(a, b), 1);

    /* Same count under an area differing only in case: not equal. */
    add_ok(a, "E1", "W", "Westminster", "X", "Y", jan, 5);
    add_ok(b, "E1", "W", "WESTMINSTER", "X", "Y", jan, 5);
    assert_int_equal(sc_counts_equal(a, b), 0);
    assert_int_equal(sc_counts_equal(b, a), 0);
    sc_counts_free(a);
    sc_counts_free(b);

    /* Same first and last covered month, different months between (a gap in one). */
    a = new_table();
    b = new_table();
    add_ok(a, "E1", "W", "B", "X", "Y", jan, 5);
    add_ok(b, "E1", "W", "B", "X", "Y", jan, 5);
    assert_int_equal(sc_counts_cover(a, M(2024, 3), M(2024, 3)), SC_OK);
    assert_int_equal(sc_counts_cover(b, M(2024, 2), M(2024, 3)), SC_OK);
    assert_int_equal(sc_counts_equal(a, b), 0);
    assert_int_equal(sc_counts_equal(b, a), 0);
    assert_int_equal(sc_counts_cover(a, feb, feb), SC_OK);
    assert_int_equal(sc_counts_equal(a, b), 1);
    sc_counts_free(a);
    sc_counts_free(b);

    /* Same number of cells and same sum, different months. */
    a = new_table();
    b = new_table();
    add_ok(a, "E1", "W", "B", "X", "Y", jan, 5);
    add_ok(a, "E1", "W", "B", "X", "Y", feb, 5);
    add_ok(b, "E1", "W", "B", "X", "Y", jan, 5);
    add_ok(b, "E1", "W", "B", "X", "Y", feb, 4);
    add_ok(b, "E1", "W", "B", "X", "Y", jan, 1);
    assert_int_equal(sc_counts_equal(a, b), 0);
    sc_counts_free(a);
    sc_counts_free(b);
}

/* ================================================================== merge */

static void test_merge_basic(void **state)
{
    sc_counts *dst = new_table(), *src = new_table(), *src_copy;
    struct collector col;
    sc_month first, last;
    const sc_month dec = M(2023, 12), jan = M(2024, 1), feb = M(2024, 2), mar = M(2024, 3),
                   apr = M(2024, 4);
    static const struct exp_cell want[] = {
        /* foreach order: area E05000001 (C1 months Jan, Feb), (C2 Feb); then E05000002.
           dst's spelling "Violence..." kept for C1. */
        { "E05000001", "Alpha", "Westminster", "Violence Against The Person",
          "Common Assault", M(2024, 2), 5 },
        { "E05000001", "Alpha", "Westminster", "Violence Against The Person",
          "Stalking and Harassment", M(2024, 1), 17 },   /* 10 + 7 */
        { "E05000001", "Alpha", "Westminster", "Violence Against The Person",
          "Stalking and Harassment", M(2024, 2), 2 },    /* src only */
        /* src only: the area is new to dst but the category is not, so it reads as dst
           spelled it first */
        { "E05000002", "Beta", "Westminster", "Violence Against The Person",
          "Stalking and Harassment", M(2024, 1), 3 },
    };
    (void)state;
    (void)mar;
    add_ok(dst, "E05000001", "Alpha", "Westminster", "Violence Against The Person",
           "Stalking and Harassment", jan, 10);
    add_ok(dst, "E05000001", "Alpha", "Westminster", "Violence Against The Person",
           "Common Assault", feb, 5);
    assert_int_equal(sc_counts_cover(dst, dec, dec), SC_OK);

    add_ok(src, "E05000001", "Alpha", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", jan, 7);
    add_ok(src, "E05000002", "Beta", "Westminster", "VIOLENCE AGAINST THE PERSON",
           "STALKING AND HARASSMENT", jan, 3);
    add_ok(src, "E05000001", "Alpha", "Westminster", "violence against the person",
           "stalking and harassment", feb, 2);
    assert_int_equal(sc_counts_cover(src, apr, apr), SC_OK);
    src_copy = copy_table(src);

    merge_ok(dst, src);

    /* dst: 4 non-zero cells; coverage Dec, Jan, Feb, Apr (not Mar). */
    assert_int_equal(sc_counts_size(dst), 4);
    assert_int_equal(get_count(dst, "E05000001", "Alpha", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", jan), 17);
    assert_int_equal(get_count(dst, "E05000001", "Alpha", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", feb), 2);
    assert_int_equal(get_count(dst, "E05000001", "Alpha", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT", feb), 5);
    assert_int_equal(get_count(dst, "E05000002", "Beta", "Westminster",
                               "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", jan), 3);
    assert_int_equal(sc_counts_covers(dst, dec), 1);
    assert_int_equal(sc_counts_covers(dst, jan), 1);
    assert_int_equal(sc_counts_covers(dst, feb), 1);
    assert_int_equal(sc_counts_covers(dst, mar), 0);
    assert_int_equal(sc_counts_covers(dst, apr), 1);
    assert_int_equal(sc_counts_coverage(dst, &first, &last), SC_OK);
    assert_int_equal(first, dec);
    assert_int_equal(last, apr);

    /* dst's spellings were added to dst first, so every cell of those categories reads so. */
    collector_init(&col, 16);
    collect_all(dst, &col);
    assert_visits(&col, want, ARRAY_LEN(want));
    collector_free(&col);

    /* src is unchanged. */
    assert_int_equal(sc_counts_size(src), 3);
    assert_true(sc_counts_equal(src, src_copy));
    assert_int_equal(sc_counts_covers(src, dec), 0);

    /* Merging an empty table changes nothing; merging into an empty table copies. */
    {
        sc_counts *empty = new_table(), *before = copy_table(dst);
        merge_ok(dst, empty);
        assert_true(sc_counts_equal(dst, before));
        merge_ok(empty, src);
        assert_true(sc_counts_equal(empty, src));
        sc_counts_free(empty);
        sc_counts_free(before);
    }
    sc_counts_free(dst);
    sc_counts_free(src);
    sc_counts_free(src_copy);
}

static void test_merge_invalid(void **state)
{
    sc_counts *dst = new_table(), *snapshot;
    sc_error err;
    (void)state;
    add_ok(dst, "E1", "W", "B", "X", "Y", M(2024, 1), 3);
    snapshot = copy_table(dst);
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_counts_merge(dst, dst, &err), SC_EINVAL);
    assert_int_equal(err.code, SC_EINVAL);
    assert_true(sc_counts_equal(dst, snapshot));
    assert_int_equal(get_count(dst, "E1", "W", "B", "X", "Y", M(2024, 1)), 3);
    assert_int_equal(sc_counts_merge(NULL, dst, NULL), SC_EINVAL);
    assert_int_equal(sc_counts_merge(dst, NULL, NULL), SC_EINVAL);
    assert_int_equal(sc_counts_merge(NULL, NULL, NULL), SC_EINVAL);
    assert_true(sc_counts_equal(dst, snapshot));
    sc_counts_free(dst);
    sc_counts_free(snapshot);
}

/* dst for the overflow tests, built the same way each time. */
static sc_counts *overflow_dst(void)
{
    sc_counts *c = new_table();
    add_ok(c, "E2", "W", "B", "X", "Y", M(2024, 1), UINT64_MAX - 1);
    add_ok(c, "E1", "W", "B", "X", "Y", M(2024, 1), 1);
    add_ok(c, "E9", "W", "B", "X", "Y", M(2024, 1), 1);
    return c;
}

static void test_merge_overflow(void **state)
{
    int variant;
    (void)state;
    /* The overflowing cell sorts in the middle, first and last of src in turn, so a merge
       that applies cells one by one and stops at the overflow is caught whatever its order. */
    for (variant = 0; variant < 3; variant++) {
        sc_counts *dst = overflow_dst(), *snapshot = overflow_dst(), *src = new_table();
        sc_error err;
        const char *over = variant == 0 ? "E2" : variant == 1 ? "E0" : "EZ";
        if (variant != 0) {  /* make a cell under that code hold 2^64 - 2 in dst too */
            add_ok(dst, over, "W", "B", "X", "Y", M(2024, 1), UINT64_MAX - 1);
            add_ok(snapshot, over, "W", "B", "X", "Y", M(2024, 1), UINT64_MAX - 1);
        }
        add_ok(src, "E1", "W", "B", "X", "Y", M(2024, 1), 5);      /* 1 + 5 = 6, fine */
        add_ok(src, over, "W", "B", "x", "y", M(2024, 1), 2);      /* (2^64 - 2) + 2 = 2^64 */
        add_ok(src, "E3", "W", "B", "X", "Y", M(2024, 1), 9);      /* new cell */
        add_ok(src, "E9", "W", "B", "X", "Y", M(2024, 1), 4);      /* 1 + 4 = 5, fine */
        add_ok(src, "E1", "W", "B", "X", "Y", M(2024, 6), 1);      /* new month */
        assert_int_equal(sc_counts_cover(src, M(2024, 9), M(2024, 10)), SC_OK);

        memset(&err, 0, sizeof err);
        assert_int_equal(sc_counts_merge(dst, src, &err), SC_EOVERFLOW);
        assert_int_equal(err.code, SC_EOVERFLOW);
        /* dst unchanged: counts and coverage. */
        assert_true(sc_counts_equal(dst, snapshot));
        assert_int_equal(get_count(dst, "E1", "W", "B", "X", "Y", M(2024, 1)), 1);
        assert_int_equal(get_count(dst, "E9", "W", "B", "X", "Y", M(2024, 1)), 1);
        assert_int_equal(get_count(dst, "E3", "W", "B", "X", "Y", M(2024, 1)), 0);
        assert_int_equal(get_count(dst, over, "W", "B", "X", "Y", M(2024, 1)), UINT64_MAX - 1);
        assert_int_equal(sc_counts_covers(dst, M(2024, 6)), 0);
        assert_int_equal(sc_counts_covers(dst, M(2024, 9)), 0);
        assert_int_equal(sc_counts_size(dst), variant == 0 ? 3 : 4);
        sc_counts_free(dst);
        sc_counts_free(snapshot);
        sc_counts_free(src);
    }
}

/* ================================================================== random tables and model */

#define NA 6
#define NCAT 5
#define NMON 5

static const char *const model_areas[NA][3] = {
    { "E05000001", "Alpha", "Westminster" },
    { "E05000001", "Alpha", "Camden" },       /* same code and name, other borough */
    { "E05000002", "alpha", "Westminster" },  /* name differs from the first only in case */
    { "E05000010", "Beta", "Camden" },
    { "", "", "Aviation Security (SO18)" },
    { "E05000003", "St James's", "Westminster" },
};

static const char *const model_cats[NCAT][2] = {
    { "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT" },
    { "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT" },
    { "BURGLARY", "DOMESTIC BURGLARY" },
    { "Robbery", "Personal Property" },
    { "", "Other crime" },
};

static sc_month model_month(int i)
{
    /* 2023-11, 2023-12, 2024-01, 2024-02, 2024-03 */
    static const int ym[NMON][2] = { { 2023, 11 }, { 2023, 12 }, { 2024, 1 }, { 2024, 2 },
                                     { 2024, 3 } };
    return M(ym[i][0], ym[i][1]);
}

struct model {
    uint64_t cnt[NA][NCAT][NMON];
    int covered[NMON];
    int has_spelling[NCAT];
    char spelling[NCAT][2][64];
};

/*
 * Whether category k's major text is also another category's major. Such a major is always
 * added with the same spelling: the header does not say whether "the spelling first added" is
 * kept per category or per interned text, and the two readings differ only when one major text
 * is spelled differently in different categories.
 */
static int major_shared(int k)
{
    int j;
    for (j = 0; j < NCAT; j++)
        if (j != k && ci_eq(model_cats[j][0], model_cats[k][0]))
            return 1;
    return 0;
}

static void model_add(sc_counts *c, struct model *md, int a, int k, int mi, uint64_t n)
{
    char maj[64], min[64];
    if (major_shared(k))
        snprintf(maj, sizeof maj, "%s", model_cats[k][0]);
    else
        random_case(maj, sizeof maj, model_cats[k][0]);
    random_case(min, sizeof min, model_cats[k][1]);
    add_ok(c, model_areas[a][0], model_areas[a][1], model_areas[a][2], maj, min,
           model_month(mi), n);
    md->cnt[a][k][mi] += n;
    md->covered[mi] = 1;
    if (!md->has_spelling[k]) {
        md->has_spelling[k] = 1;
        memcpy(md->spelling[k][0], maj, sizeof maj);
        memcpy(md->spelling[k][1], min, sizeof min);
    }
}

static sc_counts *random_table(struct model *md)
{
    sc_counts *c = new_table();
    unsigned ops = rnd(14), i;
    memset(md, 0, sizeof *md);
    for (i = 0; i < ops; i++) {
        if (rnd(6) == 0) {
            int x = (int)rnd(NMON), y = (int)rnd(NMON), j;
            if (x > y) {
                int tmp = x;
                x = y;
                y = tmp;
            }
            assert_int_equal(sc_counts_cover(c, model_month(x), model_month(y)), SC_OK);
            for (j = x; j <= y; j++)
                md->covered[j] = 1;
        } else {
            uint64_t n = rnd(5) == 0 ? 0 : 1 + rnd(1000);
            model_add(c, md, (int)rnd(NA), (int)rnd(NCAT), (int)rnd(NMON), n);
        }
    }
    return c;
}

static void model_sum(struct model *out, const struct model *x, const struct model *y)
{
    int a, k, mi;
    memset(out, 0, sizeof *out);
    for (a = 0; a < NA; a++)
        for (k = 0; k < NCAT; k++)
            for (mi = 0; mi < NMON; mi++)
                out->cnt[a][k][mi] = x->cnt[a][k][mi] + y->cnt[a][k][mi];
    for (mi = 0; mi < NMON; mi++)
        out->covered[mi] = x->covered[mi] || y->covered[mi];
}

static int model_equal(const struct model *x, const struct model *y)
{
    int a, k, mi;
    for (a = 0; a < NA; a++)
        for (k = 0; k < NCAT; k++)
            for (mi = 0; mi < NMON; mi++)
                if (x->cnt[a][k][mi] != y->cnt[a][k][mi])
                    return 0;
    for (mi = 0; mi < NMON; mi++)
        if (x->covered[mi] != y->covered[mi])
            return 0;
    return 1;
}

/* The documented foreach order, written independently: areas byte order, categories
   ASCII-case-insensitive, month ascending. */
struct key { int a, k, mi; };

static int key_cmp(const void *pa, const void *pb)
{
    const struct key *x = pa, *y = pb;
    int r, f;
    for (f = 0; f < 3; f++)
        if ((r = strcmp(model_areas[x->a][f], model_areas[y->a][f])) != 0)
            return r;
    for (f = 0; f < 2; f++)
        if ((r = ci_cmp(model_cats[x->k][f], model_cats[y->k][f])) != 0)
            return r;
    return (x->mi > y->mi) - (x->mi < y->mi);
}

/*
 * Checks a table against its model: size, every cell by get (with random spellings of the
 * category), coverage, and the exact foreach sequence. With exact_spelling, categories must
 * read as first added (tables built by sc_counts_add only); otherwise case-insensitively.
 */
static void check_model(const sc_counts *c, const struct model *md, int exact_spelling)
{
    struct key keys[NA * NCAT * NMON];
    size_t nkeys = 0, i;
    int a, k, mi, firstm = -1, lastm = -1;
    struct collector col;
    sc_month first, last;
    int rc;

    for (a = 0; a < NA; a++)
        for (k = 0; k < NCAT; k++)
            for (mi = 0; mi < NMON; mi++) {
                char maj[64], min[64];
                random_case(maj, sizeof maj, model_cats[k][0]);
                random_case(min, sizeof min, model_cats[k][1]);
                if (get_count(c, model_areas[a][0], model_areas[a][1], model_areas[a][2], maj,
                              min, model_month(mi)) != md->cnt[a][k][mi])
                    fail_msg("cell (%d,%d,%d): got %llu, want %llu", a, k, mi,
                             (unsigned long long)get_count(c, model_areas[a][0],
                                                           model_areas[a][1],
                                                           model_areas[a][2], maj, min,
                                                           model_month(mi)),
                             (unsigned long long)md->cnt[a][k][mi]);
                if (md->cnt[a][k][mi] != 0) {
                    keys[nkeys].a = a;
                    keys[nkeys].k = k;
                    keys[nkeys].mi = mi;
                    nkeys++;
                }
            }
    assert_int_equal(sc_counts_size(c), nkeys);

    for (mi = 0; mi < NMON; mi++) {
        assert_int_equal(sc_counts_covers(c, model_month(mi)), md->covered[mi]);
        if (md->covered[mi]) {
            if (firstm < 0)
                firstm = mi;
            lastm = mi;
        }
    }
    assert_int_equal(sc_counts_covers(c, M(2023, 10)), 0);
    assert_int_equal(sc_counts_covers(c, M(2024, 4)), 0);
    rc = sc_counts_coverage(c, &first, &last);
    if (firstm < 0) {
        assert_int_equal(rc, SC_ENOTFOUND);
    } else {
        assert_int_equal(rc, SC_OK);
        assert_int_equal(first, model_month(firstm));
        assert_int_equal(last, model_month(lastm));
    }

    qsort(keys, nkeys, sizeof keys[0], key_cmp);
    collector_init(&col, NA * NCAT * NMON + 1);
    collect_all(c, &col);
    assert_int_equal(col.n, nkeys);
    for (i = 0; i < nkeys; i++) {
        const struct visit *v = &col.v[i];
        const struct key *kk = &keys[i];
        int ok = strcmp(v->wc, model_areas[kk->a][0]) == 0
                 && strcmp(v->wn, model_areas[kk->a][1]) == 0
                 && strcmp(v->b, model_areas[kk->a][2]) == 0
                 && v->month == model_month(kk->mi) && v->count == md->cnt[kk->a][kk->k][kk->mi];
        if (exact_spelling)
            ok = ok && strcmp(v->maj, md->spelling[kk->k][0]) == 0
                 && strcmp(v->min, md->spelling[kk->k][1]) == 0;
        else
            ok = ok && ci_eq(v->maj, model_cats[kk->k][0]) && ci_eq(v->min, model_cats[kk->k][1]);
        if (!ok)
            fail_msg("visit %zu: got %s|%s|%s|%s|%s|%ld=%llu, want area %d cat %d month %d "
                     "count %llu", i, v->wc, v->wn, v->b, v->maj, v->min, (long)v->month,
                     (unsigned long long)v->count, kk->a, kk->k, kk->mi,
                     (unsigned long long)md->cnt[kk->a][kk->k][kk->mi]);
    }
    collector_free(&col);
}

static void test_random_tables_match_model(void **state)
{
    int round;
    (void)state;
    rng_seed(20240101);
    for (round = 0; round < 150; round++) {
        struct model md;
        sc_counts *c = random_table(&md);
        check_model(c, &md, 1);
        sc_counts_free(c);
    }
}

static void test_merge_properties(void **state)
{
    int round;
    (void)state;
    rng_seed(77);
    for (round = 0; round < 120; round++) {
        struct model ma, mb, mc, mab, mabc;
        sc_counts *A = random_table(&ma), *B = random_table(&mb), *C = random_table(&mc);
        sc_counts *X, *Y, *Z, *W, *AB, *BA;

        model_sum(&mab, &ma, &mb);
        model_sum(&mabc, &mab, &mc);

        /* Commutativity: A + B == B + A, both equal to the model's sum. */
        AB = copy_table(A);
        merge_ok(AB, B);
        BA = copy_table(B);
        merge_ok(BA, A);
        assert_true(sc_counts_equal(AB, BA));
        check_model(AB, &mab, 0);
        check_model(BA, &mab, 0);

        /* Associativity: (A + B) + C == A + (B + C); and C + B + A. */
        X = copy_table(AB);
        merge_ok(X, C);
        Y = copy_table(B);
        merge_ok(Y, C);
        Z = copy_table(A);
        merge_ok(Z, Y);
        W = copy_table(C);
        merge_ok(W, B);
        merge_ok(W, A);
        assert_true(sc_counts_equal(X, Z));
        assert_true(sc_counts_equal(Z, X));
        assert_true(sc_counts_equal(X, W));
        check_model(X, &mabc, 0);
        check_model(Z, &mabc, 0);
        check_model(W, &mabc, 0);

        /* Inputs unchanged by being merged from; copies equal their originals. */
        check_model(A, &ma, 1);
        check_model(B, &mb, 1);
        check_model(C, &mc, 1);

        /* sc_counts_equal agrees with the model's equality. */
        assert_int_equal(sc_counts_equal(A, B), model_equal(&ma, &mb));
        assert_int_equal(sc_counts_equal(AB, A), model_equal(&mab, &ma));
        assert_int_equal(sc_counts_equal(X, AB), model_equal(&mabc, &mab));

        sc_counts_free(A);
        sc_counts_free(B);
        sc_counts_free(C);
        sc_counts_free(X);
        sc_counts_free(Y);
        sc_counts_free(Z);
        sc_counts_free(W);
        sc_counts_free(AB);
        sc_counts_free(BA);
    }
}

/* ---- totals against the model ---- */

struct mrow {
    const char *s[3];   /* name fields in sort order */
    const char *f[5];   /* ward_code, ward_name, borough, major, minor (NULL if n/a) */
    sc_month month;
    uint64_t count;
};

static int mrow_cmp(const void *pa, const void *pb)
{
    const struct mrow *x = pa, *y = pb;
    int f, r;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    for (f = 0; f < 3; f++) {
        if (x->s[f] == NULL)
            break;
        if ((r = strcmp(x->s[f], y->s[f])) != 0)
            return r;
    }
    return 0;
}

static int model_passes(const sc_counts_filter *f, int k, int mi)
{
    sc_month m = model_month(mi);
    if (f->from != SC_MONTH_NONE && m < f->from)
        return 0;
    if (f->to != SC_MONTH_NONE && m > f->to)
        return 0;
    if (f->category != NULL && !ci_eq(model_cats[k][0], f->category)
        && !ci_eq(model_cats[k][1], f->category))
        return 0;
    return 1;
}

static void check_totals_model(const sc_counts *c, const struct model *md, sc_group by,
                               const sc_counts_filter *f)
{
    struct mrow rows[NA * NCAT * NMON];
    size_t nrows = 0, i;
    int a, k, mi, f2;
    uint64_t sum = 0;
    sc_totals *t;

    switch (by) {
    case SC_GROUP_MONTH:
        for (mi = 0; mi < NMON; mi++) {
            sc_month m = model_month(mi);
            uint64_t s = 0;
            if (!md->covered[mi] || (f->from != SC_MONTH_NONE && m < f->from)
                || (f->to != SC_MONTH_NONE && m > f->to))
                continue;
            for (a = 0; a < NA; a++)
                for (k = 0; k < NCAT; k++)
                    if (model_passes(f, k, mi))
                        s += md->cnt[a][k][mi];
            memset(&rows[nrows], 0, sizeof rows[nrows]);
            rows[nrows].month = m;
            rows[nrows].count = s;
            nrows++;
        }
        break;
    case SC_GROUP_BOROUGH:
        for (a = 0; a < NA; a++) {
            int seen = 0, b2;
            uint64_t s = 0;
            for (b2 = 0; b2 < a; b2++)
                if (strcmp(model_areas[b2][2], model_areas[a][2]) == 0)
                    seen = 1;
            if (seen)
                continue;
            for (b2 = a; b2 < NA; b2++)
                if (strcmp(model_areas[b2][2], model_areas[a][2]) == 0)
                    for (k = 0; k < NCAT; k++)
                        for (mi = 0; mi < NMON; mi++)
                            if (model_passes(f, k, mi))
                                s += md->cnt[b2][k][mi];
            if (s == 0)
                continue;
            memset(&rows[nrows], 0, sizeof rows[nrows]);
            rows[nrows].s[0] = rows[nrows].f[2] = model_areas[a][2];
            rows[nrows].month = SC_MONTH_NONE;
            rows[nrows].count = s;
            nrows++;
        }
        break;
    case SC_GROUP_WARD:
        for (a = 0; a < NA; a++) {
            uint64_t s = 0;
            for (k = 0; k < NCAT; k++)
                for (mi = 0; mi < NMON; mi++)
                    if (model_passes(f, k, mi))
                        s += md->cnt[a][k][mi];
            if (s == 0)
                continue;
            memset(&rows[nrows], 0, sizeof rows[nrows]);
            /* sort: ward name, ward code, borough */
            rows[nrows].s[0] = model_areas[a][1];
            rows[nrows].s[1] = model_areas[a][0];
            rows[nrows].s[2] = model_areas[a][2];
            rows[nrows].f[0] = model_areas[a][0];
            rows[nrows].f[1] = model_areas[a][1];
            rows[nrows].f[2] = model_areas[a][2];
            rows[nrows].month = SC_MONTH_NONE;
            rows[nrows].count = s;
            nrows++;
        }
        break;
    case SC_GROUP_CATEGORY:
        for (k = 0; k < NCAT; k++) {
            uint64_t s = 0;
            for (a = 0; a < NA; a++)
                for (mi = 0; mi < NMON; mi++)
                    if (model_passes(f, k, mi))
                        s += md->cnt[a][k][mi];
            if (s == 0)
                continue;
            assert_true(md->has_spelling[k]);
            memset(&rows[nrows], 0, sizeof rows[nrows]);
            rows[nrows].s[0] = rows[nrows].f[3] = md->spelling[k][0];
            rows[nrows].s[1] = rows[nrows].f[4] = md->spelling[k][1];
            rows[nrows].month = SC_MONTH_NONE;
            rows[nrows].count = s;
            nrows++;
        }
        break;
    default:
        fail();
    }
    if (by != SC_GROUP_MONTH)
        qsort(rows, nrows, sizeof rows[0], mrow_cmp);

    t = totals_ok(c, by, f);
    if (sc_totals_size(t) != nrows)
        fail_msg("totals by %d (from %ld to %ld, category %s): %zu rows, want %zu", (int)by,
                 (long)f->from, (long)f->to, f->category ? f->category : "(any)",
                 sc_totals_size(t), nrows);
    for (i = 0; i < nrows; i++) {
        const sc_cell *cell = sc_totals_get(t, i);
        const char *got[5];
        assert_non_null(cell);
        got[0] = cell->ward_code;
        got[1] = cell->ward_name;
        got[2] = cell->borough;
        got[3] = cell->major;
        got[4] = cell->minor;
        for (f2 = 0; f2 < 5; f2++) {
            static const char *const names[5] = { "ward_code", "ward_name", "borough", "major",
                                                  "minor" };
            assert_text(names[f2], i, got[f2], rows[i].f[f2]);
        }
        if (cell->month != rows[i].month || cell->count != rows[i].count)
            fail_msg("totals by %d row %zu: month %ld count %llu, want month %ld count %llu",
                     (int)by, i, (long)cell->month, (unsigned long long)cell->count,
                     (long)rows[i].month, (unsigned long long)rows[i].count);
        sum += rows[i].count;
    }
    assert_int_equal(sc_totals_sum(t), sum);
    sc_totals_free(t);
}

static void random_filter(sc_counts_filter *f, char *catbuf, size_t catsize)
{
    static const sc_counts_filter init = SC_COUNTS_FILTER_INIT;
    *f = init;
    switch (rnd(4)) {
    case 0: break;
    case 1: f->from = model_month((int)rnd(NMON)); break;
    case 2: f->from = M(2023, 1); break;    /* before every model month */
    default: f->from = model_month((int)rnd(NMON)); break;
    }
    switch (rnd(4)) {
    case 0: break;
    case 1: f->to = model_month((int)rnd(NMON)); break;
    case 2: f->to = M(2025, 1); break;      /* after every model month */
    default: f->to = model_month((int)rnd(NMON)); break;
    }
    if (f->from != SC_MONTH_NONE && f->to != SC_MONTH_NONE && f->from > f->to) {
        sc_month tmp = f->from;
        f->from = f->to;
        f->to = tmp;
    }
    switch (rnd(5)) {
    case 0: break;
    case 1: random_case(catbuf, catsize, model_cats[rnd(NCAT)][0]); f->category = catbuf; break;
    case 2: random_case(catbuf, catsize, model_cats[rnd(NCAT)][1]); f->category = catbuf; break;
    case 3: f->category = "STALKING"; break;   /* a prefix of a minor: matches nothing */
    default: f->category = ""; break;          /* matches the category whose major is "" */
    }
}

static void test_totals_match_model(void **state)
{
    int round;
    (void)state;
    rng_seed(4242);
    for (round = 0; round < 150; round++) {
        struct model md;
        sc_counts *c = random_table(&md);
        int j;
        for (j = 0; j < 4; j++) {
            sc_counts_filter f;
            char catbuf[64];
            int g;
            random_filter(&f, catbuf, sizeof catbuf);
            for (g = SC_GROUP_MONTH; g <= SC_GROUP_CATEGORY; g++)
                check_totals_model(c, &md, (sc_group)g, &f);
        }
        sc_counts_free(c);
    }
}

/* ================================================================== totals, by hand */

/*
 * The hand-worked table:
 *   W1 = E05000001 Alpha / Westminster      C1 = VIOLENCE AGAINST THE PERSON / STALKING AND HARASSMENT
 *   W2 = E05000002 Beta / Westminster       C2 = VIOLENCE AGAINST THE PERSON / COMMON ASSAULT
 *   W3 = E05000003 Gamma / Camden           C3 = BURGLARY / DOMESTIC BURGLARY
 *   W4 = E05000004 Heathrow Villages / Aviation Security (SO18)
 *   months: D = 2023-12, J = 2024-01, F = 2024-02, R = 2024-03, A = 2024-04; D..A covered.
 *
 *   W1 C1 J 10   W1 C1 F 12   W1 C2 J 5   W1 C3 R 3
 *   W2 C1 J 7 (spelled in lower case)     W2 C3 F 4
 *   W3 C1 R 20   W3 C2 F 1
 *   W4 C1 J 2    W4 C3 R 0 (zero add)
 */
#define W1 "E05000001", "Alpha", "Westminster"
#define W2 "E05000002", "Beta", "Westminster"
#define W3 "E05000003", "Gamma", "Camden"
#define W4 "E05000004", "Heathrow Villages", "Aviation Security (SO18)"
#define C1 "VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT"
#define C1_LOWER "violence against the person", "stalking and harassment"
#define C2 "VIOLENCE AGAINST THE PERSON", "COMMON ASSAULT"
#define C3 "BURGLARY", "DOMESTIC BURGLARY"

static sc_counts *hand_table(void)
{
    sc_counts *c = new_table();
    add_ok(c, W1, C1, M(2024, 1), 10);
    add_ok(c, W1, C1, M(2024, 2), 12);
    add_ok(c, W1, C2, M(2024, 1), 5);
    add_ok(c, W1, C3, M(2024, 3), 3);
    add_ok(c, W2, C1_LOWER, M(2024, 1), 7);
    add_ok(c, W2, C3, M(2024, 2), 4);
    add_ok(c, W3, C1, M(2024, 3), 20);
    add_ok(c, W3, C2, M(2024, 2), 1);
    add_ok(c, W4, C1, M(2024, 1), 2);
    add_ok(c, W4, C3, M(2024, 3), 0);
    assert_int_equal(sc_counts_cover(c, M(2023, 12), M(2024, 4)), SC_OK);
    return c;
}

static void test_totals_unfiltered(void **state)
{
    sc_counts *c = hand_table();
    /* Months: D 0; J 10+5+7+2 = 24; F 12+4+1 = 17; R 3+20+0 = 23; A 0. Sum 64. */
    static const struct exp_row by_month[] = {
        { NULL, NULL, NULL, M(2023, 12), 0 },
        { NULL, NULL, NULL, M(2024, 1), 24 },
        { NULL, NULL, NULL, M(2024, 2), 17 },
        { NULL, NULL, NULL, M(2024, 3), 23 },
        { NULL, NULL, NULL, M(2024, 4), 0 },
    };
    /* Boroughs: Westminster W1 (10+12+5+3 = 30) + W2 (7+4 = 11) = 41; Camden 20+1 = 21;
       Aviation Security (SO18) 2 + 0 = 2. 41 + 21 + 2 = 64. */
    static const struct exp_row by_borough[] = {
        { "Westminster", NULL, NULL, SC_MONTH_NONE, 41 },
        { "Camden", NULL, NULL, SC_MONTH_NONE, 21 },
        { "Aviation Security (SO18)", NULL, NULL, SC_MONTH_NONE, 2 },
    };
    /* Wards: W1 30, W3 21, W2 11, W4 2. */
    static const struct exp_row by_ward[] = {
        { W1, SC_MONTH_NONE, 30 },
        { W3, SC_MONTH_NONE, 21 },
        { W2, SC_MONTH_NONE, 11 },
        { W4, SC_MONTH_NONE, 2 },
    };
    /* Categories: C1 10+12+7+20+2 = 51; C3 3+4+0 = 7; C2 5+1 = 6. C1 keeps its first
       (upper-case) spelling although W2 added it in lower case. */
    static const struct exp_row by_category[] = {
        { C1, NULL, SC_MONTH_NONE, 51 },
        { C3, NULL, SC_MONTH_NONE, 7 },
        { C2, NULL, SC_MONTH_NONE, 6 },
    };
    sc_counts_filter all = SC_COUNTS_FILTER_INIT;
    (void)state;
    check_totals(c, SC_GROUP_MONTH, NULL, by_month, ARRAY_LEN(by_month));
    check_totals(c, SC_GROUP_BOROUGH, NULL, by_borough, ARRAY_LEN(by_borough));
    check_totals(c, SC_GROUP_WARD, NULL, by_ward, ARRAY_LEN(by_ward));
    check_totals(c, SC_GROUP_CATEGORY, NULL, by_category, ARRAY_LEN(by_category));
    /* An explicit SC_COUNTS_FILTER_INIT is the same as NULL. */
    check_totals(c, SC_GROUP_MONTH, &all, by_month, ARRAY_LEN(by_month));
    check_totals(c, SC_GROUP_CATEGORY, &all, by_category, ARRAY_LEN(by_category));
    sc_counts_free(c);
}

static void test_totals_month_ranges(void **state)
{
    sc_counts *c = hand_table();
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    (void)state;
    {   /* F..R inclusive: F 17, R 23 */
        static const struct exp_row rows[] = {
            { NULL, NULL, NULL, M(2024, 2), 17 }, { NULL, NULL, NULL, M(2024, 3), 23 },
        };
        f.from = M(2024, 2);
        f.to = M(2024, 3);
        check_totals(c, SC_GROUP_MONTH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* from F, no upper bound: F 17, R 23, A 0 */
        static const struct exp_row rows[] = {
            { NULL, NULL, NULL, M(2024, 2), 17 }, { NULL, NULL, NULL, M(2024, 3), 23 },
            { NULL, NULL, NULL, M(2024, 4), 0 },
        };
        f.from = M(2024, 2);
        f.to = SC_MONTH_NONE;
        check_totals(c, SC_GROUP_MONTH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* up to J, no lower bound: D 0, J 24 */
        static const struct exp_row rows[] = {
            { NULL, NULL, NULL, M(2023, 12), 0 }, { NULL, NULL, NULL, M(2024, 1), 24 },
        };
        f.from = SC_MONTH_NONE;
        f.to = M(2024, 1);
        check_totals(c, SC_GROUP_MONTH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* J..J by borough: W1 10+5 + W2 7 = 22 Westminster; W4 2; Camden has nothing in J */
        static const struct exp_row rows[] = {
            { "Westminster", NULL, NULL, SC_MONTH_NONE, 22 },
            { "Aviation Security (SO18)", NULL, NULL, SC_MONTH_NONE, 2 },
        };
        f.from = M(2024, 1);
        f.to = M(2024, 1);
        check_totals(c, SC_GROUP_BOROUGH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* R..R: Camden 20, Westminster 3; Aviation's zero cell gives no row */
        static const struct exp_row boroughs[] = {
            { "Camden", NULL, NULL, SC_MONTH_NONE, 20 },
            { "Westminster", NULL, NULL, SC_MONTH_NONE, 3 },
        };
        static const struct exp_row wards[] = {
            { W3, SC_MONTH_NONE, 20 }, { W1, SC_MONTH_NONE, 3 },
        };
        /* categories in R: C1 20 (W3), C3 3 + 0 = 3, C2 nothing -> omitted */
        static const struct exp_row cats[] = {
            { C1, NULL, SC_MONTH_NONE, 20 }, { C3, NULL, SC_MONTH_NONE, 3 },
        };
        f.from = M(2024, 3);
        f.to = M(2024, 3);
        check_totals(c, SC_GROUP_BOROUGH, &f, boroughs, ARRAY_LEN(boroughs));
        check_totals(c, SC_GROUP_WARD, &f, wards, ARRAY_LEN(wards));
        check_totals(c, SC_GROUP_CATEGORY, &f, cats, ARRAY_LEN(cats));
    }
    {   /* 2023-01..2023-12: only D is covered inside: one 0 row; no borough rows */
        static const struct exp_row rows[] = { { NULL, NULL, NULL, M(2023, 12), 0 } };
        f.from = M(2023, 1);
        f.to = M(2023, 12);
        check_totals(c, SC_GROUP_MONTH, &f, rows, ARRAY_LEN(rows));
        check_totals(c, SC_GROUP_BOROUGH, &f, NULL, 0);
    }
    {   /* entirely outside coverage: no rows at all, sum 0 */
        f.from = M(2025, 1);
        f.to = M(2025, 3);
        check_totals(c, SC_GROUP_MONTH, &f, NULL, 0);
        check_totals(c, SC_GROUP_WARD, &f, NULL, 0);
        check_totals(c, SC_GROUP_CATEGORY, &f, NULL, 0);
    }
    sc_counts_free(c);
}

static void test_totals_category_filter(void **state)
{
    sc_counts *c = hand_table();
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    (void)state;
    {   /* minor text, lower case: C1 only. Westminster 10+12+7 = 29, Camden 20, Aviation 2 */
        static const struct exp_row rows[] = {
            { "Westminster", NULL, NULL, SC_MONTH_NONE, 29 },
            { "Camden", NULL, NULL, SC_MONTH_NONE, 20 },
            { "Aviation Security (SO18)", NULL, NULL, SC_MONTH_NONE, 2 },
        };
        f.category = "stalking and harassment";
        check_totals(c, SC_GROUP_BOROUGH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* major text, mixed case: C1 + C2. W1 10+12+5 = 27, W3 20+1 = 21, W2 7, W4 2 */
        static const struct exp_row rows[] = {
            { W1, SC_MONTH_NONE, 27 }, { W3, SC_MONTH_NONE, 21 },
            { W2, SC_MONTH_NONE, 7 }, { W4, SC_MONTH_NONE, 2 },
        };
        f.category = "Violence Against The Person";
        check_totals(c, SC_GROUP_WARD, &f, rows, ARRAY_LEN(rows));
    }
    {   /* major + months F..R: F W1C1 12 + W3C2 1 = 13; R W3C1 20 */
        static const struct exp_row rows[] = {
            { NULL, NULL, NULL, M(2024, 2), 13 }, { NULL, NULL, NULL, M(2024, 3), 20 },
        };
        f.category = "violence against the person";
        f.from = M(2024, 2);
        f.to = M(2024, 3);
        check_totals(c, SC_GROUP_MONTH, &f, rows, ARRAY_LEN(rows));
    }
    {   /* minor "DOMESTIC BURGLARY" from R on: C3 3 + 0 = 3 */
        static const struct exp_row rows[] = { { C3, NULL, SC_MONTH_NONE, 3 } };
        f.category = "Domestic Burglary";
        f.from = M(2024, 3);
        f.to = SC_MONTH_NONE;
        check_totals(c, SC_GROUP_CATEGORY, &f, rows, ARRAY_LEN(rows));
    }
    {   /* a category nobody has: no groups; by month every covered month with 0 */
        static const struct exp_row months[] = {
            { NULL, NULL, NULL, M(2023, 12), 0 }, { NULL, NULL, NULL, M(2024, 1), 0 },
            { NULL, NULL, NULL, M(2024, 2), 0 }, { NULL, NULL, NULL, M(2024, 3), 0 },
            { NULL, NULL, NULL, M(2024, 4), 0 },
        };
        f.category = "ROBBERY";
        f.from = SC_MONTH_NONE;
        f.to = SC_MONTH_NONE;
        check_totals(c, SC_GROUP_BOROUGH, &f, NULL, 0);
        check_totals(c, SC_GROUP_MONTH, &f, months, ARRAY_LEN(months));
    }
    {   /* equality, not substring or prefix */
        f.category = "STALKING";
        check_totals(c, SC_GROUP_BOROUGH, &f, NULL, 0);
        f.category = "STALKING AND HARASSMENT ";
        check_totals(c, SC_GROUP_BOROUGH, &f, NULL, 0);
        f.category = "BURGLARY/DOMESTIC BURGLARY";
        check_totals(c, SC_GROUP_CATEGORY, &f, NULL, 0);
    }
    sc_counts_free(c);
}

static void test_totals_sort_ties(void **state)
{
    sc_counts *c = new_table();
    (void)state;
    /* Boroughs with equal counts sort by byte order: "Barnet" < "Brent" < "Camden" < "Zed"
       < "barking" ('Z' 0x5A < 'b' 0x62). Bexley (9) first by count. Inserted scrambled. */
    add_ok(c, "E1", "w1", "Camden", C1, M(2024, 1), 5);
    add_ok(c, "E2", "w2", "Brent", C1, M(2024, 1), 5);
    add_ok(c, "E3", "w3", "Bexley", C1, M(2024, 1), 9);
    add_ok(c, "E4", "w4", "barking", C1, M(2024, 1), 5);
    add_ok(c, "E5", "w5", "Barnet", C1, M(2024, 1), 2);
    add_ok(c, "E6", "w6", "Barnet", C1, M(2024, 2), 3);   /* Barnet 2 + 3 = 5 */
    add_ok(c, "E7", "w7", "Zed", C1, M(2024, 1), 5);
    {
        static const struct exp_row rows[] = {
            { "Bexley", NULL, NULL, SC_MONTH_NONE, 9 },
            { "Barnet", NULL, NULL, SC_MONTH_NONE, 5 },
            { "Brent", NULL, NULL, SC_MONTH_NONE, 5 },
            { "Camden", NULL, NULL, SC_MONTH_NONE, 5 },
            { "Zed", NULL, NULL, SC_MONTH_NONE, 5 },
            { "barking", NULL, NULL, SC_MONTH_NONE, 5 },
        };
        check_totals(c, SC_GROUP_BOROUGH, NULL, rows, ARRAY_LEN(rows));
    }
    sc_counts_free(c);

    /* Wards: by count, then ward name, ward code, borough (byte order). */
    c = new_table();
    add_ok(c, "E2", "Alpha", "X", C1, M(2024, 1), 5);
    add_ok(c, "E1", "Beta", "X", C1, M(2024, 1), 5);
    add_ok(c, "E3", "Alpha", "W", C1, M(2024, 1), 5);
    add_ok(c, "E9", "alpha", "A", C1, M(2024, 1), 5);
    add_ok(c, "E0", "Alpha", "Z", C1, M(2024, 1), 5);
    add_ok(c, "E2", "Alpha", "A", C1, M(2024, 1), 5);
    add_ok(c, "E8", "Zulu", "Q", C1, M(2024, 1), 6);
    {
        static const struct exp_row rows[] = {
            { "E8", "Zulu", "Q", SC_MONTH_NONE, 6 },
            { "E0", "Alpha", "Z", SC_MONTH_NONE, 5 },
            { "E2", "Alpha", "A", SC_MONTH_NONE, 5 },
            { "E2", "Alpha", "X", SC_MONTH_NONE, 5 },
            { "E3", "Alpha", "W", SC_MONTH_NONE, 5 },
            { "E1", "Beta", "X", SC_MONTH_NONE, 5 },
            { "E9", "alpha", "A", SC_MONTH_NONE, 5 },
        };
        check_totals(c, SC_GROUP_WARD, NULL, rows, ARRAY_LEN(rows));
    }
    sc_counts_free(c);

    /* Categories: by count, then major, minor in byte order (as spelled). */
    c = new_table();
    add_ok(c, W1, "VIOLENCE", "STALKING", M(2024, 1), 5);
    add_ok(c, W1, "BURGLARY", "B", M(2024, 1), 5);
    add_ok(c, W1, "alpha", "A", M(2024, 1), 5);
    add_ok(c, W1, "BURGLARY", "A", M(2024, 1), 5);
    add_ok(c, W1, "Zeta", "a", M(2024, 1), 5);
    add_ok(c, W1, "ARSON", "Z", M(2024, 1), 5);
    add_ok(c, W2, "ROBBERY", "X", M(2024, 1), 4);
    add_ok(c, W3, "ROBBERY", "X", M(2024, 2), 4);      /* 4 + 4 = 8: first */
    {
        static const struct exp_row rows[] = {
            { "ROBBERY", "X", NULL, SC_MONTH_NONE, 8 },
            { "ARSON", "Z", NULL, SC_MONTH_NONE, 5 },
            { "BURGLARY", "A", NULL, SC_MONTH_NONE, 5 },
            { "BURGLARY", "B", NULL, SC_MONTH_NONE, 5 },
            { "VIOLENCE", "STALKING", NULL, SC_MONTH_NONE, 5 },
            { "Zeta", "a", NULL, SC_MONTH_NONE, 5 },
            { "alpha", "A", NULL, SC_MONTH_NONE, 5 },
        };
        check_totals(c, SC_GROUP_CATEGORY, NULL, rows, ARRAY_LEN(rows));
    }
    sc_counts_free(c);
}

static void test_totals_outlive_table(void **state)
{
    sc_counts *c = hand_table(), *other;
    sc_totals *by_ward, *by_cat, *by_borough;
    static const struct exp_row wards[] = {
        { W1, SC_MONTH_NONE, 30 }, { W3, SC_MONTH_NONE, 21 },
        { W2, SC_MONTH_NONE, 11 }, { W4, SC_MONTH_NONE, 2 },
    };
    static const struct exp_row cats[] = {
        { C1, NULL, SC_MONTH_NONE, 51 }, { C3, NULL, SC_MONTH_NONE, 7 },
        { C2, NULL, SC_MONTH_NONE, 6 },
    };
    static const struct exp_row boroughs[] = {
        { "Westminster", NULL, NULL, SC_MONTH_NONE, 41 },
        { "Camden", NULL, NULL, SC_MONTH_NONE, 21 },
        { "Aviation Security (SO18)", NULL, NULL, SC_MONTH_NONE, 2 },
    };
    int i;
    (void)state;
    by_ward = totals_ok(c, SC_GROUP_WARD, NULL);
    by_cat = totals_ok(c, SC_GROUP_CATEGORY, NULL);
    by_borough = totals_ok(c, SC_GROUP_BOROUGH, NULL);
    sc_counts_free(c);
    /* Reuse the freed memory with other texts, so borrowed pointers would show garbage. */
    other = new_table();
    for (i = 0; i < 50; i++)
        add_ok(other, "XXXXXXXXX", "xxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxx",
               "XXXXXXXXXXXXXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXXXXX", M(2024, 1) + i, 1);
    assert_rows(by_ward, wards, ARRAY_LEN(wards));
    assert_rows(by_cat, cats, ARRAY_LEN(cats));
    assert_rows(by_borough, boroughs, ARRAY_LEN(boroughs));
    sc_counts_free(other);
    sc_totals_free(by_ward);
    sc_totals_free(by_cat);
    sc_totals_free(by_borough);
}

static void test_totals_overflow(void **state)
{
    sc_counts *c = new_table();
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    static char dummy;
    sc_totals *t;
    sc_error err;
    int g;
    (void)state;
    /* Two cells of 2^64 - 1 in different wards, months and categories, same borough. */
    add_ok(c, "E1", "W1", "Camden", "X", "Y", M(2024, 1), UINT64_MAX);
    add_ok(c, "E2", "W2", "Camden", "P", "Q", M(2024, 2), UINT64_MAX);
    /* Every grouping: either a group total (borough) or the sum of the rows (month, ward,
       category: each row fits, their sum does not) exceeds 2^64 - 1. */
    for (g = SC_GROUP_MONTH; g <= SC_GROUP_CATEGORY; g++) {
        t = (sc_totals *)(void *)&dummy;
        memset(&err, 0, sizeof err);
        assert_int_equal(sc_counts_totals(&t, c, (sc_group)g, NULL, &err), SC_EOVERFLOW);
        assert_null(t);
        assert_int_equal(err.code, SC_EOVERFLOW);
    }
    /* Restricting to one month or one category fits: sum 2^64 - 1. */
    f.from = f.to = M(2024, 1);
    t = totals_ok(c, SC_GROUP_BOROUGH, &f);
    assert_int_equal(sc_totals_size(t), 1);
    assert_int_equal(sc_totals_sum(t), UINT64_MAX);
    sc_totals_free(t);
    f.from = f.to = SC_MONTH_NONE;
    f.category = "q";
    t = totals_ok(c, SC_GROUP_MONTH, &f);
    /* months 2024-01 (0, category X/Y filtered out) and 2024-02 (2^64 - 1) */
    {
        static const struct exp_row rows[] = {
            { NULL, NULL, NULL, M(2024, 1), 0 }, { NULL, NULL, NULL, M(2024, 2), UINT64_MAX },
        };
        assert_rows(t, rows, ARRAY_LEN(rows));
    }
    sc_totals_free(t);
    sc_counts_free(c);
}

static void test_totals_invalid(void **state)
{
    sc_counts *c = hand_table();
    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    static char dummy;
    sc_totals *t;
    sc_error err;
    size_t i;
    static const sc_month bad_bounds[] = { 0, 11, SC_MONTH_MAX + 1, -2, INT32_MIN };
    (void)state;

#define EXPECT_EINVAL(call)                                           \
    do {                                                              \
        t = (sc_totals *)(void *)&dummy;                              \
        memset(&err, 0, sizeof err);                                  \
        assert_int_equal((call), SC_EINVAL);                          \
        assert_null(t);                                               \
        assert_int_equal(err.code, SC_EINVAL);                        \
    } while (0)

    assert_int_equal(sc_counts_totals(NULL, c, SC_GROUP_MONTH, NULL, NULL), SC_EINVAL);
    EXPECT_EINVAL(sc_counts_totals(&t, NULL, SC_GROUP_MONTH, NULL, &err));
    EXPECT_EINVAL(sc_counts_totals(&t, c, (sc_group)4, NULL, &err));
    EXPECT_EINVAL(sc_counts_totals(&t, c, (sc_group)-1, NULL, &err));
    EXPECT_EINVAL(sc_counts_totals(&t, c, (sc_group)1000, NULL, &err));

    f.version = 0;
    EXPECT_EINVAL(sc_counts_totals(&t, c, SC_GROUP_MONTH, &f, &err));
    f.version = SC_COUNTS_FILTER_VERSION + 1;
    EXPECT_EINVAL(sc_counts_totals(&t, c, SC_GROUP_BOROUGH, &f, &err));
    f.version = SC_COUNTS_FILTER_VERSION;

    f.from = M(2024, 3);
    f.to = M(2024, 2);   /* from > to */
    EXPECT_EINVAL(sc_counts_totals(&t, c, SC_GROUP_MONTH, &f, &err));
    for (i = 0; i < ARRAY_LEN(bad_bounds); i++) {
        f.from = bad_bounds[i];
        f.to = SC_MONTH_NONE;
        EXPECT_EINVAL(sc_counts_totals(&t, c, SC_GROUP_WARD, &f, &err));
        f.from = SC_MONTH_NONE;
        f.to = bad_bounds[i];
        EXPECT_EINVAL(sc_counts_totals(&t, c, SC_GROUP_CATEGORY, &f, &err));
    }
#undef EXPECT_EINVAL

    /* Query functions on NULL. */
    assert_int_equal(sc_totals_size(NULL), 0);
    assert_null(sc_totals_get(NULL, 0));
    assert_int_equal(sc_totals_sum(NULL), 0);
    assert_int_equal(sc_totals_group(NULL), SC_GROUP_MONTH);
    sc_totals_free(NULL);

    /* An empty table: no rows in any grouping. */
    {
        sc_counts *e = new_table();
        int g;
        for (g = SC_GROUP_MONTH; g <= SC_GROUP_CATEGORY; g++)
            check_totals(e, (sc_group)g, NULL, NULL, 0);
        sc_counts_free(e);
    }
    sc_counts_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_free),
        cmocka_unit_test(test_add_get_basic),
        cmocka_unit_test(test_add_get_invalid_args),
        cmocka_unit_test(test_categories_case_insensitive),
        cmocka_unit_test(test_categories_first_spelling_from_zero_add),
        cmocka_unit_test(test_categories_ascii_only_folding),
        cmocka_unit_test(test_areas_byte_for_byte),
        cmocka_unit_test(test_keys_do_not_collide),
        cmocka_unit_test(test_has_category),
        cmocka_unit_test(test_add_zero_covers),
        cmocka_unit_test(test_add_invalid_utf8),
        cmocka_unit_test(test_add_valid_utf8),
        cmocka_unit_test(test_add_overflow),
        cmocka_unit_test(test_cover),
        cmocka_unit_test(test_cover_boundaries),
        cmocka_unit_test(test_cover_invalid),
        cmocka_unit_test(test_foreach_documented_order),
        cmocka_unit_test(test_foreach_stop_and_args),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_merge_basic),
        cmocka_unit_test(test_merge_invalid),
        cmocka_unit_test(test_merge_overflow),
        cmocka_unit_test(test_random_tables_match_model),
        cmocka_unit_test(test_merge_properties),
        cmocka_unit_test(test_totals_match_model),
        cmocka_unit_test(test_totals_unfiltered),
        cmocka_unit_test(test_totals_month_ranges),
        cmocka_unit_test(test_totals_category_filter),
        cmocka_unit_test(test_totals_sort_ties),
        cmocka_unit_test(test_totals_outlive_table),
        cmocka_unit_test(test_totals_overflow),
        cmocka_unit_test(test_totals_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
