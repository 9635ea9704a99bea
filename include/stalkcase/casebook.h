/*
 * stalkcase/casebook.h - casebooks: containers of victims and reports (DESIGN section 4).
 *
 * A casebook holds victims and reports, each in the order they were added (the order a file
 * lists them in), indexed by id. Reports refer to victims by id and own their evidence.
 *
 * A casebook accepts records that are incomplete or inconsistent (a duplicate id, a reference to
 * a victim it does not hold, a missing required field), so that a reader can load a whole file
 * and sc_casebook_check can then report every problem at once, each with the offending id.
 *
 * Ownership: sc_casebook_new gives the caller a casebook, released with sc_casebook_free, which
 * frees every victim, report and evidence item in it and wipes their texts. A victim or report
 * added with sc_casebook_add_victim / sc_casebook_add_report belongs to the casebook from then
 * on (when the call fails the caller still owns it). Pointers to records in a casebook are
 * borrowed: valid until the casebook is freed.
 *
 * Thread safety: a casebook may be read from several threads at once; writing (adding records or
 * changing a record in it) needs exclusive access.
 */
#ifndef STALKCASE_CASEBOOK_H
#define STALKCASE_CASEBOOK_H

#include <stalkcase/common.h>
#include <stalkcase/counts.h>
#include <stalkcase/evidence.h>
#include <stalkcase/report.h>
#include <stalkcase/victim.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A casebook (opaque). */
typedef struct sc_casebook sc_casebook;

/**
 * Creates an empty casebook.
 * @param out receives the casebook, owned by the caller (release with sc_casebook_free).
 * @return SC_OK; SC_EINVAL if out is NULL; SC_ENOMEM.
 */
SC_API int sc_casebook_new(sc_casebook **out);

/** Releases a casebook and every record in it, wiping their texts. NULL does nothing. */
SC_API void sc_casebook_free(sc_casebook *cb);

/**
 * Appends a report; on success the casebook owns it. Its id need not be new (see
 * sc_casebook_check); sc_casebook_find_report finds the first report with an id.
 * @param r a report the caller owns.
 * @return SC_OK; SC_EINVAL if cb or r is NULL or r already belongs to a casebook; SC_ENOMEM,
 *         SC_ELIMIT (more than 2^31 distinct ids). On failure the caller still owns r and the
 *         casebook is unchanged.
 */
SC_API int sc_casebook_add_report(sc_casebook *cb, sc_report *r);

/**
 * Appends a victim; on success the casebook owns it. As sc_casebook_add_report.
 * @return SC_OK; SC_EINVAL; SC_ENOMEM; SC_ELIMIT. On failure the caller still owns v.
 */
SC_API int sc_casebook_add_victim(sc_casebook *cb, sc_victim *v);

/** @return the number of reports (0 for NULL). */
SC_API size_t sc_casebook_report_count(const sc_casebook *cb);
/** @return report i (borrowed), in the order added; NULL if cb is NULL or i is out of range. */
SC_API const sc_report *sc_casebook_report(const sc_casebook *cb, size_t i);
/** As sc_casebook_report, for changing the report. */
SC_API sc_report *sc_casebook_report_mut(sc_casebook *cb, size_t i);

/** @return the number of victims (0 for NULL). */
SC_API size_t sc_casebook_victim_count(const sc_casebook *cb);
/** @return victim i (borrowed), in the order added; NULL if cb is NULL or i is out of range. */
SC_API const sc_victim *sc_casebook_victim(const sc_casebook *cb, size_t i);
/** As sc_casebook_victim, for changing the victim. */
SC_API sc_victim *sc_casebook_victim_mut(sc_casebook *cb, size_t i);

/**
 * Finds the first report with an id (byte-for-byte comparison), in constant expected time.
 * @param index receives its index for sc_casebook_report / _mut; (size_t)-1 on failure.
 * @return SC_OK; SC_EINVAL if an argument is NULL; SC_ENOTFOUND.
 */
SC_API int sc_casebook_find_report(const sc_casebook *cb, const char *id, size_t *index);

/** As sc_casebook_find_report, for victims. */
SC_API int sc_casebook_find_victim(const sc_casebook *cb, const char *id, size_t *index);

/**
 * Callbacks of the foreach functions.
 * @param record the record, borrowed; payload the caller's pointer, passed through.
 * @return 0 to continue; any other value stops and is returned by the foreach (use a positive
 *         value or SC_EUSER, so that it cannot be mistaken for a library status).
 */
typedef int (*sc_report_cb)(const sc_report *record, void *payload);
typedef int (*sc_victim_cb)(const sc_victim *record, void *payload);

/**
 * Visits every report in order. The casebook must not gain records during the visit.
 * @return SC_OK after visiting all; SC_EINVAL if cb or fn is NULL; or the callback's value.
 */
SC_API int sc_casebook_foreach_report(const sc_casebook *cb, sc_report_cb fn, void *payload);
/** Visits every victim in order; as sc_casebook_foreach_report. */
SC_API int sc_casebook_foreach_victim(const sc_casebook *cb, sc_victim_cb fn, void *payload);

/** What sc_casebook_check found wrong. */
typedef enum sc_problem_code {
    SC_PROBLEM_DUPLICATE_ID = 1,   /**< a second (or later) record of its kind with this id;
                                        detail: NULL */
    SC_PROBLEM_MISSING_FIELD = 2,  /**< a required field is not set; detail: the field
                                        ("reported_at", "offence", "kind") */
    SC_PROBLEM_UNKNOWN_VICTIM = 3, /**< a report refers to a victim the casebook does not hold;
                                        detail: the victim id referred to */
    SC_PROBLEM_DATE_ORDER = 4      /**< not first incident <= last incident <= reported_at
                                        (sc_time_compare); detail: the later field of the pair
                                        out of order ("last_incident", "reported_at") */
} sc_problem_code;

/** Kinds of record. */
typedef enum sc_record_kind {
    SC_RECORD_REPORT = 1,
    SC_RECORD_VICTIM = 2,
    SC_RECORD_EVIDENCE = 3
} sc_record_kind;

/**
 * One problem. Allocated by the library and passed as a borrowed const pointer, valid during
 * the callback only; later versions may append fields, so never allocate one.
 */
typedef struct sc_problem {
    sc_problem_code code;  /**< what is wrong */
    sc_record_kind kind;   /**< kind of the offending record */
    const char *id;        /**< the offending record's id */
    const char *report_id; /**< for evidence, the id of the report holding it; for a report,
                                its own id; for a victim, NULL */
    const char *detail;    /**< see sc_problem_code; may be NULL */
    const char *message;   /**< one line in English naming the record, e.g.
                                "report \"r-2\": reported_at is missing" */
} sc_problem;

/** Callback of sc_casebook_check; returns 0 to go on, non-zero to stop (as for foreach). */
typedef int (*sc_problem_cb)(const sc_problem *problem, void *payload);

/**
 * Checks a casebook's integrity and reports every problem, in this order: duplicate ids
 * (victims, reports, then evidence items, whose ids are unique across the whole casebook),
 * then each report in order (missing reported_at or offence, date order, each victim reference
 * that does not resolve, then each evidence item without a kind).
 * @param fn called once per problem; NULL to only learn whether there is any.
 * @param payload passed to fn.
 * @param err optional; on SC_EDATA it holds the first problem's message and the number found.
 * @return SC_OK when there is no problem; SC_EDATA when there is at least one (after all were
 *         reported); SC_EINVAL if cb is NULL; SC_ENOMEM; or fn's non-zero value when it stopped.
 */
SC_API int sc_casebook_check(const sc_casebook *cb, sc_problem_cb fn, void *payload,
                             sc_error *err);

/**
 * Deep equality for round-trip tests: the same victims and reports in the same order, each equal
 * (sc_victim_equal, sc_report_equal).
 * @return 1 if equal, else 0 (two NULLs are equal; NULL and a casebook are not).
 */
SC_API int sc_casebook_equal(const sc_casebook *a, const sc_casebook *b);

/**
 * Adds every report to a count table as sc_report_count does, so that statistics on a casebook
 * work exactly as on a Met ward CSV file. Only months holding a report are covered (a casebook
 * does not say which period it covers); a caller who knows the period covers it with
 * sc_counts_cover.
 * @param counts the table that grows.
 * @param err optional; SC_EDATA names the first report that cannot be counted.
 * @return SC_OK; SC_EINVAL if cb or counts is NULL; SC_EDATA if some report lacks reported_at
 *         or offence; SC_EOVERFLOW; SC_ELIMIT; SC_ENOMEM. On failure the counts and coverage of
 *         counts are unchanged (the reports are counted into a table of their own first, then
 *         merged with sc_counts_merge, which may leave areas and categories registered with no
 *         count when memory runs out late).
 */
SC_API int sc_casebook_count(const sc_casebook *cb, sc_counts *counts, sc_error *err);

/**
 * Adds every report to a cyber-element table as sc_report_count_cyber does.
 * @return as sc_casebook_count (SC_EDATA only for a missing reported_at); on failure cyber is
 *         unchanged.
 */
SC_API int sc_casebook_count_cyber(const sc_casebook *cb, sc_counts *cyber, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_CASEBOOK_H */
