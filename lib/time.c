/*
 * time.c - ISO 8601 dates and timestamps with their offset (time.h).
 *
 * Day numbers use the proleptic Gregorian calendar with day 0 = 1970-01-01; the conversions are
 * Howard Hinnant's days_from_civil / civil_from_days ("chrono-Compatible Low-Level Date
 * Algorithms", http://howardhinnant.github.io/date_algorithms.html), in 64-bit arithmetic.
 */
#include <config.h>

#include <string.h>

#include "sc_internal.h"

/* 0001-01-01 and 9999-12-31 as day numbers. */
#define DAY_MIN INT64_C(-719162)
#define DAY_MAX INT64_C(2932896)
#define OFFSET_MAX 1439

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

static int date_exists(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

static int64_t days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* floor(a / b) for b > 0 */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The local day number and second of day of a valid value. */
static int64_t local_day(const sc_time *t, int64_t *second)
{
    int64_t local = t->utc + (t->kind == SC_TIME_DATETIME ? (int64_t)t->offset * 60 : 0);
    int64_t day = floor_div(local, 86400);
    if (second)
        *second = local - day * 86400;
    return day;
}

int sc_time_valid(const sc_time *t)
{
    if (!t)
        return 0;
    if (t->kind == SC_TIME_DATE) {
        if (t->offset != 0 || t->zulu != 0 || t->utc % 86400 != 0)
            return 0;
    } else if (t->kind == SC_TIME_DATETIME) {
        if (t->offset < -OFFSET_MAX || t->offset > OFFSET_MAX || (t->zulu != 0 && t->zulu != 1) ||
            (t->zulu && t->offset != 0))
            return 0;
        /* keep the arithmetic below far from overflow */
        if (t->utc < DAY_MIN * 86400 - 86400 || t->utc > DAY_MAX * 86400 + 2 * 86400)
            return 0;
    } else {
        return 0;
    }
    int64_t day = local_day(t, NULL);
    return day >= DAY_MIN && day <= DAY_MAX;
}

int sc_time_from_date(sc_time *out, int year, int month, int day)
{
    if (!out)
        return SC_EINVAL;
    *out = (sc_time)SC_TIME_INIT;
    if (!date_exists(year, month, day))
        return SC_EINVAL;
    out->utc = days_from_civil(year, month, day) * 86400;
    out->kind = SC_TIME_DATE;
    return SC_OK;
}

int sc_time_from_utc(sc_time *out, int64_t utc, int offset)
{
    if (!out)
        return SC_EINVAL;
    *out = (sc_time)SC_TIME_INIT;
    if (offset < -OFFSET_MAX || offset > OFFSET_MAX)
        return SC_EINVAL;
    sc_time t = { utc, (int32_t)offset, SC_TIME_DATETIME, offset == 0 };
    if (!sc_time_valid(&t))
        return SC_EINVAL;
    *out = t;
    return SC_OK;
}

/* ------------------------------------------------------------------ parsing */

/* Reads n digits at s; returns the value or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int bad(sc_error *err, const char *text, const char *why)
{
    char shown[SC_ERROR_TEXT_SIZE / 2];
    return sci_error(err, SC_EDATA, NULL, 0, 0, "\"%s\": %s",
                     sci_excerpt(shown, sizeof shown, text, strlen(text)), why);
}

int sc_time_parse(sc_time *out, const char *text, unsigned int accept, sc_error *err)
{
    if (out)
        *out = (sc_time)SC_TIME_INIT;
    if (!out || !text || (accept & (SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME)) == 0)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "invalid argument to sc_time_parse");
    size_t len = strlen(text);
    if (len < 10 || text[4] != '-' || text[7] != '-')
        return bad(err, text, "not a date written YYYY-MM-DD or a timestamp "
                              "YYYY-MM-DDThh:mm:ss+hh:mm");
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return bad(err, text, "not a date written YYYY-MM-DD");
    if (!date_exists(y, m, d))
        return bad(err, text, "no such date (year 0001-9999, month 01-12, day within the month)");
    int64_t day = days_from_civil(y, m, d);
    if (len == 10) {
        if (!(accept & SC_TIME_ACCEPT_DATE))
            return bad(err, text, "a date where a timestamp with time and UTC offset is needed");
        out->utc = day * 86400;
        out->kind = SC_TIME_DATE;
        return SC_OK;
    }
    if (text[10] != 'T' || len < 19 || text[13] != ':' || text[16] != ':')
        return bad(err, text, "not a timestamp written YYYY-MM-DDThh:mm:ss+hh:mm");
    int hh = digits(text + 11, 2), mi = digits(text + 14, 2), ss = digits(text + 17, 2);
    if (hh < 0 || mi < 0 || ss < 0)
        return bad(err, text, "not a timestamp written YYYY-MM-DDThh:mm:ss+hh:mm");
    if (hh > 23 || mi > 59 || ss > 59)
        return bad(err, text, "no such time of day (hour 00-23, minute and second 00-59)");
    if (!(accept & SC_TIME_ACCEPT_DATETIME))
        return bad(err, text, "a timestamp where a date YYYY-MM-DD is needed");
    const char *z = text + 19;
    size_t zlen = len - 19;
    int offset, zulu = 0;
    if (zlen == 0)
        return bad(err, text, "no UTC offset (add Z or +hh:mm)");
    if (zlen == 1 && z[0] == 'Z') {
        offset = 0;
        zulu = 1;
    } else if (zlen == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':') {
        int oh = digits(z + 1, 2), om = digits(z + 4, 2);
        if (oh < 0 || om < 0 || oh > 23 || om > 59)
            return bad(err, text, "invalid UTC offset (hours 00-23, minutes 00-59)");
        offset = oh * 60 + om;
        if (z[0] == '-') {
            if (offset == 0)
                return bad(err, text, "offset -00:00 is not allowed (write Z or +00:00)");
            offset = -offset;
        }
    } else if (z[0] == '.' || z[0] == ',') {
        return bad(err, text, "fractions of a second are not supported");
    } else {
        return bad(err, text, "invalid UTC offset (write Z, +hh:mm or -hh:mm)");
    }
    out->utc = day * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)offset * 60;
    out->offset = offset;
    out->zulu = zulu;
    out->kind = SC_TIME_DATETIME;
    return SC_OK;
}

/* ------------------------------------------------------------------ output and queries */

static char *digits2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* Made by hand rather than with snprintf, which took half of the XML writer's time. A valid
 * time's local date lies in years 0001..9999 (sc_time_valid), so four digits always suffice. */
int sc_time_format(const sc_time *t, char *buf, size_t size)
{
    if (!buf)
        return SC_EINVAL;
    if (!sc_time_valid(t) || size < SC_TIME_BUFSIZE) {
        if (size > 0)
            buf[0] = '\0';
        return SC_EINVAL;
    }
    int64_t sec;
    int y, m, d;
    civil_from_days(local_day(t, &sec), &y, &m, &d);
    char *p = buf;
    p = digits2(p, y / 100);
    p = digits2(p, y % 100);
    *p++ = '-';
    p = digits2(p, m);
    *p++ = '-';
    p = digits2(p, d);
    if (t->kind == SC_TIME_DATETIME) {
        *p++ = 'T';
        p = digits2(p, (int)(sec / 3600));
        *p++ = ':';
        p = digits2(p, (int)(sec / 60 % 60));
        *p++ = ':';
        p = digits2(p, (int)(sec % 60));
        if (t->zulu) {
            *p++ = 'Z';
        } else {
            int o = t->offset < 0 ? -t->offset : t->offset;
            *p++ = t->offset < 0 ? '-' : '+';
            p = digits2(p, o / 60);
            *p++ = ':';
            p = digits2(p, o % 60);
        }
    }
    *p = '\0';
    return SC_OK;
}

int sc_time_local_date(const sc_time *t, int *year, int *month, int *day)
{
    int y = 0, m = 0, d = 0;
    int rc = SC_EINVAL;
    if (sc_time_valid(t)) {
        civil_from_days(local_day(t, NULL), &y, &m, &d);
        rc = SC_OK;
    }
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return rc;
}

sc_month sc_time_month(const sc_time *t)
{
    int y, m;
    sc_month out;
    if (sc_time_local_date(t, &y, &m, NULL) != SC_OK || sc_month_make(&out, y, m) != SC_OK)
        return SC_MONTH_NONE;
    return out;
}

int sc_time_compare(const sc_time *a, const sc_time *b)
{
    if (!sc_time_valid(a) || !sc_time_valid(b))
        return 0;
    int64_t x, y;
    if (a->kind == SC_TIME_DATETIME && b->kind == SC_TIME_DATETIME) {
        x = a->utc;
        y = b->utc;
    } else {
        x = local_day(a, NULL);
        y = local_day(b, NULL);
    }
    return x < y ? -1 : x > y ? 1 : 0;
}

int sc_time_equal(const sc_time *a, const sc_time *b)
{
    if (!a || !b)
        return a == b;
    return a->kind == b->kind && a->utc == b->utc && a->offset == b->offset &&
           a->zulu == b->zulu;
}
