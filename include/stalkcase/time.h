/*
 * stalkcase/time.h - ISO 8601 dates and timestamps that keep their UTC offset.
 *
 * A timestamp is read and written in exactly one form, the one DESIGN section 5 uses for files:
 *     YYYY-MM-DDThh:mm:ss+hh:mm   YYYY-MM-DDThh:mm:ss-hh:mm   YYYY-MM-DDThh:mm:ssZ
 * and a date (a field that the data model calls a date) as
 *     YYYY-MM-DD
 * Years 0001-9999 (proleptic Gregorian calendar, leap years by the 4/100/400 rule); hours
 * 00-23, minutes and seconds 00-59 (no leap second, no "24:00"); offsets -23:59..+23:59 except
 * "-00:00" (ISO 8601 forbids it; RFC 3339 uses it for "offset unknown"). Not accepted: a
 * timestamp without offset (local time of unknown zone), lower-case "t" or "z", fractions of a
 * second, omitted seconds, week or ordinal dates, surrounding spaces.
 *
 * An sc_time keeps the instant as UTC seconds plus the offset it was written with, so formatting
 * a parsed value gives back the same text, byte for byte, and the local date (which decides the
 * calendar month a report is counted in, DESIGN section 3) needs no time-zone database.
 *
 * sc_time is a small value type: the caller owns it (usually on the stack) and may copy it by
 * value. Its fields are part of the API and will not change; build values with the functions
 * below, which keep them consistent.
 */
#ifndef STALKCASE_TIME_H
#define STALKCASE_TIME_H

#include <stalkcase/common.h>
#include <stalkcase/month.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What an sc_time holds. */
typedef enum sc_time_kind {
    SC_TIME_NONE = 0,     /**< no value (a field that is not set) */
    SC_TIME_DATE = 1,     /**< a calendar date without time of day or offset */
    SC_TIME_DATETIME = 2  /**< an instant with the UTC offset it was written with */
} sc_time_kind;

/** A date or a timestamp with its offset. */
typedef struct sc_time {
    int64_t utc;        /**< DATETIME: seconds since 1970-01-01T00:00:00Z. DATE: the date's
                             day number times 86400 (its midnight read as UTC). NONE: 0. */
    int32_t offset;     /**< DATETIME: minutes east of UTC, -1439..1439; otherwise 0 */
    sc_time_kind kind;  /**< which of the above */
    int32_t zulu;       /**< DATETIME with offset 0: 1 when written "Z", 0 for "+00:00";
                             otherwise 0 */
} sc_time;

/** An sc_time holding no value. */
#define SC_TIME_INIT { 0, 0, SC_TIME_NONE, 0 }

/** Buffer size sc_time_format needs: "YYYY-MM-DDThh:mm:ss+hh:mm" and a NUL. */
#define SC_TIME_BUFSIZE 26

/** Accept flags for sc_time_parse. */
#define SC_TIME_ACCEPT_DATE 1u      /**< accept "YYYY-MM-DD" */
#define SC_TIME_ACCEPT_DATETIME 2u  /**< accept a timestamp with offset */

/**
 * Parses a date or a timestamp written as described at the top of this header.
 * @param out receives the value; set to SC_TIME_INIT on failure.
 * @param text NUL-terminated text.
 * @param accept SC_TIME_ACCEPT_DATE, SC_TIME_ACCEPT_DATETIME or both (ORed).
 * @param err optional; on failure its message quotes the text and says what is wrong
 *        ("no UTC offset", "2023-02-29 does not exist", ...).
 * @return SC_OK; SC_EINVAL if out or text is NULL or accept holds neither flag; SC_EDATA if the
 *         text is not a valid value of an accepted kind (an impossible date such as 2023-02-29
 *         or month 13, a timestamp without offset, a date where only timestamps are accepted).
 */
SC_API int sc_time_parse(sc_time *out, const char *text, unsigned int accept, sc_error *err);

/**
 * Writes a value in the form it was parsed in (or, for values made by sc_time_from_utc and
 * sc_time_from_date, in the form their fields describe).
 * @param t the value (DATE or DATETIME).
 * @param buf destination, owned by the caller, of at least SC_TIME_BUFSIZE bytes.
 * @param size size of buf.
 * @return SC_OK; SC_EINVAL if t or buf is NULL, size < SC_TIME_BUFSIZE or t is not a valid
 *         value (buf is then set to "" when it is not NULL and size > 0).
 */
SC_API int sc_time_format(const sc_time *t, char *buf, size_t size);

/**
 * Makes a timestamp from an instant and an offset.
 * @param out receives the value; SC_TIME_INIT on failure.
 * @param utc seconds since 1970-01-01T00:00:00Z.
 * @param offset minutes east of UTC, -1439..1439. An offset of 0 is written "Z" (set
 *        out->zulu to 0 afterwards to write "+00:00").
 * @return SC_OK; SC_EINVAL if out is NULL, the offset is out of range or the local date falls
 *         outside years 1-9999.
 */
SC_API int sc_time_from_utc(sc_time *out, int64_t utc, int offset);

/**
 * Makes a date.
 * @param out receives the value; SC_TIME_INIT on failure.
 * @param year 1-9999; month 1-12; day 1 to the month's length (29 February only in leap years).
 * @return SC_OK; SC_EINVAL if out is NULL or the date does not exist.
 */
SC_API int sc_time_from_date(sc_time *out, int year, int month, int day);

/**
 * @return 1 if t holds a consistent DATE or DATETIME (as the functions above make), else 0
 *         (also for NULL and for SC_TIME_NONE).
 */
SC_API int sc_time_valid(const sc_time *t);

/**
 * The local calendar date of a value: the date as written (for a timestamp, in its own offset).
 * @param t a valid value.
 * @param year, month, day receive the date (any may be NULL); 0 on failure.
 * @return SC_OK; SC_EINVAL if t is NULL or not valid.
 */
SC_API int sc_time_local_date(const sc_time *t, int *year, int *month, int *day);

/**
 * The calendar month of the local date (DESIGN section 3: a report's month).
 * @return the month; SC_MONTH_NONE if t is NULL or not valid.
 */
SC_API sc_month sc_time_month(const sc_time *t);

/**
 * Orders two valid values in time. Two timestamps compare by instant (offsets do not matter:
 * 14:30+01:00 equals 13:30Z). When either is a date, the local dates are compared, so a date
 * is neither before nor after a timestamp on that same local date.
 * @return -1 if a is earlier, 1 if later, 0 if simultaneous or (with a date) on the same date;
 *         0 also when either is NULL or not valid.
 */
SC_API int sc_time_compare(const sc_time *a, const sc_time *b);

/**
 * Exact equality of representation: same kind, instant, offset and "Z" spelling, so that equal
 * values format to equal text (a round-trip test). Two SC_TIME_NONE values are equal.
 * @return 1 if equal, else 0 (NULL equals only NULL).
 */
SC_API int sc_time_equal(const sc_time *a, const sc_time *b);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_TIME_H */
