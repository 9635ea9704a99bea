/*
 * stalkcase/breaks.h - counting-rule breaks: months from which recorded-crime figures are
 * counted differently, so that figures on either side are not comparable.
 *
 * Police-recorded crime in England and Wales is counted under the Home Office Counting Rules
 * for Recorded Crime (HOCR), revised every April. Some revisions change how stalking and
 * harassment are recorded; a series or a before/after comparison that spans such a month
 * measures the rule change as well as any change in offending or reporting. A break is dated
 * by the first month recorded under the new rule: a break at month B lies inside a span of
 * months first..last when first < B <= last (both sides of it are in the span).
 *
 * A table holds breaks sorted by month, then by id. sc_breaks_new_england_wales gives the
 * built-in table below; sc_breaks_read_* add breaks from a CSV file; sc_breaks_add adds one.
 *
 * Built-in England and Wales breaks (ids, months and what changed):
 *  - "ew-2014-04-stalking-code" (2014-04): stalking (Protection from Harassment Act 1997
 *    s.2A and s.4A, offences since 25 November 2012) recorded under its own Home Office
 *    classification, 8Q, rather than within harassment.
 *  - "ew-2018-04-additional-offence" (2018-04): stalking and harassment recorded in addition
 *    to the most serious other offence in the same incident, instead of only that offence.
 *  - "ew-2020-04-ex-partner-conduct" (2020-04): a course of conduct between ex-partners
 *    recorded as stalking unless the police are satisfied it is harassment only; the ONS
 *    says stalking and harassment figures are not comparable across this change.
 * Sources: Home Office, "Counting Rules for Recorded Crime" (the versions in force from April
 * of each year named) and ONS, "Crime in England and Wales" user guide (section on police
 * recorded crime and changes to recording practice). The full texts are in each entry.
 *
 * CSV file of extra breaks (sc_breaks_read_path / _buffer): UTF-8 with or without a
 * byte-order mark, LF or CRLF lines, RFC 4180 quoting, a header row naming the columns in any
 * order (names matched ASCII-case-insensitively, spaces around them ignored):
 *
 *   month,id,title,source[,description]
 *   2022-04,force-x-2022-04,"Force X: new crime recording system","Force X press notice, 2022"
 *
 * month is "YYYY-MM"; id, title and source are required and not empty; an id holds only ASCII
 * letters, digits, '-', '_' and '.' (it is listed in CSV and JSON outputs); description is
 * optional (column absent or field empty gives ""); other columns are ignored; blank lines
 * are skipped. Limits: a file of at most 64 MiB, fields of at most 65,536 bytes.
 *
 * Ownership: a table and everything borrowed from it belong to whoever created it
 * (sc_breaks_free). Pointers returned by sc_breaks_get / sc_breaks_find stay valid until the
 * table is freed (adding breaks does not move existing entries, though their indices change).
 *
 * Mergeability: a breaks table is reference data, not a statistic; shards share one table.
 *
 * Thread safety: a table may be read from several threads at once; adding needs exclusive
 * access.
 */
#ifndef STALKCASE_BREAKS_H
#define STALKCASE_BREAKS_H

#include <stalkcase/common.h>
#include <stalkcase/month.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A table of counting-rule breaks (opaque). */
typedef struct sc_breaks sc_breaks;

/**
 * One counting-rule break. Always allocated by the library and handed out as a borrowed const
 * pointer; later versions may append fields, so never allocate or copy one by value.
 * Texts are NUL-terminated UTF-8, never NULL (description may be "").
 */
typedef struct sc_break {
    sc_month month;          /**< first month recorded under the new rule */
    const char *id;          /**< short stable identifier, unique in its table */
    const char *title;       /**< one-line title */
    const char *description; /**< one paragraph: what changed and what it does to series */
    const char *source;      /**< citation of the rule or of the statistics bulletin */
} sc_break;

/**
 * Creates an empty table.
 * @param out receives the table, owned by the caller (sc_breaks_free); NULL on failure.
 * @return SC_OK; SC_EINVAL if out is NULL; SC_ENOMEM.
 */
SC_API int sc_breaks_new(sc_breaks **out);

/**
 * Creates a table holding the built-in England and Wales breaks (2014-04, 2018-04, 2020-04;
 * see the top of this header).
 * @param out receives the table, owned by the caller (sc_breaks_free); NULL on failure.
 * @return SC_OK; SC_EINVAL if out is NULL; SC_ENOMEM.
 */
SC_API int sc_breaks_new_england_wales(sc_breaks **out);

/**
 * Copies a table.
 * @param out receives the copy, owned by the caller (sc_breaks_free); NULL on failure.
 * @param b the table copied (unchanged).
 * @return SC_OK; SC_EINVAL if out or b is NULL; SC_ENOMEM.
 */
SC_API int sc_breaks_copy(sc_breaks **out, const sc_breaks *b);

/**
 * Releases a table; pointers borrowed from it become invalid.
 * @param b the table; NULL does nothing.
 */
SC_API void sc_breaks_free(sc_breaks *b);

/**
 * Adds one break. The texts are copied.
 * @param b the table.
 * @param month a valid month (the first month under the new rule).
 * @param id non-empty, unique in the table (compared byte for byte).
 * @param title non-empty.
 * @param description may be NULL or "" for none.
 * @param source non-empty.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if b, id, title or source is NULL or month is invalid; SC_EDATA if
 *         id, title or source is empty, a text is not valid UTF-8, id holds a character other
 *         than an ASCII letter, digit, "-", "_" or ".", or id is already in the
 *         table; SC_ENOMEM. On failure the table is unchanged.
 */
SC_API int sc_breaks_add(sc_breaks *b, sc_month month, const char *id, const char *title,
                         const char *description, const char *source, sc_error *err);

/**
 * Adds the breaks listed in a CSV file (format at the top of this header). All or nothing: on
 * failure the table is unchanged.
 * @param b the table that grows.
 * @param path the file; also the error's source name.
 * @param err optional; a failure names path, line (physical line where the record starts,
 *        header = 1) and column (1-based field number; 0 for a missing column).
 * @return SC_OK; SC_EINVAL if b or path is NULL; SC_EIO if the file cannot be read (sys_errno
 *         set); SC_EPARSE for malformed CSV or text that is not UTF-8; SC_EDATA for an empty
 *         file, a missing required column, a bad month, an empty id, title or source, or an id
 *         already in the table or the file; SC_ELIMIT; SC_ENOMEM.
 */
SC_API int sc_breaks_read_path(sc_breaks *b, const char *path, sc_error *err);

/**
 * As sc_breaks_read_path, from size bytes in memory (borrowed for the call; data may be NULL
 * only when size is 0). source names the input in errors (NULL means ""). SC_EIO does not
 * occur.
 */
SC_API int sc_breaks_read_buffer(sc_breaks *b, const void *data, size_t size,
                                 const char *source, sc_error *err);

/**
 * @return the number of breaks (0 for NULL).
 */
SC_API size_t sc_breaks_size(const sc_breaks *b);

/**
 * Break i in month order (then id order, byte-wise).
 * @return a pointer borrowed from b (valid until sc_breaks_free); NULL if b is NULL or
 *         i >= sc_breaks_size(b).
 */
SC_API const sc_break *sc_breaks_get(const sc_breaks *b, size_t i);

/**
 * The break with this id (byte for byte).
 * @return a pointer borrowed from b; NULL if there is none or an argument is NULL.
 */
SC_API const sc_break *sc_breaks_find(const sc_breaks *b, const char *id);

/**
 * The breaks that lie inside the span first..last, i.e. with first < month <= last. They are
 * consecutive in month order: indices *index .. *index + count - 1 for sc_breaks_get.
 * @param b the table (NULL gives 0).
 * @param first, last valid months, first <= last (otherwise 0 is returned).
 * @param index optional; receives the index of the first break inside (sc_breaks_size(b)
 *        when there is none).
 * @return the number of breaks inside.
 */
SC_API size_t sc_breaks_within(const sc_breaks *b, sc_month first, sc_month last,
                               size_t *index);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_BREAKS_H */
