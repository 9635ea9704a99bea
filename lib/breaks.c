/*
 * breaks.c - counting-rule break tables: the built-in England and Wales list, breaks from a
 * CSV file, and range queries.
 *
 * Each break is one allocation (struct followed by its texts), so pointers handed out stay put
 * while the array of pointers is re-sorted on insertion.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <stalkcase/breaks.h>

#include "sc_internal.h"

struct sc_breaks {
    sc_break **items; /* sorted by month, then id */
    size_t n, cap;
};

/* The built-in table. Wording kept general where the exact document title is not certain. */
static const struct {
    int year, month;
    const char *id, *title, *description, *source;
} england_wales[] = {
    { 2014, 4, "ew-2014-04-stalking-code",
      "Stalking recorded under its own code (8Q)",
      "From April 2014 the Home Office Counting Rules classify stalking (Protection from "
      "Harassment Act 1997 s.2A and s.4A, offences created by the Protection of Freedoms Act "
      "2012 and in force since 25 November 2012) under its own code, 8Q, rather than within "
      "harassment. Series of stalking alone start here, and the split between stalking and "
      "harassment before and after this month is not comparable.",
      "Home Office, Counting Rules for Recorded Crime (version in force from April 2014), "
      "classification 8Q; ONS, Crime in England and Wales user guide, police recorded crime "
      "and changes to recording practice" },
    { 2018, 4, "ew-2018-04-additional-offence",
      "Stalking and harassment recorded in addition to the most serious other offence",
      "From April 2018 the Home Office Counting Rules require stalking and harassment to be "
      "recorded in addition to the most serious other offence committed in the same course of "
      "conduct, where before only the most serious offence was recorded (the principal crime "
      "rule). Recorded stalking and harassment rose as a result; counts before and after this "
      "month are not comparable.",
      "Home Office, Counting Rules for Recorded Crime (version in force from April 2018), "
      "changes to the principal crime rule; ONS, Crime in England and Wales user guide and "
      "quarterly bulletins (notes on stalking and harassment)" },
    { 2020, 4, "ew-2020-04-ex-partner-conduct",
      "Course of conduct between ex-partners recorded as stalking",
      "From April 2020 the Home Office Counting Rules require a course of conduct between "
      "ex-partners to be recorded as stalking unless the police are satisfied that it is "
      "harassment only. Stalking counts rose sharply and harassment counts changed with them; "
      "the ONS advises that stalking and harassment figures are not comparable across this "
      "change.",
      "Home Office, Counting Rules for Recorded Crime (version in force from April 2020), "
      "stalking and harassment section; ONS, Crime in England and Wales user guide and "
      "bulletins from year ending March 2021 (notes on stalking and harassment)" },
};

/* ------------------------------------------------------------------ creation */

int sc_breaks_new(sc_breaks **out)
{
    if (!out)
        return SC_EINVAL;
    *out = calloc(1, sizeof **out);
    return *out ? SC_OK : SC_ENOMEM;
}

void sc_breaks_free(sc_breaks *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->items[i]);
    free(b->items);
    free(b);
}

/* One allocation holding the struct and its four texts. */
static sc_break *make_break(sc_month month, const char *id, const char *title,
                            const char *description, const char *source)
{
    size_t li = strlen(id) + 1, lt = strlen(title) + 1, ld = strlen(description) + 1,
           ls = strlen(source) + 1;
    sc_break *e = malloc(sizeof *e + li + lt + ld + ls);
    if (!e)
        return NULL;
    char *p = (char *)(e + 1);
    e->month = month;
    e->id = memcpy(p, id, li);
    p += li;
    e->title = memcpy(p, title, lt);
    p += lt;
    e->description = memcpy(p, description, ld);
    p += ld;
    e->source = memcpy(p, source, ls);
    return e;
}

static int break_cmp(const sc_break *a, const sc_break *b)
{
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int reserve(sc_breaks *b, size_t extra)
{
    if (b->n + extra <= b->cap)
        return SC_OK;
    size_t ncap = b->cap ? b->cap : 8;
    while (ncap < b->n + extra)
        ncap *= 2;
    sc_break **p = realloc(b->items, ncap * sizeof *p);
    if (!p)
        return SC_ENOMEM;
    b->items = p;
    b->cap = ncap;
    return SC_OK;
}

/* Inserts e in order; room must be reserved. Cannot fail. */
static void insert(sc_breaks *b, sc_break *e)
{
    size_t i = b->n;
    while (i > 0 && break_cmp(b->items[i - 1], e) > 0) {
        b->items[i] = b->items[i - 1];
        i--;
    }
    b->items[i] = e;
    b->n++;
}

int sc_breaks_new_england_wales(sc_breaks **out)
{
    int rc = sc_breaks_new(out);
    if (rc != SC_OK)
        return rc;
    size_t n = sizeof england_wales / sizeof england_wales[0];
    if (reserve(*out, n) != SC_OK)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        sc_month m = (sc_month)(england_wales[i].year * 12 + england_wales[i].month - 1);
        sc_break *e = make_break(m, england_wales[i].id, england_wales[i].title,
                                 england_wales[i].description, england_wales[i].source);
        if (!e)
            goto nomem;
        insert(*out, e);
    }
    return SC_OK;
nomem:
    sc_breaks_free(*out);
    *out = NULL;
    return SC_ENOMEM;
}

int sc_breaks_copy(sc_breaks **out, const sc_breaks *b)
{
    if (out)
        *out = NULL;
    if (!out || !b)
        return SC_EINVAL;
    int rc = sc_breaks_new(out);
    if (rc != SC_OK)
        return rc;
    if (reserve(*out, b->n) != SC_OK)
        goto nomem;
    for (size_t i = 0; i < b->n; i++) {
        const sc_break *s = b->items[i];
        sc_break *e = make_break(s->month, s->id, s->title, s->description, s->source);
        if (!e)
            goto nomem;
        (*out)->items[(*out)->n++] = e; /* already in order */
    }
    return SC_OK;
nomem:
    sc_breaks_free(*out);
    *out = NULL;
    return SC_ENOMEM;
}

/* ------------------------------------------------------------------ adding */

const sc_break *sc_breaks_find(const sc_breaks *b, const char *id)
{
    if (!b || !id)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->items[i]->id, id) == 0)
            return b->items[i];
    return NULL;
}

/* Checks one break's fields; line/col 0 when not from a file. */
static int check_fields(const sc_breaks *b, const char *id, const char *title,
                        const char *description, const char *source, const char *src_name,
                        unsigned long line, const unsigned long cols[4], sc_error *err)
{
    const char *texts[4] = { id, title, source, description };
    static const char *const names[4] = { "id", "title", "source", "description" };
    char ex[64];
    for (int i = 0; i < 4; i++) {
        if (!sci_utf8_valid(texts[i], strlen(texts[i])))
            return sci_error(err, SC_EDATA, src_name, line, cols[i], "%s is not valid UTF-8",
                             names[i]);
        if (i < 3 && texts[i][0] == '\0')
            return sci_error(err, SC_EDATA, src_name, line, cols[i], "empty %s", names[i]);
    }
    for (const char *c = id; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.'))
            return sci_error(err, SC_EDATA, src_name, line, cols[0],
                             "break id \"%s\" may hold only letters, digits, '-', '_' and '.'",
                             sci_excerpt(ex, sizeof ex, id, strlen(id)));
    }
    if (sc_breaks_find(b, id))
        return sci_error(err, SC_EDATA, src_name, line, cols[0],
                         "break id \"%s\" is already in the table",
                         sci_excerpt(ex, sizeof ex, id, strlen(id)));
    return SC_OK;
}

int sc_breaks_add(sc_breaks *b, sc_month month, const char *id, const char *title,
                  const char *description, const char *source, sc_error *err)
{
    static const unsigned long nocols[4] = { 0, 0, 0, 0 };
    if (!b || !id || !title || !source)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_breaks_add");
    if (!sc_month_valid(month))
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid month %ld", (long)month);
    if (!description)
        description = "";
    int rc = check_fields(b, id, title, description, source, NULL, 0, nocols, err);
    if (rc != SC_OK)
        return rc;
    if (reserve(b, 1) != SC_OK)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    sc_break *e = make_break(month, id, title, description, source);
    if (!e)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    insert(b, e);
    return SC_OK;
}

/* ------------------------------------------------------------------ CSV */

enum { COL_MONTH, COL_ID, COL_TITLE, COL_SOURCE, COL_DESCRIPTION, NCOLS };

static int from_csv(sc_breaks *b, const sci_csv *csv, const char *source, sc_error *err)
{
    static const char *const names[NCOLS] = { "month", "id", "title", "source",
                                              "description" };
    if (csv->nrows == 0)
        return sci_error(err, SC_EDATA, source, 0, 0,
                         "empty breaks file: expected a header month,id,title,source");
    const sci_csv_row *h = &csv->rows[0];
    int hrc = sci_csv_check_header(h, source, err);
    if (hrc != SC_OK)
        return hrc;
    long col[NCOLS];
    for (int i = 0; i < NCOLS; i++) {
        col[i] = sci_csv_column(h, names[i]);
        if (col[i] < 0 && i != COL_DESCRIPTION)
            return sci_error(err, SC_EDATA, source, h->line, 0, "missing column \"%s\"",
                             names[i]);
    }
    /* everything is checked and allocated into a scratch table first: all or nothing */
    sc_breaks *tmp = NULL;
    int rc = sc_breaks_copy(&tmp, b);
    if (rc != SC_OK)
        return sci_error(err, rc, source, 0, 0, "out of memory");
    size_t added = 0;
    for (size_t r = 1; r < csv->nrows; r++) {
        const sci_csv_row *row = &csv->rows[r];
        const char *f[NCOLS];
        for (int i = 0; i < NCOLS; i++) {
            if (col[i] < 0) {
                f[i] = "";
            } else if ((size_t)col[i] >= row->nfields) {
                if (i == COL_DESCRIPTION) {
                    f[i] = "";
                    continue;
                }
                rc = sci_error(err, SC_EDATA, source, row->line, (unsigned long)col[i] + 1,
                               "record has %zu fields, no \"%s\" column", row->nfields,
                               names[i]);
                goto done;
            } else {
                f[i] = row->fields[col[i]];
            }
        }
        sc_month m;
        sc_error merr;
        if (sc_month_parse(&m, f[COL_MONTH], &merr) != SC_OK) {
            rc = sci_error(err, SC_EDATA, source, row->line, (unsigned long)col[COL_MONTH] + 1,
                           "%s", merr.message);
            goto done;
        }
        unsigned long cols[4] = { (unsigned long)col[COL_ID] + 1,
                                  (unsigned long)col[COL_TITLE] + 1,
                                  (unsigned long)col[COL_SOURCE] + 1,
                                  (unsigned long)col[COL_DESCRIPTION] + 1 };
        rc = check_fields(tmp, f[COL_ID], f[COL_TITLE], f[COL_DESCRIPTION], f[COL_SOURCE],
                          source, row->line, cols, err);
        if (rc != SC_OK)
            goto done;
        if (reserve(tmp, 1) != SC_OK) {
            rc = sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
            goto done;
        }
        sc_break *e = make_break(m, f[COL_ID], f[COL_TITLE], f[COL_DESCRIPTION], f[COL_SOURCE]);
        if (!e) {
            rc = sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
            goto done;
        }
        insert(tmp, e);
        added++;
    }
    /* swap contents: b takes tmp's entries, tmp takes b's (then freed) */
    {
        sc_breaks old = *b;
        *b = *tmp;
        *tmp = old;
    }
    (void)added;
done:
    sc_breaks_free(tmp);
    return rc;
}

int sc_breaks_read_buffer(sc_breaks *b, const void *data, size_t size, const char *source,
                          sc_error *err)
{
    if (!b || (!data && size > 0))
        return sci_error(err, SC_EINVAL, source, 0, 0, "NULL argument to sc_breaks_read_buffer");
    sci_csv csv;
    int rc = sci_csv_read_buffer(&csv, data, size, source, err);
    if (rc != SC_OK)
        return rc;
    rc = from_csv(b, &csv, source, err);
    sci_csv_free(&csv);
    return rc;
}

int sc_breaks_read_path(sc_breaks *b, const char *path, sc_error *err)
{
    if (!b || !path)
        return sci_error(err, SC_EINVAL, path, 0, 0, "NULL argument to sc_breaks_read_path");
    sci_csv csv;
    int rc = sci_csv_read_path(&csv, path, err);
    if (rc != SC_OK)
        return rc;
    rc = from_csv(b, &csv, path, err);
    sci_csv_free(&csv);
    return rc;
}

/* ------------------------------------------------------------------ queries */

size_t sc_breaks_size(const sc_breaks *b)
{
    return b ? b->n : 0;
}

const sc_break *sc_breaks_get(const sc_breaks *b, size_t i)
{
    return b && i < b->n ? b->items[i] : NULL;
}

size_t sc_breaks_within(const sc_breaks *b, sc_month first, sc_month last, size_t *index)
{
    size_t n = b ? b->n : 0;
    if (index)
        *index = n;
    if (!b || !sc_month_valid(first) || !sc_month_valid(last) || first > last)
        return 0;
    size_t i = 0;
    while (i < n && b->items[i]->month <= first)
        i++;
    size_t j = i;
    while (j < n && b->items[j]->month <= last)
        j++;
    if (index)
        *index = j > i ? i : n;
    return j - i;
}
