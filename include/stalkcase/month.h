/*
 * stalkcase/month.h - calendar months ("YYYY-MM").
 *
 * A month is a plain integer, year * 12 + (month - 1), for years 1 to 9999. Consecutive months
 * are consecutive integers, so `m + 1` is the next month and `b - a` the number of months from
 * a to b. Time zones do not arise: a month is a calendar month as written in the source.
 */
#ifndef STALKCASE_MONTH_H
#define STALKCASE_MONTH_H

#include <stalkcase/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A calendar month: year * 12 + (month - 1). Valid values: SC_MONTH_MIN..SC_MONTH_MAX. */
typedef int32_t sc_month;

/** "No month": an open end of a range, or a field that does not apply. */
#define SC_MONTH_NONE ((sc_month)-1)
/** January of year 1. */
#define SC_MONTH_MIN ((sc_month)12)
/** December of year 9999. */
#define SC_MONTH_MAX ((sc_month)(9999 * 12 + 11))
/** Buffer size sc_month_format needs: "YYYY-MM" and a NUL. */
#define SC_MONTH_BUFSIZE 8

/**
 * Builds a month from its year and month number.
 * @param out receives the month; set to SC_MONTH_NONE on failure.
 * @param year 1 to 9999.
 * @param month 1 (January) to 12 (December).
 * @return SC_OK; SC_EINVAL if out is NULL or year or month is out of range.
 */
SC_API int sc_month_make(sc_month *out, int year, int month);

/**
 * Parses a month written exactly as "YYYY-MM" (four digits, a hyphen, two digits; month 01-12;
 * year 0001-9999). Nothing else is accepted: no spaces, no day, no other separator.
 * @param out receives the month; set to SC_MONTH_NONE on failure.
 * @param text NUL-terminated text.
 * @param err optional; on failure its message quotes the text.
 * @return SC_OK; SC_EINVAL if out or text is NULL; SC_EDATA if text is not a valid month.
 */
SC_API int sc_month_parse(sc_month *out, const char *text, sc_error *err);

/**
 * Writes a month as "YYYY-MM".
 * @param m a valid month.
 * @param buf destination of at least SC_MONTH_BUFSIZE bytes, owned by the caller.
 * @param size size of buf.
 * @return SC_OK; SC_EINVAL if m is not a valid month, buf is NULL or size < SC_MONTH_BUFSIZE
 *         (buf is then set to "" when size > 0).
 */
SC_API int sc_month_format(sc_month m, char *buf, size_t size);

/**
 * @return 1 if m is a valid month (SC_MONTH_MIN..SC_MONTH_MAX), else 0.
 */
SC_API int sc_month_valid(sc_month m);

/**
 * @return the year (1-9999) of a valid month, or 0 if m is not valid.
 */
SC_API int sc_month_year(sc_month m);

/**
 * @return the month number (1-12) of a valid month, or 0 if m is not valid.
 */
SC_API int sc_month_number(sc_month m);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_MONTH_H */
