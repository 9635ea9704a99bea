/*
 * error.c - status texts and the sc_error record.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"

const char *sc_strerror(int code)
{
    switch (code) {
    case SC_OK:
        return "success";
    case SC_EINVAL:
        return "invalid argument";
    case SC_ENOMEM:
        return "out of memory";
    case SC_EIO:
        return "input/output error";
    case SC_EPARSE:
        return "malformed input";
    case SC_EDATA:
        return "invalid data";
    case SC_EOVERFLOW:
        return "count overflow";
    case SC_ELIMIT:
        return "input exceeds a size limit";
    case SC_ENOTFOUND:
        return "not found";
    case SC_EUSER:
        return "stopped by a callback";
    default:
        return "unknown status";
    }
}

void sc_error_clear(sc_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* Copies src into dst[size], keeping the end of a text that does not fit ("...end"), since the
 * end of a path (the file name) says most. */
static void copy_tail(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src);
    if (len < size) {
        memcpy(dst, src, len + 1);
        return;
    }
    const char *tail = src + len - (size - 4);
    /* do not start in the middle of a UTF-8 sequence */
    while (((unsigned char)*tail & 0xc0) == 0x80)
        tail++;
    snprintf(dst, size, "...%s", tail);
}

static void fill(sc_error *err, int code, const char *source, unsigned long line,
                 unsigned long column, const char *fmt, va_list ap) SCI_PRINTF(6, 0);

static void fill(sc_error *err, int code, const char *source, unsigned long line,
                 unsigned long column, const char *fmt, va_list ap)
{
    memset(err, 0, sizeof *err);
    err->code = code;
    copy_tail(err->source, sizeof err->source, source ? source : "");
    err->line = line;
    err->column = column;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int sci_error(sc_error *err, int code, const char *source, unsigned long line,
              unsigned long column, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, code, source, line, column, fmt, ap);
        va_end(ap);
    }
    return code;
}

int sci_error_errno(sc_error *err, int sys_errno, const char *source, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, SC_EIO, source, 0, 0, fmt, ap);
        va_end(ap);
        err->sys_errno = sys_errno;
    }
    return SC_EIO;
}

int sc_error_format(const sc_error *err, char *buf, size_t size)
{
    if (!err || !buf)
        return SC_EINVAL;
    char loc[SC_ERROR_TEXT_SIZE + 64] = "";
    if (err->source[0] != '\0') {
        if (err->line && err->column)
            snprintf(loc, sizeof loc, "%s:%lu:%lu: ", err->source, err->line, err->column);
        else if (err->line)
            snprintf(loc, sizeof loc, "%s:%lu: ", err->source, err->line);
        else
            snprintf(loc, sizeof loc, "%s: ", err->source);
    } else if (err->line && err->column) {
        snprintf(loc, sizeof loc, "%lu:%lu: ", err->line, err->column);
    } else if (err->line) {
        snprintf(loc, sizeof loc, "%lu: ", err->line);
    }
    const char *msg = err->message[0] ? err->message : err->code ? sc_strerror(err->code) : "";
    return snprintf(buf, size, "%s%s", loc, msg);
}

char *sci_excerpt(char *buf, size_t size, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = len < 40 ? len : 40;
    size_t o = 0;
    if (size == 0)
        return buf;
    /* cut at a character boundary, then show UTF-8 as it is when it is well-formed */
    while (n < len && n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
        n--;
    int utf8 = sci_utf8_valid(text, n);
    int c1 = 0; /* bytes left of a C1 control (C2 80..C2 9F), shown as \xNN too */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (utf8 && ch == 0xc2 && i + 1 < n && (unsigned char)text[i + 1] <= 0x9f)
            c1 = 2;
        if (c1 == 0 && ((ch >= 0x20 && ch < 0x7f && ch != '\\') || (ch >= 0x80 && utf8))) {
            if (o + 1 >= size)
                break;
            buf[o++] = (char)ch;
        } else {
            if (o + 4 >= size)
                break;
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[ch >> 4];
            buf[o++] = hex[ch & 15];
            if (c1)
                c1--;
        }
    }
    if (n < len && o + 3 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

void sc_free(void *p)
{
    free(p);
}
