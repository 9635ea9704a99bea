/*
 * stalkcase/report.h - reports: a stalking or harassment course of conduct reported to police or
 * to a service (DESIGN section 4).
 *
 * A report has an id (required, unique within its casebook), the time it was reported
 * (required), the dates of the first and last incidents, the offence (required) with an
 * optional Home Office offence code, the area (ward code, ward name, borough, force), the
 * suspect's relationship to the victim, the Mullen typology, the outcome, notes (sensitive), the
 * ids of its victims, its evidence items and its cyber element.
 *
 * Fields can be set one at a time in any order (a streaming reader fills them as it meets them);
 * sc_casebook_check says which required ones are missing.
 *
 * Ownership: sc_report_new gives the caller a report; once sc_casebook_add_report succeeds it
 * belongs to the casebook (freed with it) and the caller's pointer becomes a borrowed one, still
 * valid and usable to set fields while the casebook lives. sc_report_free on a report that
 * belongs to a casebook does nothing. Evidence added to a report belongs to the report.
 *
 * Texts follow the rules of evidence.h: copied, valid UTF-8 with only characters XML 1.0
 * allows (else SC_EDATA), borrowed on the way out, and wiped from memory when replaced or freed.
 *
 * Thread safety: a report may be read from several threads at once; writing needs exclusive
 * access.
 */
#ifndef STALKCASE_REPORT_H
#define STALKCASE_REPORT_H

#include <stalkcase/common.h>
#include <stalkcase/counts.h>
#include <stalkcase/evidence.h>
#include <stalkcase/time.h>
#include <stalkcase/vocab.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A report (opaque). */
typedef struct sc_report sc_report;

/** The report's optional text fields. */
typedef enum sc_report_text {
    SC_REPORT_OFFENCE_CODE = 0, /**< Home Office offence code as written ("8Q", "195/12") */
    SC_REPORT_WARD_CODE = 1,    /**< ONS GSS ward code ("E05013806") */
    SC_REPORT_WARD_NAME = 2,    /**< ward name */
    SC_REPORT_BOROUGH = 3,      /**< borough (local authority), kept as given */
    SC_REPORT_FORCE = 4,        /**< police force */
    SC_REPORT_OUTCOME = 5,      /**< outcome, free text */
    SC_REPORT_NOTES = 6         /**< notes; SENSITIVE */
} sc_report_text;
#define SC_REPORT_TEXT_COUNT 7

/** The report's times. */
typedef enum sc_report_time {
    SC_REPORT_REPORTED_AT = 0,    /**< when reported: a timestamp with offset; required */
    SC_REPORT_FIRST_INCIDENT = 1, /**< first incident: a date or a timestamp with offset */
    SC_REPORT_LAST_INCIDENT = 2   /**< last incident: a date or a timestamp with offset */
} sc_report_time;
#define SC_REPORT_TIME_COUNT 3

/**
 * Creates a report with no fields but its id.
 * @param out receives the report, owned by the caller until added to a casebook.
 * @param id non-empty UTF-8 without control characters (copied); it cannot be changed later.
 * @return SC_OK; SC_EINVAL if out or id is NULL; SC_EDATA if id is not a valid id; SC_ENOMEM.
 */
SC_API int sc_report_new(sc_report **out, const char *id, sc_error *err);

/** Releases a report the caller owns, with its evidence, wiping its texts. Does nothing for
 *  NULL or for a report that belongs to a casebook. */
SC_API void sc_report_free(sc_report *r);

/** @return the id (borrowed); NULL if r is NULL. */
SC_API const char *sc_report_id(const sc_report *r);

/**
 * Sets or clears a text field.
 * @param text the text (copied; may be ""), or NULL to clear the field.
 * @return SC_OK; SC_EINVAL if r is NULL or field is out of range; SC_EDATA if text is not
 *         acceptable; SC_ENOMEM. On failure the field is unchanged.
 */
SC_API int sc_report_set_text(sc_report *r, sc_report_text field, const char *text,
                              sc_error *err);
/** @return the field's text (borrowed), or NULL when not set or an argument is invalid. */
SC_API const char *sc_report_get_text(const sc_report *r, sc_report_text field);

/**
 * Sets or clears a time.
 * @param t the value: a timestamp with offset for SC_REPORT_REPORTED_AT; a date or a
 *        timestamp for the incidents. NULL or an SC_TIME_NONE value clears the field.
 * @return SC_OK; SC_EINVAL if r is NULL or field is out of range; SC_EDATA if t is not a valid
 *         value or is a date where a timestamp is needed. On failure the field is unchanged.
 */
SC_API int sc_report_set_time(sc_report *r, sc_report_time field, const sc_time *t,
                              sc_error *err);
/** @return the field's value; an SC_TIME_NONE value when unset or an argument is invalid. */
SC_API sc_time sc_report_get_time(const sc_report *r, sc_report_time field);

/** Sets the offence (SC_OFFENCE_NONE clears it).
 *  @return SC_OK; SC_EINVAL if r is NULL or the value is out of range. */
SC_API int sc_report_set_offence(sc_report *r, sc_offence offence);
/** @return the offence; SC_OFFENCE_NONE when unset or r is NULL. */
SC_API sc_offence sc_report_offence(const sc_report *r);

/** Sets the suspect's relationship to the victim (SC_RELATIONSHIP_NONE clears it).
 *  @return SC_OK; SC_EINVAL if r is NULL or the value is out of range. */
SC_API int sc_report_set_relationship(sc_report *r, sc_relationship relationship);
/** @return the relationship; SC_RELATIONSHIP_NONE when unset or r is NULL. */
SC_API sc_relationship sc_report_relationship(const sc_report *r);

/** Sets the Mullen typology (SC_TYPOLOGY_NONE clears it).
 *  @return SC_OK; SC_EINVAL if r is NULL or the value is out of range. */
SC_API int sc_report_set_typology(sc_report *r, sc_typology typology);
/** @return the typology; SC_TYPOLOGY_NONE when unset or r is NULL. */
SC_API sc_typology sc_report_typology(const sc_report *r);

/**
 * Records the cyber element as the source states it, for sources that do not itemise evidence
 * (helpline data). SC_TRISTATE_NONE clears it.
 * @return SC_OK; SC_EINVAL if r is NULL or the value is out of range.
 */
SC_API int sc_report_set_cyber_recorded(sc_report *r, sc_tristate cyber);
/** @return the cyber element as recorded (what a file carries); SC_TRISTATE_NONE when not
 *  recorded or r is NULL. */
SC_API sc_tristate sc_report_cyber_recorded(const sc_report *r);

/**
 * The report's cyber element (DESIGN section 3), derived:
 *  - SC_TRISTATE_YES when any evidence item is of a digital kind
 *    (sc_evidence_kind_is_digital), whatever was recorded;
 *  - otherwise the recorded value, when there is one;
 *  - otherwise SC_TRISTATE_UNKNOWN (evidence that is not digital, or none, does not show that
 *    there was no cyber element).
 * @return SC_TRISTATE_YES, SC_TRISTATE_NO or SC_TRISTATE_UNKNOWN; SC_TRISTATE_NONE if r is
 *         NULL.
 */
SC_API sc_tristate sc_report_cyber_element(const sc_report *r);

/**
 * Adds a reference to a victim, by the victim's id (resolved in the casebook by
 * sc_casebook_check). References keep the order they were added in. The duplicate check takes
 * constant expected time (beyond 16 references the report keeps a hash set of them, with a
 * secret seed, about 16 bytes per reference), so adding n references takes O(n) time.
 * @param victim_id a valid id (copied).
 * @return SC_OK; SC_EINVAL if r or victim_id is NULL; SC_EDATA if victim_id is not a valid id
 *         or the report already refers to it; SC_ENOMEM. On failure nothing changes.
 */
SC_API int sc_report_add_victim(sc_report *r, const char *victim_id, sc_error *err);
/** @return the number of victim references (0 for NULL). */
SC_API size_t sc_report_victim_count(const sc_report *r);
/** @return the id of victim reference i (borrowed), or NULL if r is NULL or i is out of range. */
SC_API const char *sc_report_victim(const sc_report *r, size_t i);

/**
 * Adds an evidence item; on success the report owns it (see the top of this header and
 * evidence.h). Items keep the order they were added in.
 * @param e an item the caller owns.
 * @return SC_OK; SC_EINVAL if r or e is NULL or e already belongs to a report; SC_ENOMEM. On
 *         failure the caller still owns e.
 */
SC_API int sc_report_add_evidence(sc_report *r, sc_evidence *e);
/** @return the number of evidence items (0 for NULL). */
SC_API size_t sc_report_evidence_count(const sc_report *r);
/** @return item i (borrowed from r), or NULL if r is NULL or i is out of range. */
SC_API const sc_evidence *sc_report_evidence(const sc_report *r, size_t i);
/** As sc_report_evidence, for changing the item. */
SC_API sc_evidence *sc_report_evidence_mut(sc_report *r, size_t i);

/**
 * Makes an independent deep copy of a report: its id, every field, its victim references and a
 * copy of each evidence item (sc_evidence_copy), so that sc_report_equal(*out, r) holds. The
 * copy and its evidence belong to the caller (release with sc_report_free, or hand it to
 * sc_casebook_add_report) even when r belongs to a casebook; r is not changed, and later
 * changes to either do not affect the other. A streaming reader's callback (xml.h) uses it to
 * keep a report beyond the call.
 * @param out receives the copy; NULL on failure.
 * @param r the report to copy (the caller's own, one borrowed from a casebook, or one passed
 *        to a callback).
 * @return SC_OK; SC_EINVAL if out or r is NULL; SC_ENOMEM (nothing is then allocated).
 */
SC_API int sc_report_copy(sc_report **out, const sc_report *r);

/**
 * Deep equality: id, every field, victim references and evidence items (sc_evidence_equal), in
 * order. The recorded cyber element is compared (the derived one follows from it and the
 * evidence).
 * @return 1 if equal, else 0 (two NULLs are equal; NULL and a report are not).
 */
SC_API int sc_report_equal(const sc_report *a, const sc_report *b);

/** Major category text under which reports are counted (see sc_report_count). */
#define SC_REPORT_MAJOR "STALKING AND HARASSMENT"
/** Major category text of cyber-element counts (see sc_report_count_cyber). */
#define SC_CYBER_MAJOR "CYBER ELEMENT"

/**
 * Adds 1 to a count table for this report, in the cell
 *   area     = (ward code, ward name, borough), "" for a field that is not set (the force is
 *              not part of a count table's area);
 *   category = (SC_REPORT_MAJOR, sc_offence_label(offence)); so the Met data's
 *              "STALKING AND HARASSMENT" (its minor text) and a casebook's reports are selected
 *              by the same category filter, and offences stay apart within it;
 *   month    = the calendar month of reported_at's local date (sc_time_month).
 * A streaming reader can count each report as it is read and free it, so memory does not grow
 * with the number of reports.
 * @param counts the table that grows.
 * @param err optional; SC_EDATA names the report's id and the missing field.
 * @return SC_OK; SC_EINVAL if r or counts is NULL; SC_EDATA if reported_at or the offence is
 *         not set; SC_EOVERFLOW; SC_ELIMIT; SC_ENOMEM (as sc_counts_add; the table's counts are
 *         then unchanged).
 */
SC_API int sc_report_count(const sc_report *r, sc_counts *counts, sc_error *err);

/**
 * Adds 1 to a table of cyber elements for this report, in the cell (area as sc_report_count,
 * category (SC_CYBER_MAJOR, token of sc_report_cyber_element: "yes", "no" or "unknown"), month
 * as sc_report_count). Kept in a separate table from the offence counts so that the totals over
 * every category of either table count each report once; the cyber-element share is then
 * yes / (yes + no + unknown) of that table.
 * @return as sc_report_count (only reported_at is needed: SC_EDATA when it is not set).
 */
SC_API int sc_report_count_cyber(const sc_report *r, sc_counts *cyber, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_REPORT_H */
