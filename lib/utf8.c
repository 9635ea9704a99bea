/*
 * utf8.c - UTF-8 validation and ASCII case folding (locale-independent).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sc_internal.h"

int sci_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* fast path: eight ASCII bytes at a time */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0)
                lo = 0xa0; /* no overlong forms */
            else if (c == 0xed)
                hi = 0x9f; /* no surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0)
                lo = 0x90; /* no overlong forms */
            else if (c == 0xf4)
                hi = 0x8f; /* nothing above U+10FFFF */
        } else {
            return 0;
        }
        if (len - i - 1 < need)
            return 0;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= need; k++)
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

static unsigned char fold(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (unsigned char)(ch + ('a' - 'A')) : ch;
}

int sci_ascii_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

int sci_ascii_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && sci_ascii_casecmp(a, alen, b, blen) == 0;
}

/* The field's name for a message, quoting the text when it is an id (only ids are quoted:
 * other fields may be sensitive, such as notes and names, and messages end up in logs). Built
 * only when there is an error to report. */
static const char *text_label(char *label, size_t size, const char *text, size_t len, int is_id,
                              const char *what)
{
    char shown[SC_ERROR_TEXT_SIZE / 2];
    if (is_id)
        snprintf(label, size, "%s \"%s\"", what, sci_excerpt(shown, sizeof shown, text, len));
    else
        snprintf(label, size, "%s", what);
    return label;
}

int sci_text_check(const char *text, int is_id, const char *what, sc_error *err)
{
    if (!text)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "NULL %s", what);
    size_t len = strlen(text);
    if (is_id && len == 0)
        return sci_error(err, SC_EDATA, NULL, 0, 0, "empty %s", what);
    char label[SC_ERROR_TEXT_SIZE];
    if (!sci_utf8_valid(text, len))
        return sci_error(err, SC_EDATA, NULL, 0, 0, "%s is not valid UTF-8",
                         text_label(label, sizeof label, text, len, is_id, what));
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        int control = p[i] < 0x20 || p[i] == 0x7f;
        int xml_bad = (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') ||
                      (p[i] == 0xef && i + 2 < len && p[i + 1] == 0xbf &&
                       (p[i + 2] == 0xbe || p[i + 2] == 0xbf));
        if (xml_bad || (is_id && control))
            return sci_error(err, SC_EDATA, NULL, 0, 0,
                             "%s holds a character not allowed there (byte %zu)",
                             text_label(label, sizeof label, text, len, is_id, what), i + 1);
    }
    return SC_OK;
}

int sci_text_dup(char **out, const char *text, int is_id, const char *what, sc_error *err)
{
    *out = NULL;
    int rc = sci_text_check(text, is_id, what, err);
    if (rc != SC_OK)
        return rc;
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy)
        return sci_error(err, SC_ENOMEM, NULL, 0, 0, "out of memory copying %s", what);
    memcpy(copy, text, len + 1);
    *out = copy;
    return SC_OK;
}

void sci_text_free(char *s)
{
    if (!s)
        return;
    sodium_memzero(s, strlen(s));
    free(s);
}

int sci_text_set(char **slot, const char *text, const char *what, sc_error *err)
{
    char *copy = NULL;
    if (text) {
        int rc = sci_text_dup(&copy, text, 0, what, err);
        if (rc != SC_OK)
            return rc;
    }
    sci_text_free(*slot);
    *slot = copy;
    return SC_OK;
}

int sci_text_clone(char **out, const char *text)
{
    *out = NULL;
    if (!text)
        return SC_OK;
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy)
        return SC_ENOMEM;
    memcpy(copy, text, len + 1);
    *out = copy;
    return SC_OK;
}

int sci_text_equal(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Recognises files that are not CSV text at all, from their first bytes: returns a message,
 * or NULL. */
const char *sci_not_csv(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4)
        return "this is a ZIP archive (an Excel .xlsx workbook?), not CSV: save it as \"CSV UTF-8\"";
    if (len >= 4 && p[0] == 0xD0 && p[1] == 0xCF && p[2] == 0x11 && p[3] == 0xE0)
        return "this is an Office document (an Excel .xls workbook?), not CSV: save it as "
               "\"CSV UTF-8\"";
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return "this is UTF-16 text: save it as UTF-8";
    if (len >= 4 && p[0] == '%' && p[1] == 'P' && p[2] == 'D' && p[3] == 'F')
        return "this is a PDF document, not CSV";
    return NULL;
}
