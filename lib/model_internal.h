/*
 * model_internal.h - the case-record model's structures, shared by evidence.c, victim.c,
 * report.c and casebook.c. Not installed, not API.
 *
 * Texts are malloc'ed copies checked with sci_text_check and released with sci_text_free
 * (which wipes them). `owned` is set when a container has taken the record: its _free then does
 * nothing, and the container frees it with the sci_*_destroy functions below.
 */
#ifndef SC_MODEL_INTERNAL_H
#define SC_MODEL_INTERNAL_H

#include <stalkcase/casebook.h>
#include <stalkcase/evidence.h>
#include <stalkcase/report.h>
#include <stalkcase/victim.h>

#include "sc_internal.h"

struct sc_evidence {
    char *id;
    int owned;
    sc_evidence_kind kind;
    char *text[SC_EVIDENCE_TEXT_COUNT];
    sc_time time[SC_EVIDENCE_TIME_COUNT];
    int has_digest;
    uint8_t digest[SC_SHA256_SIZE];
    uint64_t size;
    sc_custody *custody; /* texts malloc'ed, freed with sci_text_free */
    size_t ncustody, custody_cap;
};

struct sc_victim {
    char *id;
    int owned;
    char *text[SC_VICTIM_TEXT_COUNT];
    sc_channel channel;
    sc_time first_contact;
    sc_risk risk;
    sc_tristate consent;
};

struct sc_report {
    char *id;
    int owned;
    char *text[SC_REPORT_TEXT_COUNT];
    sc_time time[SC_REPORT_TIME_COUNT];
    sc_offence offence;
    sc_relationship relationship;
    sc_typology typology;
    sc_tristate cyber;
    char **victims;
    size_t nvictims, victims_cap;
    /* Duplicate check for many victim references, built by sc_report_add_victim once a report
     * has SCI_VREF_LINEAR of them: open addressing over victims[], slot = index + 1, 0 = empty,
     * load at most 1/2. It covers victims[0..vref_indexed); when that differs from nvictims
     * (someone reset the references) it is stale and is rebuilt before use. */
    size_t *vref_slots;
    size_t vref_nslots, vref_indexed;
    uint64_t vref_seed;
    sc_evidence **evidence;
    size_t nevidence, evidence_cap;
};

/* Below this many victim references a report checks duplicates by a linear scan. */
#define SCI_VREF_LINEAR 16

/* Free a record whatever its owner (used by its container). */
void sci_evidence_destroy(sc_evidence *e);
void sci_victim_destroy(sc_victim *v);
void sci_report_destroy(sc_report *r);

/* Moves every record of src to the end of dst (victims, then reports, each in order) and frees
 * src. With check, sc_casebook_check must pass on the combined records first. On failure
 * (SC_ENOMEM, SC_ELIMIT, or check's SC_EDATA with err filled) dst and src are unchanged. */
int sci_casebook_append(sc_casebook *dst, sc_casebook *src, int check, sc_error *err);

#endif /* SC_MODEL_INTERNAL_H */
