/*
 * population.c - population tables from Census 2021 LTLA CSV files, and rates per resident.
 *
 * Areas are kept in file order; two index arrays sorted by ASCII-folded name and code give
 * lookups in O(log n) and find duplicates when reading.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <stalkcase/population.h>

#include "sc_internal.h"

typedef struct entry {
    sc_area_population pub;
    char *text; /* name\0code\0, owned */
} entry;

struct sc_population {
    entry *items;
    size_t n;
    size_t *by_name; /* indices sorted by folded name */
    size_t *by_code; /* indices sorted by folded code */
};

typedef struct rate_item {
    sc_rate_row row;
    sc_area_population pop; /* copy of the matched area */
    char *text;             /* area\0area_name\0pop name\0pop code\0, owned */
} rate_item;

struct sc_rates {
    rate_item *items;
    size_t n;
    size_t *unmatched; /* indices of rows without a population */
    size_t n_unmatched;
};

/* ------------------------------------------------------------------ reading */

void sc_population_free(sc_population *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].text);
    free(p->items);
    free(p->by_name);
    free(p->by_code);
    free(p);
}

static int fold_cmp(const char *a, const char *b)
{
    return sci_ascii_casecmp(a, strlen(a), b, strlen(b));
}

/* qsort has no payload argument: sort (key, index) pairs instead. */
typedef struct keyed {
    const char *key;
    size_t index;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = fold_cmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the indices of p's areas by a folded key; reports the first duplicate (the later of
 * the two rows in the file) through *dup (SIZE_MAX when none). */
static int sort_index(sc_population *p, int code, size_t **out, size_t *dup)
{
    *dup = SIZE_MAX;
    keyed *k = malloc((p->n ? p->n : 1) * sizeof *k);
    *out = malloc((p->n ? p->n : 1) * sizeof **out);
    if (!k || !*out) {
        free(k);
        free(*out);
        *out = NULL;
        return SC_ENOMEM;
    }
    for (size_t i = 0; i < p->n; i++) {
        k[i].key = code ? p->items[i].pub.code : p->items[i].pub.name;
        k[i].index = i;
    }
    qsort(k, p->n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < p->n; i++) {
        (*out)[i] = k[i].index;
        if (i > 0 && fold_cmp(k[i - 1].key, k[i].key) == 0 &&
            (*dup == SIZE_MAX || k[i].index < *dup))
            *dup = k[i].index;
    }
    free(k);
    return SC_OK;
}

static const char *trim(const char *s, size_t *len)
{
    size_t n = strlen(s);
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

enum { COL_NAME, COL_CODE, COL_TOTAL, NCOLS };

static int from_csv(sc_population **out, const sci_csv *csv, const char *source,
                    sc_error *err)
{
    static const char *const totals[] = { "Age: Total", "Total", "Observation", "Population" };
    if (csv->nrows == 0)
        return sci_error(err, SC_EDATA, source, 0, 0,
                         "empty population file: expected a header with geography, "
                         "geography code and Age: Total");
    const sci_csv_row *h = &csv->rows[0];
    int hrc = sci_csv_check_header(h, source, err);
    if (hrc != SC_OK)
        return hrc;
    long col[NCOLS];
    col[COL_NAME] = sci_csv_column(h, "geography");
    col[COL_CODE] = sci_csv_column(h, "geography code");
    col[COL_TOTAL] = -1;
    for (size_t i = 0; i < sizeof totals / sizeof totals[0] && col[COL_TOTAL] < 0; i++)
        col[COL_TOTAL] = sci_csv_column(h, totals[i]);
    static const char *const names[NCOLS] = { "geography", "geography code", "Age: Total" };
    for (int i = 0; i < NCOLS; i++)
        if (col[i] < 0)
            return sci_error(err, SC_EDATA, source, h->line, 0, "missing column \"%s\"",
                             names[i]);

    sc_population *p = calloc(1, sizeof *p);
    if (!p)
        return sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
    int rc = SC_OK;
    char ex[64];
    p->items = calloc(csv->nrows, sizeof *p->items);
    if (!p->items) {
        rc = sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
        goto fail;
    }
    for (size_t r = 1; r < csv->nrows; r++) {
        const sci_csv_row *row = &csv->rows[r];
        const char *f[NCOLS];
        size_t len[NCOLS];
        for (int i = 0; i < NCOLS; i++) {
            if ((size_t)col[i] >= row->nfields) {
                rc = sci_error(err, SC_EDATA, source, row->line, (unsigned long)col[i] + 1,
                               "record has %zu fields, no \"%s\" column", row->nfields,
                               names[i]);
                goto fail;
            }
            f[i] = trim(row->fields[col[i]], &len[i]);
        }
        for (int i = 0; i < COL_TOTAL; i++) {
            if (len[i] == 0) {
                rc = sci_error(err, SC_EDATA, source, row->line, (unsigned long)col[i] + 1,
                               "empty %s", names[i]);
                goto fail;
            }
        }
        uint64_t v = 0;
        int ok = len[COL_TOTAL] > 0;
        for (size_t i = 0; ok && i < len[COL_TOTAL]; i++) {
            unsigned d = (unsigned char)f[COL_TOTAL][i] - '0';
            if (d > 9) {
                ok = 0;
                break;
            }
            if (v > (UINT64_MAX - d) / 10) {
                rc = sci_error(err, SC_EOVERFLOW, source, row->line,
                               (unsigned long)col[COL_TOTAL] + 1,
                               "population \"%s\" exceeds 2^64 - 1",
                               sci_excerpt(ex, sizeof ex, f[COL_TOTAL], len[COL_TOTAL]));
                goto fail;
            }
            v = v * 10 + d;
        }
        if (!ok || v == 0) {
            rc = sci_error(err, SC_EDATA, source, row->line, (unsigned long)col[COL_TOTAL] + 1,
                           "population \"%s\" is not a whole number of at least 1",
                           sci_excerpt(ex, sizeof ex, f[COL_TOTAL], len[COL_TOTAL]));
            goto fail;
        }
        entry *e = &p->items[p->n];
        e->text = malloc(len[COL_NAME] + len[COL_CODE] + 2);
        if (!e->text) {
            rc = sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
            goto fail;
        }
        memcpy(e->text, f[COL_NAME], len[COL_NAME]);
        e->text[len[COL_NAME]] = '\0';
        memcpy(e->text + len[COL_NAME] + 1, f[COL_CODE], len[COL_CODE]);
        e->text[len[COL_NAME] + 1 + len[COL_CODE]] = '\0';
        e->pub.name = e->text;
        e->pub.code = e->text + len[COL_NAME] + 1;
        e->pub.residents = v;
        p->n++;
    }
    for (int code = 0; code < 2; code++) {
        size_t dup;
        rc = sort_index(p, code, code ? &p->by_code : &p->by_name, &dup);
        if (rc != SC_OK) {
            rc = sci_error(err, rc, source, 0, 0, "out of memory");
            goto fail;
        }
        if (dup != SIZE_MAX) {
            const char *key = code ? p->items[dup].pub.code : p->items[dup].pub.name;
            rc = sci_error(err, SC_EDATA, source, csv->rows[dup + 1].line,
                           (unsigned long)col[code ? COL_CODE : COL_NAME] + 1,
                           "%s \"%s\" appears twice (names and codes are compared "
                           "ASCII-case-insensitively)", code ? "code" : "name",
                           sci_excerpt(ex, sizeof ex, key, strlen(key)));
            goto fail;
        }
    }
    *out = p;
    return SC_OK;
fail:
    sc_population_free(p);
    return rc;
}

int sc_population_read_buffer(sc_population **out, const void *data, size_t size,
                              const char *source, sc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!data && size > 0))
        return sci_error(err, SC_EINVAL, source, 0, 0,
                         "NULL argument to sc_population_read_buffer");
    sci_csv csv;
    int rc = sci_csv_read_buffer(&csv, data, size, source, err);
    if (rc != SC_OK)
        return rc;
    rc = from_csv(out, &csv, source, err);
    sci_csv_free(&csv);
    return rc;
}

int sc_population_read_path(sc_population **out, const char *path, sc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || !path)
        return sci_error(err, SC_EINVAL, path, 0, 0, "NULL argument to sc_population_read_path");
    sci_csv csv;
    int rc = sci_csv_read_path(&csv, path, err);
    if (rc != SC_OK)
        return rc;
    rc = from_csv(out, &csv, path, err);
    sci_csv_free(&csv);
    return rc;
}

/* ------------------------------------------------------------------ queries */

size_t sc_population_size(const sc_population *p)
{
    return p ? p->n : 0;
}

const sc_area_population *sc_population_get(const sc_population *p, size_t i)
{
    return p && i < p->n ? &p->items[i].pub : NULL;
}

/* The area whose folded name (or code) equals key's fold: unique, as reading ensures. */
static const sc_area_population *find_folded(const sc_population *p, int code, const char *key)
{
    const size_t *idx = code ? p->by_code : p->by_name;
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const sc_area_population *a = &p->items[idx[mid]].pub;
        int c = fold_cmp(code ? a->code : a->name, key);
        if (c == 0)
            return a;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sc_area_population *sc_population_find(const sc_population *p, const char *key)
{
    if (!p || !key)
        return NULL;
    const sc_area_population *byname = find_folded(p, 0, key);
    const sc_area_population *bycode = find_folded(p, 1, key);
    if (byname && strcmp(byname->name, key) == 0)
        return byname;
    if (bycode && strcmp(bycode->code, key) == 0)
        return bycode;
    return byname ? byname : bycode;
}

/* ------------------------------------------------------------------ rates */

void sc_rates_free(sc_rates *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].text);
    free(r->items);
    free(r->unmatched);
    free(r);
}

static char *join4(const char *a, const char *b, const char *c, const char *d, char **parts)
{
    const char *in[4] = { a, b, c, d };
    size_t len[4], total = 0;
    for (int i = 0; i < 4; i++)
        total += (len[i] = strlen(in[i])) + 1;
    char *t = malloc(total);
    if (!t)
        return NULL;
    char *o = t;
    for (int i = 0; i < 4; i++) {
        memcpy(o, in[i], len[i] + 1);
        parts[i] = o;
        o += len[i] + 1;
    }
    return t;
}

int sc_population_rates(sc_rates **out, const sc_population *pop, const sc_totals *totals,
                        const sc_rates_options *options, sc_error *err)
{
    static const sc_rates_options defaults = SC_RATES_OPTIONS_INIT;
    if (out)
        *out = NULL;
    if (!out || !pop || !totals)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_population_rates");
    const sc_rates_options *o = options ? options : &defaults;
    if (o->version == 0 || o->version > SC_RATES_OPTIONS_VERSION)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "unknown sc_rates_options version %u",
                         o->version);
    if (!(o->per > 0.0 && o->per <= 1e300))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "per must be positive and finite");
    if (!(o->level > 0.0 && o->level < 1.0))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "confidence level must be in (0, 1)");
    sc_group by = sc_totals_group(totals);
    if (by != SC_GROUP_BOROUGH && by != SC_GROUP_WARD)
        return sci_error(err, SC_EINVAL, NULL, 0, 0,
                         "rates need totals grouped by borough or by ward");

    size_t n = sc_totals_size(totals);
    sc_rates *r = calloc(1, sizeof *r);
    if (!r)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    r->items = calloc(n ? n : 1, sizeof *r->items);
    r->unmatched = calloc(n ? n : 1, sizeof *r->unmatched);
    if (!r->items || !r->unmatched)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const sc_cell *cell = sc_totals_get(totals, i);
        const char *area = by == SC_GROUP_BOROUGH ? cell->borough : cell->ward_code;
        const char *area_name = by == SC_GROUP_BOROUGH ? cell->borough : cell->ward_name;
        /* wards by code only: ward names repeat across boroughs and collide with the names
         * of councils elsewhere (a "Preston" ward in Brent is not Preston in Lancashire) */
        const sc_area_population *a = sc_population_find(pop, area);
        rate_item *it = &r->items[i];
        char *parts[4];
        it->text = join4(area, area_name, a ? a->name : "", a ? a->code : "", parts);
        if (!it->text)
            goto nomem;
        r->n = i + 1;
        it->row.area = parts[0];
        it->row.area_name = parts[1];
        it->row.count = cell->count;
        if (a) {
            it->pop.name = parts[2];
            it->pop.code = parts[3];
            it->pop.residents = a->residents;
            it->row.population = &it->pop;
            int rc = sc_poisson_interval(&it->row.rate, cell->count,
                                         (double)a->residents / o->per, o->level, NULL);
            if (rc == SC_OK) {
                it->row.has_rate = 1;
            } else {
                /* cannot happen for residents >= 1 and a sane per; keep "no rate" */
                memset(&it->row.rate, 0, sizeof it->row.rate);
            }
        } else {
            it->row.population = NULL;
            r->unmatched[r->n_unmatched++] = i;
        }
    }
    r->n = n;
    *out = r;
    return SC_OK;
nomem:
    sc_rates_free(r);
    return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
}

size_t sc_rates_size(const sc_rates *r)
{
    return r ? r->n : 0;
}

const sc_rate_row *sc_rates_get(const sc_rates *r, size_t i)
{
    return r && i < r->n ? &r->items[i].row : NULL;
}

size_t sc_rates_unmatched_size(const sc_rates *r)
{
    return r ? r->n_unmatched : 0;
}

const sc_rate_row *sc_rates_unmatched(const sc_rates *r, size_t i)
{
    return r && i < r->n_unmatched ? &r->items[r->unmatched[i]].row : NULL;
}
