/*
 * casebook.c - casebooks: ownership, lookup by id, integrity checks, equality and counting
 * (casebook.h).
 *
 * Each kind of record keeps its records in order and an index of ids: an interned-string table
 * (ids byte for byte) whose entry k maps to first[k], the index of the first record with that
 * id. Duplicates are kept and reported by sc_casebook_check.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model_internal.h"

typedef struct id_index {
    sci_strtab ids;
    size_t *first;
    size_t first_cap;
} id_index;

struct sc_casebook {
    sc_report **reports;
    size_t nreports, reports_cap;
    sc_victim **victims;
    size_t nvictims, victims_cap;
    id_index report_ids, victim_ids;
};

static void index_init(id_index *x, uint64_t seed)
{
    sci_strtab_init(&x->ids, 0, seed);
    x->first = NULL;
    x->first_cap = 0;
}

/* Releases an index, wiping its copies of the ids. */
static void index_clear(id_index *x)
{
    for (size_t i = 0; i < x->ids.count; i++)
        sodium_memzero(x->ids.items[i].text, x->ids.items[i].len);
    sci_strtab_clear(&x->ids);
    free(x->first);
    x->first = NULL;
    x->first_cap = 0;
}

static int index_find(const id_index *x, const char *id, size_t *pos)
{
    sci_part part = { id, strlen(id) };
    uint32_t k;
    if (!sci_strtab_find(&x->ids, &part, 1, &k))
        return 0;
    *pos = x->first[k];
    return 1;
}

/* Registers record pos under id (a no-op when the id is known). Cannot leave the index half
 * changed: room for first[] is made before the id is interned. */
static int index_add(id_index *x, const char *id, size_t pos)
{
    sci_part part = { id, strlen(id) };
    uint32_t k;
    if (sci_strtab_find(&x->ids, &part, 1, &k))
        return SC_OK;
    int rc = sci_grow((void **)&x->first, &x->first_cap, x->ids.count, sizeof *x->first);
    if (rc == SC_OK)
        rc = sci_strtab_intern(&x->ids, &part, 1, &k);
    if (rc != SC_OK)
        return rc;
    x->first[k] = pos;
    return SC_OK;
}

int sc_casebook_new(sc_casebook **out)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    sc_casebook *cb = calloc(1, sizeof *cb);
    if (!cb)
        return SC_ENOMEM;
    index_init(&cb->report_ids, sci_random_seed(cb));
    index_init(&cb->victim_ids, sci_random_seed(&cb->victim_ids));
    *out = cb;
    return SC_OK;
}

void sc_casebook_free(sc_casebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->nreports; i++)
        sci_report_destroy(cb->reports[i]);
    free(cb->reports);
    for (size_t i = 0; i < cb->nvictims; i++)
        sci_victim_destroy(cb->victims[i]);
    free(cb->victims);
    index_clear(&cb->report_ids);
    index_clear(&cb->victim_ids);
    free(cb);
}

int sc_casebook_add_report(sc_casebook *cb, sc_report *r)
{
    if (!cb || !r || r->owned)
        return SC_EINVAL;
    int rc = sci_grow((void **)&cb->reports, &cb->reports_cap, cb->nreports, sizeof *cb->reports);
    if (rc == SC_OK)
        rc = index_add(&cb->report_ids, r->id, cb->nreports);
    if (rc != SC_OK)
        return rc;
    r->owned = 1;
    cb->reports[cb->nreports++] = r;
    return SC_OK;
}

int sc_casebook_add_victim(sc_casebook *cb, sc_victim *v)
{
    if (!cb || !v || v->owned)
        return SC_EINVAL;
    int rc = sci_grow((void **)&cb->victims, &cb->victims_cap, cb->nvictims, sizeof *cb->victims);
    if (rc == SC_OK)
        rc = index_add(&cb->victim_ids, v->id, cb->nvictims);
    if (rc != SC_OK)
        return rc;
    v->owned = 1;
    cb->victims[cb->nvictims++] = v;
    return SC_OK;
}

size_t sc_casebook_report_count(const sc_casebook *cb)
{
    return cb ? cb->nreports : 0;
}

const sc_report *sc_casebook_report(const sc_casebook *cb, size_t i)
{
    return (cb && i < cb->nreports) ? cb->reports[i] : NULL;
}

sc_report *sc_casebook_report_mut(sc_casebook *cb, size_t i)
{
    return (cb && i < cb->nreports) ? cb->reports[i] : NULL;
}

size_t sc_casebook_victim_count(const sc_casebook *cb)
{
    return cb ? cb->nvictims : 0;
}

const sc_victim *sc_casebook_victim(const sc_casebook *cb, size_t i)
{
    return (cb && i < cb->nvictims) ? cb->victims[i] : NULL;
}

sc_victim *sc_casebook_victim_mut(sc_casebook *cb, size_t i)
{
    return (cb && i < cb->nvictims) ? cb->victims[i] : NULL;
}

static int find(const id_index *x, const char *id, size_t *index)
{
    if (index)
        *index = (size_t)-1;
    if (!id || !index)
        return SC_EINVAL;
    return index_find(x, id, index) ? SC_OK : SC_ENOTFOUND;
}

int sc_casebook_find_report(const sc_casebook *cb, const char *id, size_t *index)
{
    if (!cb) {
        if (index)
            *index = (size_t)-1;
        return SC_EINVAL;
    }
    return find(&cb->report_ids, id, index);
}

int sc_casebook_find_victim(const sc_casebook *cb, const char *id, size_t *index)
{
    if (!cb) {
        if (index)
            *index = (size_t)-1;
        return SC_EINVAL;
    }
    return find(&cb->victim_ids, id, index);
}

int sc_casebook_foreach_report(const sc_casebook *cb, sc_report_cb fn, void *payload)
{
    if (!cb || !fn)
        return SC_EINVAL;
    for (size_t i = 0; i < cb->nreports; i++) {
        int rc = fn(cb->reports[i], payload);
        if (rc != 0)
            return rc;
    }
    return SC_OK;
}

int sc_casebook_foreach_victim(const sc_casebook *cb, sc_victim_cb fn, void *payload)
{
    if (!cb || !fn)
        return SC_EINVAL;
    for (size_t i = 0; i < cb->nvictims; i++) {
        int rc = fn(cb->victims[i], payload);
        if (rc != 0)
            return rc;
    }
    return SC_OK;
}

/* ------------------------------------------------------------------ integrity checks */

typedef struct checker {
    sc_problem_cb fn;
    void *payload;
    size_t found;
    char first[SC_ERROR_TEXT_SIZE]; /* the first problem's message */
} checker;

static const char *const kind_names[] = { "", "report", "victim", "evidence" };

static int problem(checker *ck, sc_problem_code code, sc_record_kind kind, const char *id,
                   const char *report_id, const char *detail, const char *fmt, ...)
    SCI_PRINTF(7, 8);

/* Reports one problem: the message is "KIND \"ID\"[ in report \"R\"]: " followed by fmt. */
static int problem(checker *ck, sc_problem_code code, sc_record_kind kind, const char *id,
                   const char *report_id, const char *detail, const char *fmt, ...)
{
    char shown[SC_ERROR_TEXT_SIZE / 4], shown_r[SC_ERROR_TEXT_SIZE / 4];
    char what[SC_ERROR_TEXT_SIZE / 2], msg[SC_ERROR_TEXT_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    sci_excerpt(shown, sizeof shown, id, strlen(id));
    if (kind == SC_RECORD_EVIDENCE)
        snprintf(msg, sizeof msg, "evidence \"%s\" in report \"%s\": %s", shown,
                 sci_excerpt(shown_r, sizeof shown_r, report_id, strlen(report_id)), what);
    else
        snprintf(msg, sizeof msg, "%s \"%s\": %s", kind_names[kind], shown, what);
    if (ck->found++ == 0)
        memcpy(ck->first, msg, sizeof msg);
    if (!ck->fn)
        return 0;
    sc_problem p = { code, kind, id, report_id, detail, msg };
    return ck->fn(&p, ck->payload);
}

/* Reports the second and later records of each id in one kind. */
static int check_duplicates(checker *ck, const id_index *x, size_t n,
                            const char *(*id_at)(const sc_casebook *, size_t),
                            const sc_casebook *cb, sc_record_kind kind)
{
    for (size_t i = 0; i < n; i++) {
        const char *id = id_at(cb, i);
        size_t first;
        if (index_find(x, id, &first) && first != i) {
            int rc = problem(ck, SC_PROBLEM_DUPLICATE_ID, kind, id,
                             kind == SC_RECORD_REPORT ? id : NULL, NULL,
                             "duplicate id (the first is %s %zu)", kind_names[kind], first + 1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static const char *report_id_at(const sc_casebook *cb, size_t i)
{
    return cb->reports[i]->id;
}

static const char *victim_id_at(const sc_casebook *cb, size_t i)
{
    return cb->victims[i]->id;
}

/* Evidence ids are unique across the casebook: a temporary index finds the repeats. */
static int check_evidence_ids(checker *ck, const sc_casebook *cb, int *rc_out)
{
    sci_strtab seen;
    sci_strtab_init(&seen, 0, sci_random_seed(&seen));
    int rc = 0;
    for (size_t i = 0; i < cb->nreports && rc == 0 && *rc_out == SC_OK; i++) {
        const sc_report *r = cb->reports[i];
        for (size_t j = 0; j < r->nevidence && rc == 0 && *rc_out == SC_OK; j++) {
            const char *id = r->evidence[j]->id;
            sci_part part = { id, strlen(id) };
            uint32_t k;
            size_t before = seen.count;
            int irc = sci_strtab_intern(&seen, &part, 1, &k);
            if (irc != SC_OK) {
                *rc_out = irc;
                continue;
            }
            if (seen.count == before)
                rc = problem(ck, SC_PROBLEM_DUPLICATE_ID, SC_RECORD_EVIDENCE, id, r->id, NULL,
                             "duplicate id");
        }
    }
    for (size_t i = 0; i < seen.count; i++)
        sodium_memzero(seen.items[i].text, seen.items[i].len);
    sci_strtab_clear(&seen);
    return rc;
}

static int check_report(checker *ck, const sc_casebook *cb, const sc_report *r)
{
    static const sc_record_kind R = SC_RECORD_REPORT;
    int rc = 0;
    const sc_time *at = &r->time[SC_REPORT_REPORTED_AT];
    const sc_time *first = &r->time[SC_REPORT_FIRST_INCIDENT];
    const sc_time *last = &r->time[SC_REPORT_LAST_INCIDENT];
    if (at->kind == SC_TIME_NONE)
        rc = problem(ck, SC_PROBLEM_MISSING_FIELD, R, r->id, r->id, "reported_at",
                     "reported_at is missing");
    if (!rc && r->offence == SC_OFFENCE_NONE)
        rc = problem(ck, SC_PROBLEM_MISSING_FIELD, R, r->id, r->id, "offence",
                     "offence is missing");
    if (!rc && first->kind != SC_TIME_NONE && last->kind != SC_TIME_NONE &&
        sc_time_compare(first, last) > 0)
        rc = problem(ck, SC_PROBLEM_DATE_ORDER, R, r->id, r->id, "last_incident",
                     "last incident is before the first incident");
    const sc_time *latest = last->kind != SC_TIME_NONE ? last : first;
    if (!rc && latest->kind != SC_TIME_NONE && at->kind != SC_TIME_NONE &&
        sc_time_compare(latest, at) > 0)
        rc = problem(ck, SC_PROBLEM_DATE_ORDER, R, r->id, r->id, "reported_at",
                     "reported_at is before the %s incident", latest == last ? "last" : "first");
    for (size_t i = 0; !rc && i < r->nvictims; i++) {
        size_t pos;
        if (!index_find(&cb->victim_ids, r->victims[i], &pos)) {
            char shown[SC_ERROR_TEXT_SIZE / 4];
            rc = problem(ck, SC_PROBLEM_UNKNOWN_VICTIM, R, r->id, r->id, r->victims[i],
                         "refers to victim \"%s\", who is not in the casebook",
                         sci_excerpt(shown, sizeof shown, r->victims[i], strlen(r->victims[i])));
        }
    }
    for (size_t i = 0; !rc && i < r->nevidence; i++)
        if (r->evidence[i]->kind == SC_EVIDENCE_KIND_NONE)
            rc = problem(ck, SC_PROBLEM_MISSING_FIELD, SC_RECORD_EVIDENCE, r->evidence[i]->id,
                         r->id, "kind", "kind is missing");
    return rc;
}

int sc_casebook_check(const sc_casebook *cb, sc_problem_cb fn, void *payload, sc_error *err)
{
    if (!cb)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_casebook_check");
    checker ck = { fn, payload, 0, "" };
    int status = SC_OK;
    int rc = check_duplicates(&ck, &cb->victim_ids, cb->nvictims, victim_id_at, cb,
                              SC_RECORD_VICTIM);
    if (!rc)
        rc = check_duplicates(&ck, &cb->report_ids, cb->nreports, report_id_at, cb,
                              SC_RECORD_REPORT);
    if (!rc)
        rc = check_evidence_ids(&ck, cb, &status);
    if (status != SC_OK)
        return sci_error(err, status, NULL, 0, 0, "out of memory checking evidence ids");
    for (size_t i = 0; !rc && i < cb->nreports; i++)
        rc = check_report(&ck, cb, cb->reports[i]);
    if (rc)
        return sci_error(err, rc, NULL, 0, 0, "check stopped by the callback at: %s", ck.first);
    if (ck.found)
        return sci_error(err, SC_EDATA, NULL, 0, 0, "%s (%zu problem%s in all)", ck.first,
                         ck.found, ck.found == 1 ? "" : "s");
    return SC_OK;
}

/* ------------------------------------------------------------------ equality and counting */

int sc_casebook_equal(const sc_casebook *a, const sc_casebook *b)
{
    if (!a || !b)
        return a == b;
    if (a->nreports != b->nreports || a->nvictims != b->nvictims)
        return 0;
    for (size_t i = 0; i < a->nvictims; i++)
        if (!sc_victim_equal(a->victims[i], b->victims[i]))
            return 0;
    for (size_t i = 0; i < a->nreports; i++)
        if (!sc_report_equal(a->reports[i], b->reports[i]))
            return 0;
    return 1;
}

typedef int (*count_fn)(const sc_report *r, sc_counts *c, sc_error *err);

/* Counts every report into a table of its own, then merges it: dst is unchanged on failure. */
static int count_all(const sc_casebook *cb, sc_counts *dst, count_fn fn, sc_error *err)
{
    if (!cb || !dst)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_casebook_count");
    sc_counts *tmp;
    int rc = sc_counts_new(&tmp);
    if (rc != SC_OK)
        return sci_error(err, rc, NULL, 0, 0, "out of memory");
    for (size_t i = 0; rc == SC_OK && i < cb->nreports; i++)
        rc = fn(cb->reports[i], tmp, err);
    if (rc == SC_OK)
        rc = sc_counts_merge(dst, tmp, err);
    sc_counts_free(tmp);
    return rc;
}

int sc_casebook_count(const sc_casebook *cb, sc_counts *counts, sc_error *err)
{
    return count_all(cb, counts, sc_report_count, err);
}

int sc_casebook_count_cyber(const sc_casebook *cb, sc_counts *cyber, sc_error *err)
{
    return count_all(cb, cyber, sc_report_count_cyber, err);
}

/* Frees a casebook's arrays and indexes but not its records (they belong elsewhere). */
static void shell_free(sc_casebook *cb)
{
    free(cb->reports);
    free(cb->victims);
    index_clear(&cb->report_ids);
    index_clear(&cb->victim_ids);
    free(cb);
}

int sci_casebook_append(sc_casebook *dst, sc_casebook *src, int check, sc_error *err)
{
    if (!dst || !src)
        return SC_EINVAL;
    /* Step 1, all allocation: a new shell indexing dst's records then src's. */
    sc_casebook *tmp = NULL;
    int rc = sc_casebook_new(&tmp);
    if (rc != SC_OK)
        return rc;
    const sc_casebook *parts[2] = { dst, src };
    for (int p = 0; p < 2 && rc == SC_OK; p++) {
        for (size_t i = 0; i < parts[p]->nvictims && rc == SC_OK; i++) {
            rc = sci_grow((void **)&tmp->victims, &tmp->victims_cap, tmp->nvictims,
                          sizeof *tmp->victims);
            if (rc == SC_OK)
                rc = index_add(&tmp->victim_ids, parts[p]->victims[i]->id, tmp->nvictims);
            if (rc == SC_OK)
                tmp->victims[tmp->nvictims++] = parts[p]->victims[i];
        }
        for (size_t i = 0; i < parts[p]->nreports && rc == SC_OK; i++) {
            rc = sci_grow((void **)&tmp->reports, &tmp->reports_cap, tmp->nreports,
                          sizeof *tmp->reports);
            if (rc == SC_OK)
                rc = index_add(&tmp->report_ids, parts[p]->reports[i]->id, tmp->nreports);
            if (rc == SC_OK)
                tmp->reports[tmp->nreports++] = parts[p]->reports[i];
        }
    }
    if (rc == SC_OK && check)
        rc = sc_casebook_check(tmp, NULL, NULL, err);
    if (rc != SC_OK) {
        shell_free(tmp);
        return rc;
    }
    /* Step 2, cannot fail: dst takes the new shell's contents, src gives up its records. */
    sc_casebook old = *dst;
    *dst = *tmp;
    *tmp = old;
    shell_free(tmp);
    src->nreports = 0;
    src->nvictims = 0;
    sc_casebook_free(src);
    return SC_OK;
}
