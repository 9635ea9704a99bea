/*
 * month.c - calendar months as integers (year * 12 + month - 1).
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "sc_internal.h"

int sc_month_valid(sc_month m)
{
    return m >= SC_MONTH_MIN && m <= SC_MONTH_MAX;
}

int sc_month_make(sc_month *out, int year, int month)
{
    if (!out)
        return SC_EINVAL;
    *out = SC_MONTH_NONE;
    if (year < 1 || year > 9999 || month < 1 || month > 12)
        return SC_EINVAL;
    *out = (sc_month)(year * 12 + (month - 1));
    return SC_OK;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

int sc_month_parse(sc_month *out, const char *text, sc_error *err)
{
    if (out)
        *out = SC_MONTH_NONE;
    if (!out || !text)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL argument to sc_month_parse");
    size_t len = strlen(text);
    if (len == 7 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
        is_digit(text[3]) && text[4] == '-' && is_digit(text[5]) && is_digit(text[6])) {
        int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                   (text[3] - '0');
        int month = (text[5] - '0') * 10 + (text[6] - '0');
        if (sc_month_make(out, year, month) == SC_OK)
            return SC_OK;
    }
    char shown[SC_ERROR_TEXT_SIZE / 2];
    return sci_error(err, SC_EDATA, NULL, 0, 0, "\"%s\" is not a month written YYYY-MM",
                     sci_excerpt(shown, sizeof shown, text, len));
}

int sc_month_format(sc_month m, char *buf, size_t size)
{
    if (!buf)
        return SC_EINVAL;
    if (!sc_month_valid(m) || size < SC_MONTH_BUFSIZE) {
        if (size > 0)
            buf[0] = '\0';
        return SC_EINVAL;
    }
    snprintf(buf, size, "%04d-%02d", (int)(m / 12), (int)(m % 12) + 1);
    return SC_OK;
}

int sc_month_year(sc_month m)
{
    return sc_month_valid(m) ? (int)(m / 12) : 0;
}

int sc_month_number(sc_month m)
{
    return sc_month_valid(m) ? (int)(m % 12) + 1 : 0;
}
