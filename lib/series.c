/*
 * series.c - monthly series from count tables, year-on-year change, rolling sums and
 * before/after comparisons (the intervals themselves come from stats.c).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/series.h>

#include "sc_internal.h"

struct sc_series {
    sc_month first, last;
    size_t n;
    uint64_t *values;       /* n values; 0 where not covered */
    unsigned char *covered; /* n flags */
    sc_breaks *breaks;      /* copy of the whole table given */
    size_t brk_index, brk_count; /* the breaks inside the span */
};

struct sc_comparison {
    sc_period before, after;
    double level;
    int ratio_rc[2];        /* status of log-Wald, exact conditional */
    sc_interval ratio[2];
    int diff_rc;
    sc_interval diff;
    sc_breaks *breaks;      /* only the breaks inside the compared span */
};

/* ------------------------------------------------------------------ building a series */

typedef struct build {
    const sc_series_filter *f;
    sc_series *s;
    int overflow;
    sc_month overflow_month;
} build;

static int text_in(const char *text, const char *const *set, size_t n, int fold)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < n; i++) {
        if (fold ? sci_ascii_caseeq(text, len, set[i], strlen(set[i]))
                 : strcmp(text, set[i]) == 0)
            return 1;
    }
    return 0;
}

static int add_cell(const sc_cell *cell, void *payload)
{
    build *b = payload;
    const sc_series_filter *f = b->f;
    sc_series *s = b->s;
    if (cell->month < s->first || cell->month > s->last)
        return 0;
    if (f->n_ward_codes + f->n_boroughs > 0 &&
        !text_in(cell->ward_code, f->ward_codes, f->n_ward_codes, 0) &&
        !text_in(cell->borough, f->boroughs, f->n_boroughs, 0))
        return 0;
    if (f->n_categories > 0 && !text_in(cell->minor, f->categories, f->n_categories, 1) &&
        !text_in(cell->major, f->categories, f->n_categories, 1))
        return 0;
    uint64_t *v = &s->values[cell->month - s->first];
    if (*v > UINT64_MAX - cell->count) {
        b->overflow = 1;
        b->overflow_month = cell->month;
        return 1;
    }
    *v += cell->count;
    return 0;
}

static int check_set(const char *const *set, size_t n)
{
    if (n > 0 && !set)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!set[i])
            return 0;
    return 1;
}

int sc_series_new(sc_series **out, const sc_counts *c, const sc_series_filter *filter,
                  const sc_breaks *breaks, sc_error *err)
{
    static const sc_series_filter all = SC_SERIES_FILTER_INIT;
    if (out)
        *out = NULL;
    if (!out || !c)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_series_new");
    const sc_series_filter *f = filter ? filter : &all;
    if (f->version == 0 || f->version > SC_SERIES_FILTER_VERSION)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "unknown sc_series_filter version %u",
                         f->version);
    if ((f->from != SC_MONTH_NONE && !sc_month_valid(f->from)) ||
        (f->to != SC_MONTH_NONE && !sc_month_valid(f->to)))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid month bound in series filter");
    if (!check_set(f->ward_codes, f->n_ward_codes) || !check_set(f->boroughs, f->n_boroughs) ||
        !check_set(f->categories, f->n_categories))
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "a series filter list is NULL or holds a NULL text");
    sc_month first = f->from, last = f->to;
    if (first == SC_MONTH_NONE || last == SC_MONTH_NONE) {
        sc_month cf, cl;
        if (sc_counts_coverage(c, &cf, &cl) != SC_OK)
            return sci_error(err, SC_EDATA, NULL, 0, 0,
                             "the table covers no month, so an open series bound has no value");
        if (first == SC_MONTH_NONE)
            first = cf;
        if (last == SC_MONTH_NONE)
            last = cl;
    }
    if (first > last) {
        char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];
        sc_month_format(first, a, sizeof a);
        sc_month_format(last, b, sizeof b);
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "series range %s..%s is empty", a, b);
    }

    sc_series *s = calloc(1, sizeof *s);
    if (!s)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    s->first = first;
    s->last = last;
    s->n = (size_t)(last - first) + 1;
    s->values = calloc(s->n, sizeof *s->values);
    s->covered = calloc(s->n, 1);
    int rc = SC_ENOMEM;
    if (!s->values || !s->covered)
        goto fail;
    rc = breaks ? sc_breaks_copy(&s->breaks, breaks) : sc_breaks_new_england_wales(&s->breaks);
    if (rc != SC_OK)
        goto fail;
    s->brk_count = sc_breaks_within(s->breaks, first, last, &s->brk_index);
    for (size_t i = 0; i < s->n; i++)
        s->covered[i] = (unsigned char)sc_counts_covers(c, first + (sc_month)i);

    build b = { f, s, 0, SC_MONTH_NONE };
    rc = sc_counts_foreach(c, add_cell, &b);
    if (b.overflow) {
        char m[SC_MONTH_BUFSIZE];
        sc_month_format(b.overflow_month, m, sizeof m);
        sc_series_free(s);
        return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                         "the series value of %s would exceed 2^64 - 1", m);
    }
    if (rc != SC_OK)
        goto fail;
    *out = s;
    return SC_OK;
fail:
    sc_series_free(s);
    return sci_error(err, rc, NULL, 0, 0, "%s", rc == SC_ENOMEM ? "out of memory"
                                                                 : sc_strerror(rc));
}

void sc_series_free(sc_series *s)
{
    if (!s)
        return;
    free(s->values);
    free(s->covered);
    sc_breaks_free(s->breaks);
    free(s);
}

/* ------------------------------------------------------------------ queries */

size_t sc_series_span(const sc_series *s, sc_month *first, sc_month *last)
{
    if (first)
        *first = s ? s->first : SC_MONTH_NONE;
    if (last)
        *last = s ? s->last : SC_MONTH_NONE;
    return s ? s->n : 0;
}

static int in_span(const sc_series *s, sc_month m)
{
    return sc_month_valid(m) && m >= s->first && m <= s->last;
}

int sc_series_covers(const sc_series *s, sc_month m)
{
    return s && in_span(s, m) && s->covered[m - s->first];
}

int sc_series_value(const sc_series *s, sc_month m, uint64_t *out)
{
    if (out)
        *out = 0;
    if (!s || !out || !in_span(s, m))
        return SC_EINVAL;
    if (!s->covered[m - s->first])
        return SC_ENOTFOUND;
    *out = s->values[m - s->first];
    return SC_OK;
}

/* Sum of covered months in first..last, clipped to the span; *covered counts them. */
static int sum_clipped(const sc_series *s, sc_month first, sc_month last, uint64_t *sum,
                       size_t *covered)
{
    uint64_t t = 0;
    size_t k = 0;
    for (sc_month m = first; m <= last; m++) {
        if (m < s->first || m > s->last || !s->covered[m - s->first])
            continue;
        uint64_t v = s->values[m - s->first];
        if (t > UINT64_MAX - v)
            return SC_EOVERFLOW;
        t += v;
        k++;
    }
    *sum = t;
    *covered = k;
    return SC_OK;
}

int sc_series_sum(const sc_series *s, sc_month first, sc_month last, uint64_t *out,
                  size_t *covered)
{
    if (covered)
        *covered = 0;
    if (out)
        *out = 0;
    if (!s || !out || !in_span(s, first) || !in_span(s, last) || first > last)
        return SC_EINVAL;
    size_t k;
    int rc = sum_clipped(s, first, last, out, &k);
    if (rc == SC_OK && covered)
        *covered = k;
    return rc;
}

size_t sc_series_breaks_size(const sc_series *s)
{
    return s ? s->brk_count : 0;
}

const sc_break *sc_series_break(const sc_series *s, size_t i)
{
    return s && i < s->brk_count ? sc_breaks_get(s->breaks, s->brk_index + i) : NULL;
}

/* Sum of the months m - len + 1 .. m, all of which must be covered and in the span. */
static int window(const sc_series *s, sc_month m, int len, uint64_t *out)
{
    sc_month a = m - (len - 1);
    if (!sc_month_valid(a) || a < s->first || m > s->last)
        return SC_ENOTFOUND;
    uint64_t t = 0;
    for (sc_month x = a; x <= m; x++) {
        if (!s->covered[x - s->first])
            return SC_ENOTFOUND;
        uint64_t v = s->values[x - s->first];
        if (t > UINT64_MAX - v)
            return SC_EOVERFLOW;
        t += v;
    }
    *out = t;
    return SC_OK;
}

int sc_series_rolling12(const sc_series *s, sc_month m, uint64_t *out)
{
    if (out)
        *out = 0;
    if (!s || !out || !sc_month_valid(m))
        return SC_EINVAL;
    return window(s, m, 12, out);
}

/* Year-on-year change of windows of len months ending at m and at m - 12. */
static int change(const sc_series *s, sc_month m, int len, sc_change *out)
{
    if (!out)
        return SC_EINVAL;
    memset(out, 0, sizeof *out);
    out->month = m;
    out->brk = NULL;
    if (!s || !sc_month_valid(m))
        return SC_EINVAL;
    uint64_t cur, prev;
    int rc = window(s, m, len, &cur);
    if (rc == SC_OK)
        rc = window(s, m - 12, len, &prev);
    if (rc != SC_OK)
        return rc;
    if (cur >= prev) {
        if (cur - prev > (uint64_t)INT64_MAX)
            return SC_EOVERFLOW;
        out->difference = (int64_t)(cur - prev);
    } else {
        uint64_t d = prev - cur;
        if (d > (uint64_t)INT64_MAX + 1)
            return SC_EOVERFLOW;
        out->difference = d == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)d;
    }
    out->current = cur;
    out->previous = prev;
    if (prev > 0)
        out->ratio = (double)cur / (double)prev;
    else
        out->ratio = cur > 0 ? HUGE_VAL : NAN;
    size_t idx;
    /* the span compared runs from the first month of the earlier window to m */
    out->n_breaks = sc_breaks_within(s->breaks, m - 12 - (len - 1), m, &idx);
    out->brk = out->n_breaks ? sc_breaks_get(s->breaks, idx) : NULL;
    return SC_OK;
}

int sc_series_yoy(const sc_series *s, sc_month m, sc_change *out)
{
    return change(s, m, 1, out);
}

int sc_series_rolling_yoy(const sc_series *s, sc_month m, sc_change *out)
{
    return change(s, m, 12, out);
}

/* ------------------------------------------------------------------ comparisons */

static int period(sc_period *p, const sc_series *s, sc_month from, sc_month to,
                  const char *name, const sc_comparison_options *o, sc_error *err)
{
    char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];
    sc_month_format(from, a, sizeof a);
    sc_month_format(to, b, sizeof b);
    p->from = from;
    p->to = to;
    p->months = (size_t)(to - from) + 1;
    if (o->require_coverage) {
        for (sc_month m = from; m <= to; m++) {
            if (!sc_series_covers(s, m)) {
                char c[SC_MONTH_BUFSIZE];
                sc_month_format(m, c, sizeof c);
                return sci_error(err, SC_EDATA, NULL, 0, 0,
                                 "%s period %s..%s not fully covered: no data for %s", name, a,
                                 b, c);
            }
        }
    }
    if (sum_clipped(s, from, to, &p->total, &p->months_covered) != SC_OK)
        return sci_error(err, SC_EOVERFLOW, NULL, 0, 0,
                         "the %s period's total would exceed 2^64 - 1", name);
    if (p->months_covered == 0)
        return sci_error(err, SC_EDATA, NULL, 0, 0, "%s period %s..%s has no data", name, a, b);
    return sc_poisson_interval(&p->mean, p->total, (double)p->months_covered, o->level, err);
}

int sc_comparison_new(sc_comparison **out, const sc_series *s, sc_month from1, sc_month to1,
                      sc_month from2, sc_month to2, const sc_comparison_options *options,
                      sc_error *err)
{
    static const sc_comparison_options defaults = SC_COMPARISON_OPTIONS_INIT;
    if (out)
        *out = NULL;
    if (!out || !s)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_comparison_new");
    const sc_comparison_options *o = options ? options : &defaults;
    if (o->version == 0 || o->version > SC_COMPARISON_OPTIONS_VERSION)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "unknown sc_comparison_options version %u", o->version);
    if (!(o->level > 0.0 && o->level < 1.0))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "confidence level must be in (0, 1)");
    if (!sc_month_valid(from1) || !sc_month_valid(to1) || !sc_month_valid(from2) ||
        !sc_month_valid(to2))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid month in comparison periods");
    if (from1 > to1 || to1 >= from2 || from2 > to2)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "comparison periods must be ordered and disjoint: "
                         "from1 <= to1 < from2 <= to2");
    sc_comparison *c = calloc(1, sizeof *c);
    if (!c)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = period(&c->before, s, from1, to1, "before", o, err);
    if (rc == SC_OK)
        rc = period(&c->after, s, from2, to2, "after", o, err);
    if (rc != SC_OK)
        goto fail;
    c->level = o->level;
    const sc_period *b = &c->before, *a = &c->after;
    static const sc_method methods[2] = { SC_METHOD_LOG_WALD, SC_METHOD_EXACT_CONDITIONAL };
    for (int i = 0; i < 2; i++)
        c->ratio_rc[i] = sc_rate_ratio_interval(&c->ratio[i], b->total,
                                                (double)b->months_covered, a->total,
                                                (double)a->months_covered, o->level,
                                                methods[i], NULL);
    c->diff_rc = sc_rate_difference_interval(&c->diff, b->total, (double)b->months_covered,
                                             a->total, (double)a->months_covered, o->level,
                                             NULL);
    rc = sc_breaks_new(&c->breaks);
    if (rc != SC_OK)
        goto failed;
    size_t idx;
    size_t n = sc_breaks_within(s->breaks, from1, to2, &idx);
    for (size_t i = 0; i < n; i++) {
        const sc_break *k = sc_breaks_get(s->breaks, idx + i);
        rc = sc_breaks_add(c->breaks, k->month, k->id, k->title, k->description, k->source,
                           NULL);
        if (rc != SC_OK)
            goto failed;
    }
    *out = c;
    return SC_OK;
failed:
    rc = sci_error(err, rc, NULL, 0, 0, "%s", sc_strerror(rc));
fail:
    sc_comparison_free(c);
    return rc;
}

void sc_comparison_free(sc_comparison *c)
{
    if (!c)
        return;
    sc_breaks_free(c->breaks);
    free(c);
}

const sc_period *sc_comparison_before(const sc_comparison *c)
{
    return c ? &c->before : NULL;
}

const sc_period *sc_comparison_after(const sc_comparison *c)
{
    return c ? &c->after : NULL;
}

int sc_comparison_ratio(const sc_comparison *c, sc_method method, sc_interval *out)
{
    if (!c || !out)
        return SC_EINVAL;
    int i = method == SC_METHOD_LOG_WALD ? 0 : method == SC_METHOD_EXACT_CONDITIONAL ? 1 : -1;
    if (i < 0)
        return SC_EINVAL;
    if (c->ratio_rc[i] != SC_OK)
        return c->ratio_rc[i];
    *out = c->ratio[i];
    return SC_OK;
}

int sc_comparison_difference(const sc_comparison *c, sc_interval *out)
{
    if (!c || !out)
        return SC_EINVAL;
    if (c->diff_rc != SC_OK)
        return c->diff_rc;
    *out = c->diff;
    return SC_OK;
}

size_t sc_comparison_breaks_size(const sc_comparison *c)
{
    return c ? sc_breaks_size(c->breaks) : 0;
}

const sc_break *sc_comparison_break(const sc_comparison *c, size_t i)
{
    return c ? sc_breaks_get(c->breaks, i) : NULL;
}
