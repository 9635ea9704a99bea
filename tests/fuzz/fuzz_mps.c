/*
 * fuzz_mps.c - libFuzzer harness for the Met ward-level CSV importer and the count tables.
 *
 * Build and run: `make fuzz` (FUZZ_SECONDS=900 for a longer run); it compiles this file and the
 * library's sources with clang -fsanitize=fuzzer,address,undefined and seeds the corpus with
 * tests/data/mps.
 *
 * Feeds arbitrary bytes to sc_mps_read_buffer (and, as a differential, sc_mps_read_file over
 * fmemopen) and checks the documented contract and cross-grouping invariants on success.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#define CHECK(cond, ...)                                                             \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "INVARIANT FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                     \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static int ascii_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            return 0;
    }
}

typedef struct walk {
    const sc_counts *c;
    size_t n;
    sc_cell prev;
    int have_prev;
    const char *first_minor; /* a category seen, for filters (copied) */
    char minor_buf[128];
    unsigned __int128 sum_all;
} walk;

static int cmp_cells(const sc_cell *a, const sc_cell *b)
{
    int r = strcmp(a->ward_code, b->ward_code);
    if (!r)
        r = strcmp(a->ward_name, b->ward_name);
    if (!r)
        r = strcmp(a->borough, b->borough);
    if (!r)
        r = ascii_cmp(a->major, b->major);
    if (!r)
        r = ascii_cmp(a->minor, b->minor);
    if (!r)
        r = a->month < b->month ? -1 : a->month > b->month;
    return r;
}

static int walk_cb(const sc_cell *cell, void *payload)
{
    walk *w = payload;
    CHECK(cell->count != 0, "foreach visited a zero cell");
    CHECK(sc_month_valid(cell->month), "invalid month %d", (int)cell->month);
    CHECK(sc_counts_covers(w->c, cell->month), "cell month %d not covered", (int)cell->month);
    CHECK(cell->ward_code && cell->ward_name && cell->borough && cell->major && cell->minor,
          "NULL text in cell");
    uint64_t got = 0;
    CHECK(sc_counts_get(w->c, cell->ward_code, cell->ward_name, cell->borough, cell->major,
                        cell->minor, cell->month, &got) == SC_OK, "get failed");
    CHECK(got == cell->count, "get %llu != foreach %llu", (unsigned long long)got,
          (unsigned long long)cell->count);
    if (w->have_prev) {
        CHECK(cmp_cells(&w->prev, cell) < 0, "foreach order broken");
    }
    /* the strings stay valid for the whole table lifetime (borrowed from table) */
    w->prev = *cell;
    w->have_prev = 1;
    if (!w->first_minor && strlen(cell->minor) < sizeof w->minor_buf) {
        strcpy(w->minor_buf, cell->minor);
        w->first_minor = w->minor_buf;
    }
    w->sum_all += cell->count;
    w->n++;
    return 0;
}

typedef struct fsum {
    const sc_counts_filter *f;
    unsigned __int128 sum;
} fsum;

static int filter_cb(const sc_cell *cell, void *payload)
{
    fsum *s = payload;
    const sc_counts_filter *f = s->f;
    if (f->from != SC_MONTH_NONE && cell->month < f->from)
        return 0;
    if (f->to != SC_MONTH_NONE && cell->month > f->to)
        return 0;
    if (f->category && ascii_cmp(f->category, cell->minor) != 0 &&
        ascii_cmp(f->category, cell->major) != 0)
        return 0;
    s->sum += cell->count;
    return 0;
}

static void check_totals(const sc_counts *c, const sc_counts_filter *fp)
{
    static const sc_counts_filter all = SC_COUNTS_FILTER_INIT;
    const sc_counts_filter *f = fp ? fp : &all;
    int rcs[4];
    uint64_t sums[4];
    fsum ref = {f, 0};
    CHECK(sc_counts_foreach(c, filter_cb, &ref) == SC_OK, "foreach");
    for (int g = 0; g < 4; g++) {
        sc_totals *t = NULL;
        sc_error e;
        sc_error_clear(&e);
        rcs[g] = sc_counts_totals(&t, c, (sc_group)g, fp, &e);
        sums[g] = 0;
        if (rcs[g] != SC_OK) {
            CHECK(rcs[g] == SC_EOVERFLOW, "totals by %d failed with %d (%s)", g, rcs[g],
                  e.message);
            CHECK(t == NULL, "out not NULL on failure");
            CHECK(e.code == rcs[g], "err.code %d != rc %d", e.code, rcs[g]);
            continue;
        }
        CHECK(sc_totals_group(t) == (sc_group)g, "group");
        uint64_t s = 0;
        unsigned __int128 s128 = 0;
        for (size_t i = 0; i < sc_totals_size(t); i++) {
            const sc_cell *r = sc_totals_get(t, i);
            CHECK(r != NULL, "row NULL");
            s128 += r->count;
            s += r->count;
            if (g == SC_GROUP_MONTH) {
                CHECK(sc_counts_covers(c, r->month), "month row not covered");
                if (i > 0)
                    CHECK(sc_totals_get(t, i - 1)->month < r->month, "months not ascending");
                CHECK(r->ward_code == NULL && r->major == NULL && r->borough == NULL,
                      "month row has texts");
                if (f->from != SC_MONTH_NONE)
                    CHECK(r->month >= f->from, "month before from");
                if (f->to != SC_MONTH_NONE)
                    CHECK(r->month <= f->to, "month after to");
            } else {
                CHECK(r->count > 0, "zero group row");
                CHECK(r->month == SC_MONTH_NONE, "month set in group row");
                if (i > 0)
                    CHECK(sc_totals_get(t, i - 1)->count >= r->count, "not descending");
                if (g == SC_GROUP_WARD)
                    CHECK(r->ward_code && r->ward_name && r->borough && !r->major,
                          "ward fields");
                if (g == SC_GROUP_BOROUGH)
                    CHECK(r->borough && !r->ward_code && !r->major, "borough fields");
                if (g == SC_GROUP_CATEGORY)
                    CHECK(r->major && r->minor && !r->borough, "category fields");
            }
        }
        CHECK(sc_totals_get(t, sc_totals_size(t)) == NULL, "get past end");
        CHECK(s128 == sc_totals_sum(t), "rows sum != sc_totals_sum");
        sums[g] = s;
        sc_totals_free(t);
    }
    for (int g = 1; g < 4; g++) {
        CHECK(rcs[g] == rcs[0], "grouping %d rc %d vs month rc %d", g, rcs[g], rcs[0]);
        if (rcs[g] == SC_OK)
            CHECK(sums[g] == sums[0], "grouping %d sum %llu vs month sum %llu", g,
                  (unsigned long long)sums[g], (unsigned long long)sums[0]);
    }
    if (rcs[0] == SC_OK)
        CHECK(ref.sum == sums[0], "totals sum %llu != sum of filtered cells",
              (unsigned long long)sums[0]);
    else
        CHECK(ref.sum > UINT64_MAX, "overflow reported but filtered sum fits");
}

static void check_table(const sc_counts *c, const sc_mps_info *info)
{
    walk w;
    memset(&w, 0, sizeof w);
    w.c = c;
    CHECK(sc_counts_foreach(c, walk_cb, &w) == SC_OK, "foreach");
    CHECK(w.n == sc_counts_size(c), "foreach %zu cells, size %zu", w.n, sc_counts_size(c));

    sc_month first, last;
    int rc = sc_counts_coverage(c, &first, &last);
    CHECK(rc == SC_OK, "imported table covers nothing");
    CHECK(first == info->first_month && last == info->last_month, "info months vs coverage");
    size_t covered = 0;
    for (sc_month m = first; m <= last; m++)
        covered += (size_t)sc_counts_covers(c, m);
    CHECK(covered == info->month_columns, "covered %zu != month columns %zu", covered,
          info->month_columns);

    sc_counts_filter f = SC_COUNTS_FILTER_INIT;
    check_totals(c, NULL);
    check_totals(c, &f);
    f.from = first + 1 <= SC_MONTH_MAX ? first + 1 : first;
    check_totals(c, &f);
    f.to = last;
    if (f.from <= f.to)
        check_totals(c, &f);
    f.from = SC_MONTH_NONE;
    f.to = first;
    check_totals(c, &f);
    f.to = SC_MONTH_NONE;
    f.category = "STALKING AND HARASSMENT";
    check_totals(c, &f);
    f.category = "";
    check_totals(c, &f);
    if (w.first_minor) {
        f.category = w.first_minor;
        check_totals(c, &f);
    }

    /* merge into an empty table gives an equal table */
    sc_counts *d = NULL;
    CHECK(sc_counts_new(&d) == SC_OK, "new");
    sc_error e;
    CHECK(sc_counts_merge(d, c, &e) == SC_OK, "merge into empty failed: %s", e.message);
    CHECK(sc_counts_equal(d, c) && sc_counts_equal(c, d), "merge into empty not equal");
    CHECK(sc_counts_size(d) == sc_counts_size(c), "size after merge");
    /* merging again doubles every cell, or fails with overflow and leaves d unchanged */
    rc = sc_counts_merge(d, c, &e);
    if (rc == SC_OK) {
        CHECK(w.n == 0 || !sc_counts_equal(d, c), "doubled table equal to original");
        CHECK(sc_counts_size(d) == sc_counts_size(c), "size after doubling");
        check_totals(d, NULL);
    } else {
        CHECK(rc == SC_EOVERFLOW, "second merge rc %d", rc);
        CHECK(sc_counts_equal(d, c), "failed merge changed dst");
    }
    sc_counts_free(d);
}

static void check_error(const uint8_t *data, size_t size, int rc, const sc_error *e,
                        const sc_counts *c)
{
    CHECK(c == NULL, "out not NULL on failure");
    CHECK(rc == SC_EPARSE || rc == SC_EDATA || rc == SC_ELIMIT || rc == SC_EOVERFLOW,
          "unexpected status %d (%s)", rc, e->message);
    CHECK(e->code == rc, "err.code %d != rc %d", e->code, rc);
    CHECK(strcmp(e->source, "fuzz") == 0, "source '%s'", e->source);
    CHECK(e->message[0] != '\0', "empty message");
    /* mps.h: LF, CRLF and a lone CR each end a line */
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    CHECK(e->line <= lines, "error line %lu beyond the %zu lines of the input", e->line, lines);
    CHECK(e->column <= SC_MPS_MAX_COLUMNS + 1, "column %lu", e->column);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sc_counts *c = (sc_counts *)1;
    sc_mps_info info = SC_MPS_INFO_INIT;
    sc_error e;
    sc_error_clear(&e);
    int rc = sc_mps_read_buffer(&c, size ? data : NULL, size, "fuzz", &info, &e);

    /* differential: the stream reader must agree exactly */
    {
        sc_counts *c2 = (sc_counts *)1;
        sc_mps_info info2 = SC_MPS_INFO_INIT;
        sc_error e2;
        sc_error_clear(&e2);
        FILE *fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
        if (fp) {
            int rc2 = sc_mps_read_file(&c2, fp, "fuzz", &info2, &e2);
            fclose(fp);
            CHECK(rc2 == rc, "read_file rc %d vs read_buffer rc %d (%s | %s)", rc2, rc,
                  e2.message, e.message);
            if (rc == SC_OK) {
                CHECK(sc_counts_equal(c, c2), "read_file table differs");
                CHECK(info.rows == info2.rows, "rows differ");
            } else {
                CHECK(e.line == e2.line && e.column == e2.column &&
                          strcmp(e.message, e2.message) == 0,
                      "error differs: %lu:%lu %s vs %lu:%lu %s", e.line, e.column, e.message,
                      e2.line, e2.column, e2.message);
            }
            sc_counts_free(c2);
        }
    }

    if (rc != SC_OK) {
        check_error(data, size, rc, &e, c);
        return 0;
    }
    CHECK(c != NULL && c != (sc_counts *)1, "no table on success");
    CHECK(e.code == 0 && e.message[0] == '\0', "err touched on success");
    CHECK(info.month_columns > 0, "success without month columns");
    check_table(c, &info);
    sc_counts_free(c);
    return 0;
}
