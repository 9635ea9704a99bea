/*
 * cli_output.c - output helpers of the stalkcase command: checked writes, messages on
 * standard error, CSV and JSON escaping, numbers, intervals and counting-rule breaks in every
 * output format. See cli_output.h.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_output.h"

/* ------------------------------------------------------------------------------------------ */
/* Output with error tracking                                                                  */


static void out_fail(out *o)
{
    if (o->err == 0)
        o->err = errno != 0 ? errno : EIO;
}

void out_write(out *o, const char *s, size_t n)
{
    if (o->err != 0 || n == 0)
        return;
    errno = 0;
    if (fwrite(s, 1, n, o->fp) != n)
        out_fail(o);
}

void out_puts(out *o, const char *s)
{
    out_write(o, s, strlen(s));
}

void out_putc(out *o, char c)
{
    out_write(o, &c, 1);
}

void out_printf(out *o, const char *fmt, ...)
{
    va_list ap;

    if (o->err != 0)
        return;
    errno = 0;
    va_start(ap, fmt);
    if (vfprintf(o->fp, fmt, ap) < 0)
        out_fail(o);
    va_end(ap);
}

/** Writes n spaces. */
void out_pad(out *o, size_t n)
{
    static const char spaces[] = "                                ";

    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        out_write(o, spaces, k);
        n -= k;
    }
}

/**
 * Writes UTF-8 text for a terminal: C0 and C1 control characters and DEL become '?', so
 * untrusted text cannot move the cursor or send escape sequences.
 */
void out_text(out *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p != '\0') {
        const unsigned char *start = p;
        while (*p >= 0x20 && *p != 0x7f && !(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            p++;
        out_write(o, (const char *)start, (size_t)(p - start));
        if (*p == '\0')
            break;
        out_putc(o, '?');
        p += (p[0] == 0xc2) ? 2 : 1;
    }
}

/**
 * Flushes the stream and reports a write error (once) on standard error.
 * @return status unchanged when everything was written, else EXIT_INPUT.
 */
int out_finish(out *o, const char *what, int status)
{
    errno = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        out_fail(o);
    if (o->err == 0)
        return status;
    fprintf(stderr, "%s: error writing %s: %s\n", PROGRAM, what, strerror(o->err));
    return EXIT_INPUT;
}

/** Number of characters (code points) of UTF-8 text, as out_text shows it. */
size_t text_width(const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

/** ASCII-case-insensitive equality. */
int ascii_equal(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
        if (ca == '\0')
            return 1;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Messages                                                                                    */

/** Writes "stalkcase: " and a message (control characters shown as '?') to standard error. */
void message(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    out err = { stderr, 0 };

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    out_puts(&err, PROGRAM ": ");
    out_text(&err, buf);
    out_putc(&err, '\n');
}

/**
 * Reports bad usage of a command (NULL for the program itself) with a hint to use --help.
 * @return EXIT_USAGE.
 */
int usage_error(const char *command, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (command != NULL) {
        message("%s: %s", command, buf);
        fprintf(stderr, "Try '%s %s --help' for more information.\n", PROGRAM, command);
    } else {
        message("%s", buf);
        fprintf(stderr, "Try '%s --help' for more information.\n", PROGRAM);
    }
    return EXIT_USAGE;
}

/**
 * Reports an option getopt_long rejected (opterr is 0; optstring starts with ':').
 * Long options use values above 255, so optopt names a short option only when it is below 256.
 */
int option_error(const char *command, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";

    if (c == ':')
        return usage_error(command, "option '%s' needs an argument", arg);
    if (optopt > 0 && optopt < 256)
        return usage_error(command, "unknown option '-%c'", optopt);
    if (optopt >= 256 && strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL)
        return usage_error(command, "option '%.*s' takes no argument",
                           (int)(strchr(arg, '=') - arg), arg);
    return usage_error(command, "unknown or ambiguous option '%s'", arg);
}

/** Reports a library failure; input errors read "stalkcase: FILE:LINE:COLUMN: MESSAGE". */
void library_error(int rc, const sc_error *e)
{
    sc_error copy = *e;
    char buf[2 * SC_ERROR_TEXT_SIZE + 64];

    if (copy.message[0] == '\0') {
        if (copy.sys_errno != 0)
            snprintf(copy.message, sizeof copy.message, "%s: %s", sc_strerror(rc),
                     strerror(copy.sys_errno));
        else
            snprintf(copy.message, sizeof copy.message, "%s", sc_strerror(rc));
    }
    if (sc_error_format(&copy, buf, sizeof buf) < 0)
        snprintf(buf, sizeof buf, "%s", sc_strerror(rc));
    message("%s", buf);
}

/** Writes a CSV field, quoted as RFC 4180 says when it holds a comma, quote, CR or LF. */
void csv_field(out *o, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        out_puts(o, s);
        return;
    }
    out_putc(o, '"');
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"')
            out_putc(o, '"');
        out_putc(o, *p);
    }
    out_putc(o, '"');
}

/** Writes a JSON string (RFC 8259): quotes and backslashes escaped, control chars as \u00XX. */
void json_string(out *o, const char *s)
{
    out_putc(o, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            out_putc(o, '\\');
            out_putc(o, (char)*p);
        } else if (*p < 0x20) {
            out_printf(o, "\\u%04x", (unsigned int)*p);
        } else {
            out_putc(o, (char)*p);
        }
    }
    out_putc(o, '"');
}

size_t digits(uint64_t n)
{
    size_t d = 1;

    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}


/* ------------------------------------------------------------------------------------------ */
/* Numbers                                                                                     */

const char *num_text(char buf[NUM_BUFSIZE], double x)
{
    if (isnan(x))
        buf[0] = '\0';
    else if (isinf(x))
        snprintf(buf, NUM_BUFSIZE, "%s", x > 0 ? "inf" : "-inf");
    else
        snprintf(buf, NUM_BUFSIZE, "%.10g", x == 0 ? 0.0 : x);
    return buf;
}

void json_number(out *o, double x)
{
    char buf[NUM_BUFSIZE];

    if (!isfinite(x))
        out_puts(o, "null");
    else
        out_puts(o, num_text(buf, x));
}

const char *fixed_text(char buf[NUM_BUFSIZE], double x, int decimals)
{
    if (isnan(x))
        snprintf(buf, NUM_BUFSIZE, "-");
    else if (isinf(x))
        snprintf(buf, NUM_BUFSIZE, "%s", x > 0 ? "inf" : "-inf");
    else if (fabs(x) >= 1e15)
        snprintf(buf, NUM_BUFSIZE, "%.6g", x);
    else {
        snprintf(buf, NUM_BUFSIZE, "%.*f", decimals, x);
        /* no "-0.00" */
        if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
            memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

const char *level_text(char buf[NUM_BUFSIZE], double level)
{
    snprintf(buf, NUM_BUFSIZE, "%.10g%%", level * 100.0);
    return buf;
}

/* ------------------------------------------------------------------------------------------ */
/* Breaks and intervals                                                                        */

void break_list_free(break_list *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int break_list_add(break_list *l, const sc_break *b)
{
    const sc_break **grown;

    for (size_t i = 0; i < l->n; i++)
        if (l->items[i] == b || strcmp(l->items[i]->id, b->id) == 0)
            return 0;
    grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    grown[l->n++] = b;
    l->items = grown;
    return 0;
}

void csv_breaks(out *o, const break_list *l)
{
    int quote = 0;

    for (size_t i = 0; i < l->n; i++)
        if (strpbrk(l->items[i]->id, ",\"\r\n") != NULL)
            quote = 1;
    if (quote)
        out_putc(o, '"');
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0)
            out_putc(o, ';');
        for (const char *p = l->items[i]->id; *p != '\0'; p++) {
            if (*p == '"')
                out_putc(o, '"');
            out_putc(o, *p);
        }
    }
    if (quote)
        out_putc(o, '"');
}

void json_breaks(out *o, const break_list *l)
{
    out_putc(o, '[');
    for (size_t i = 0; i < l->n; i++) {
        if (i > 0)
            out_puts(o, ", ");
        json_string(o, l->items[i]->id);
    }
    out_putc(o, ']');
}

void table_breaks(out *o, const break_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        out_puts(o, i == 0 ? "; breaks: " : ", ");
        out_text(o, l->items[i]->id);
    }
}

void warn_breaks(const break_list *l, const char *context)
{
    for (size_t i = 0; i < l->n; i++) {
        char month[SC_MONTH_BUFSIZE] = "";
        sc_month_format(l->items[i]->month, month, sizeof month);
        message("warning: counting-rule break %s (%s, %s) %s", l->items[i]->id, month,
                l->items[i]->title, context);
    }
}

void csv_interval(out *o, const sc_interval *iv)
{
    char buf[NUM_BUFSIZE];

    out_puts(o, num_text(buf, iv->estimate));
    out_putc(o, ',');
    out_puts(o, num_text(buf, iv->low));
    out_putc(o, ',');
    out_puts(o, num_text(buf, iv->high));
    out_putc(o, ',');
    out_puts(o, num_text(buf, iv->level));
    out_putc(o, ',');
    out_puts(o, sc_method_name(iv->method));
}

void csv_no_interval(out *o)
{
    out_puts(o, ",,,,");
}

void json_interval(out *o, const sc_interval *iv, const break_list *breaks)
{
    out_puts(o, "{\"estimate\": ");
    json_number(o, iv->estimate);
    out_puts(o, ", \"low\": ");
    json_number(o, iv->low);
    out_puts(o, ", \"high\": ");
    json_number(o, iv->high);
    out_puts(o, ", \"level\": ");
    json_number(o, iv->level);
    out_puts(o, ", \"method\": ");
    json_string(o, sc_method_name(iv->method));
    if (breaks != NULL) {
        out_puts(o, ", \"breaks\": ");
        json_breaks(o, breaks);
    }
    out_putc(o, '}');
}
