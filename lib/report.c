/*
 * report.c - reports, their victim references and evidence, and counting them (report.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model_internal.h"

static const char *const text_names[SC_REPORT_TEXT_COUNT] = {
    "offence_code", "ward_code", "ward_name", "borough", "force", "outcome", "notes"
};
static const char *const time_names[SC_REPORT_TIME_COUNT] = {
    "reported_at", "first_incident", "last_incident"
};

int sc_report_new(sc_report **out, const char *id, sc_error *err)
{
    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_report_new");
    *out = NULL;
    sc_report *r = calloc(1, sizeof *r);
    if (!r)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = sci_text_dup(&r->id, id, 1, "report id", err);
    if (rc != SC_OK) {
        free(r);
        return rc;
    }
    *out = r;
    return SC_OK;
}

void sci_report_destroy(sc_report *r)
{
    if (!r)
        return;
    sci_text_free(r->id);
    for (int i = 0; i < SC_REPORT_TEXT_COUNT; i++)
        sci_text_free(r->text[i]);
    for (size_t i = 0; i < r->nvictims; i++)
        sci_text_free(r->victims[i]);
    free(r->victims);
    free(r->vref_slots);
    for (size_t i = 0; i < r->nevidence; i++)
        sci_evidence_destroy(r->evidence[i]);
    free(r->evidence);
    sodium_memzero(r, sizeof *r);
    free(r);
}

void sc_report_free(sc_report *r)
{
    if (r && !r->owned)
        sci_report_destroy(r);
}

const char *sc_report_id(const sc_report *r)
{
    return r ? r->id : NULL;
}

int sc_report_set_text(sc_report *r, sc_report_text field, const char *text, sc_error *err)
{
    if (!r || (int)field < 0 || (int)field >= SC_REPORT_TEXT_COUNT)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_report_set_text");
    return sci_text_set(&r->text[field], text, text_names[field], err);
}

const char *sc_report_get_text(const sc_report *r, sc_report_text field)
{
    if (!r || (int)field < 0 || (int)field >= SC_REPORT_TEXT_COUNT)
        return NULL;
    return r->text[field];
}

int sc_report_set_time(sc_report *r, sc_report_time field, const sc_time *t, sc_error *err)
{
    if (!r || (int)field < 0 || (int)field >= SC_REPORT_TIME_COUNT)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_report_set_time");
    if (!t || t->kind == SC_TIME_NONE) {
        r->time[field] = (sc_time)SC_TIME_INIT;
        return SC_OK;
    }
    if (!sc_time_valid(t))
        return sci_error(err, SC_EDATA, NULL, 0, 0, "report \"%s\": invalid value for %s", r->id,
                         time_names[field]);
    if (field == SC_REPORT_REPORTED_AT && t->kind != SC_TIME_DATETIME)
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "report \"%s\": reported_at needs a timestamp with UTC offset, not a "
                         "date", r->id);
    r->time[field] = *t;
    return SC_OK;
}

sc_time sc_report_get_time(const sc_report *r, sc_report_time field)
{
    sc_time none = SC_TIME_INIT;
    if (!r || (int)field < 0 || (int)field >= SC_REPORT_TIME_COUNT)
        return none;
    return r->time[field];
}

#define SC_ENUM_FIELD(type, name, member, count, none)                                     \
    int sc_report_set_##name(sc_report *r, type v)                                        \
    {                                                                                     \
        if (!r || (int)v < 0 || (int)v >= (count))                                        \
            return SC_EINVAL;                                                             \
        r->member = v;                                                                    \
        return SC_OK;                                                                     \
    }                                                                                     \
    type sc_report_##name(const sc_report *r)                                             \
    {                                                                                     \
        return r ? r->member : (none);                                                    \
    }

SC_ENUM_FIELD(sc_offence, offence, offence, SC_OFFENCE_COUNT, SC_OFFENCE_NONE)
SC_ENUM_FIELD(sc_relationship, relationship, relationship, SC_RELATIONSHIP_COUNT,
              SC_RELATIONSHIP_NONE)
SC_ENUM_FIELD(sc_typology, typology, typology, SC_TYPOLOGY_COUNT, SC_TYPOLOGY_NONE)
SC_ENUM_FIELD(sc_tristate, cyber_recorded, cyber, SC_TRISTATE_COUNT, SC_TRISTATE_NONE)

sc_tristate sc_report_cyber_element(const sc_report *r)
{
    if (!r)
        return SC_TRISTATE_NONE;
    for (size_t i = 0; i < r->nevidence; i++)
        if (sc_evidence_kind_is_digital(r->evidence[i]->kind))
            return SC_TRISTATE_YES;
    return r->cyber != SC_TRISTATE_NONE ? r->cyber : SC_TRISTATE_UNKNOWN;
}

/* ------------------------------------------------------------------ victims and evidence */

/* ---- the set of victim references (model_internal.h) ---- */

static void vref_place(size_t *slots, size_t nslots, uint64_t seed, const char *id, size_t i)
{
    size_t mask = nslots - 1;
    size_t k = (size_t)sci_hash_bytes(id, strlen(id), seed) & mask;
    while (slots[k] != 0)
        k = (k + 1) & mask;
    slots[k] = i + 1;
}

/* The index of the reference equal to id, or -1 as size_t. Linear below SCI_VREF_LINEAR
 * references or while the set is stale; by the set otherwise. */
static size_t vref_find(const sc_report *r, const char *id)
{
    if (r->nvictims < SCI_VREF_LINEAR || !r->vref_slots || r->vref_indexed != r->nvictims) {
        for (size_t i = 0; i < r->nvictims; i++)
            if (strcmp(r->victims[i], id) == 0)
                return i;
        return (size_t)-1;
    }
    size_t mask = r->vref_nslots - 1;
    for (size_t k = (size_t)sci_hash_bytes(id, strlen(id), r->vref_seed) & mask;;
         k = (k + 1) & mask) {
        size_t s = r->vref_slots[k];
        if (s == 0)
            return (size_t)-1;
        if (strcmp(r->victims[s - 1], id) == 0)
            return s - 1;
    }
}

/* Makes sure the set can take reference nvictims (the next one) at load 1/2, covering
 * victims[0..nvictims) already: a new slot array is filled on the side and swapped in, so on
 * SC_ENOMEM the report is as it was. Nothing to do below SCI_VREF_LINEAR references. */
static int vref_reserve(sc_report *r)
{
    size_t n = r->nvictims + 1;
    if (n <= SCI_VREF_LINEAR)
        return SC_OK;
    if (r->vref_slots && r->vref_indexed == r->nvictims && n * 2 <= r->vref_nslots)
        return SC_OK;
    size_t nslots = 64;
    while (nslots < n * 2) {
        if (nslots > SIZE_MAX / 2 / sizeof *r->vref_slots)
            return SC_ENOMEM;
        nslots *= 2;
    }
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return SC_ENOMEM;
    if (!r->vref_slots)
        r->vref_seed = sci_random_seed(r);
    for (size_t i = 0; i < r->nvictims; i++)
        vref_place(slots, nslots, r->vref_seed, r->victims[i], i);
    free(r->vref_slots);
    r->vref_slots = slots;
    r->vref_nslots = nslots;
    r->vref_indexed = r->nvictims;
    return SC_OK;
}

int sc_report_add_victim(sc_report *r, const char *victim_id, sc_error *err)
{
    if (!r || !victim_id)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_report_add_victim");
    size_t dup = vref_find(r, victim_id);
    if (dup != (size_t)-1)
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "report \"%s\" already refers to victim \"%s\"", r->id,
                         r->victims[dup]);
    char *copy;
    int rc = sci_text_dup(&copy, victim_id, 1, "victim id", err);
    if (rc != SC_OK)
        return rc;
    if (sci_grow((void **)&r->victims, &r->victims_cap, r->nvictims, sizeof *r->victims) ||
        vref_reserve(r) != SC_OK) {
        sci_text_free(copy);
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (r->nvictims + 1 > SCI_VREF_LINEAR) {
        vref_place(r->vref_slots, r->vref_nslots, r->vref_seed, copy, r->nvictims);
        r->vref_indexed = r->nvictims + 1;
    }
    r->victims[r->nvictims++] = copy;
    return SC_OK;
}

size_t sc_report_victim_count(const sc_report *r)
{
    return r ? r->nvictims : 0;
}

const char *sc_report_victim(const sc_report *r, size_t i)
{
    return (r && i < r->nvictims) ? r->victims[i] : NULL;
}

int sc_report_add_evidence(sc_report *r, sc_evidence *e)
{
    if (!r || !e || e->owned)
        return SC_EINVAL;
    if (sci_grow((void **)&r->evidence, &r->evidence_cap, r->nevidence, sizeof *r->evidence))
        return SC_ENOMEM;
    e->owned = 1;
    r->evidence[r->nevidence++] = e;
    return SC_OK;
}

size_t sc_report_evidence_count(const sc_report *r)
{
    return r ? r->nevidence : 0;
}

const sc_evidence *sc_report_evidence(const sc_report *r, size_t i)
{
    return (r && i < r->nevidence) ? r->evidence[i] : NULL;
}

sc_evidence *sc_report_evidence_mut(sc_report *r, size_t i)
{
    return (r && i < r->nevidence) ? r->evidence[i] : NULL;
}

int sc_report_copy(sc_report **out, const sc_report *r)
{
    if (!out)
        return SC_EINVAL;
    *out = NULL;
    if (!r)
        return SC_EINVAL;
    sc_report *c = calloc(1, sizeof *c);
    if (!c)
        return SC_ENOMEM;
    for (int i = 0; i < SC_REPORT_TIME_COUNT; i++)
        c->time[i] = r->time[i];
    c->offence = r->offence;
    c->relationship = r->relationship;
    c->typology = r->typology;
    c->cyber = r->cyber;
    /* Pieces go into c as they are made; sci_report_destroy releases a partial copy. */
    int rc = sci_text_clone(&c->id, r->id);
    for (int i = 0; rc == SC_OK && i < SC_REPORT_TEXT_COUNT; i++)
        rc = sci_text_clone(&c->text[i], r->text[i]);
    if (rc == SC_OK && r->nvictims > 0) {
        c->victims = calloc(r->nvictims, sizeof *c->victims);
        if (!c->victims)
            rc = SC_ENOMEM;
        else
            c->victims_cap = r->nvictims;
    }
    for (size_t i = 0; rc == SC_OK && i < r->nvictims; i++) {
        rc = sci_text_clone(&c->victims[i], r->victims[i]);
        if (rc == SC_OK)
            c->nvictims++;
    }
    if (rc == SC_OK && r->nevidence > 0) {
        c->evidence = calloc(r->nevidence, sizeof *c->evidence);
        if (!c->evidence)
            rc = SC_ENOMEM;
        else
            c->evidence_cap = r->nevidence;
    }
    for (size_t i = 0; rc == SC_OK && i < r->nevidence; i++) {
        sc_evidence *e;
        rc = sc_evidence_copy(&e, r->evidence[i]);
        if (rc == SC_OK) {
            e->owned = 1;
            c->evidence[c->nevidence++] = e;
        }
    }
    if (rc != SC_OK) {
        sci_report_destroy(c);
        return rc;
    }
    *out = c;
    return SC_OK;
}

int sc_report_equal(const sc_report *a, const sc_report *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a->id, b->id) != 0 || a->offence != b->offence ||
        a->relationship != b->relationship || a->typology != b->typology ||
        a->cyber != b->cyber || a->nvictims != b->nvictims || a->nevidence != b->nevidence)
        return 0;
    for (int i = 0; i < SC_REPORT_TEXT_COUNT; i++)
        if (!sci_text_equal(a->text[i], b->text[i]))
            return 0;
    for (int i = 0; i < SC_REPORT_TIME_COUNT; i++)
        if (!sc_time_equal(&a->time[i], &b->time[i]))
            return 0;
    for (size_t i = 0; i < a->nvictims; i++)
        if (strcmp(a->victims[i], b->victims[i]) != 0)
            return 0;
    for (size_t i = 0; i < a->nevidence; i++)
        if (!sc_evidence_equal(a->evidence[i], b->evidence[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------ counting */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The month of a report, or SC_MONTH_NONE (and an error) when reported_at is not set. */
static int report_month(const sc_report *r, sc_month *m, sc_error *err)
{
    *m = sc_time_month(&r->time[SC_REPORT_REPORTED_AT]);
    if (*m == SC_MONTH_NONE)
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "report \"%s\" cannot be counted: reported_at is missing", r->id);
    return SC_OK;
}

int sc_report_count(const sc_report *r, sc_counts *counts, sc_error *err)
{
    if (!r || !counts)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_report_count");
    sc_month m;
    int rc = report_month(r, &m, err);
    if (rc != SC_OK)
        return rc;
    if (r->offence == SC_OFFENCE_NONE)
        return sci_error(err, SC_EDATA, NULL, 0, 0,
                         "report \"%s\" cannot be counted: offence is missing", r->id);
    return sc_counts_add(counts, or_empty(r->text[SC_REPORT_WARD_CODE]),
                         or_empty(r->text[SC_REPORT_WARD_NAME]),
                         or_empty(r->text[SC_REPORT_BOROUGH]), SC_REPORT_MAJOR,
                         sc_offence_label(r->offence), m, 1, err);
}

int sc_report_count_cyber(const sc_report *r, sc_counts *cyber, sc_error *err)
{
    if (!r || !cyber)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_report_count_cyber");
    sc_month m;
    int rc = report_month(r, &m, err);
    if (rc != SC_OK)
        return rc;
    return sc_counts_add(cyber, or_empty(r->text[SC_REPORT_WARD_CODE]),
                         or_empty(r->text[SC_REPORT_WARD_NAME]),
                         or_empty(r->text[SC_REPORT_BOROUGH]), SC_CYBER_MAJOR,
                         sc_tristate_to_token(sc_report_cyber_element(r)), m, 1, err);
}
