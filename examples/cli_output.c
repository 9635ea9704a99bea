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

/* ------------------------------------------------------------------------------------------ */
/* stats: grouped totals in each output format                                                 */

#define COUNT_KEY "count"
#define COUNT_TITLE "Count"

const group_spec group_specs[] = {
    { "month", SC_GROUP_MONTH, 1, { "month" }, { "Month" }, "months", 0 },
    { "borough", SC_GROUP_BOROUGH, 1, { "borough" }, { "Borough" }, "boroughs", 0 },
    { "ward", SC_GROUP_WARD, 3, { "ward_code", "ward_name", "borough" },
      { "Ward code", "Ward", "Borough" }, "wards", 0 },
    { "category", SC_GROUP_CATEGORY, 2, { "major", "minor" },
      { "Major category", "Minor category" }, "categories", 0 },
    { "offence", SC_GROUP_CATEGORY, 1, { "offence" }, { "Offence" }, "offences", 1 },
    { "cyber", SC_GROUP_CATEGORY, 1, { "cyber" }, { "Cyber element" }, "cyber-element values",
      1 },
};
const size_t n_group_specs = sizeof group_specs / sizeof group_specs[0];






/**
 * The text fields of a row, in group_spec.keys order.
 * @param monthbuf receives the month's text when the grouping is by month.
 */
static void row_fields(const report *r, const sc_cell *cell, const char *fields[3],
                       char monthbuf[SC_MONTH_BUFSIZE])
{
    switch (r->spec->group) {
    case SC_GROUP_MONTH:
        if (sc_month_format(cell->month, monthbuf, SC_MONTH_BUFSIZE) != SC_OK)
            monthbuf[0] = '\0';
        fields[0] = monthbuf;
        break;
    case SC_GROUP_BOROUGH:
        fields[0] = cell->borough;
        break;
    case SC_GROUP_WARD:
        fields[0] = cell->ward_code;
        fields[1] = cell->ward_name;
        fields[2] = cell->borough;
        break;
    case SC_GROUP_CATEGORY:
        if (r->spec->casebook) {
            fields[0] = cell->minor;
        } else {
            fields[0] = cell->major;
            fields[1] = cell->minor;
        }
        break;
    }
    for (size_t k = 0; k < r->spec->nkeys; k++)
        if (fields[k] == NULL)
            fields[k] = "";
}

/*
 * Column names of the extra fields. With one interval (--per-1000 or --share) its level and
 * method columns are "level" and "method"; with both they are prefixed ("rate_level",
 * "share_level", ...) so that every csv header is unique.
 */
void stats_print_csv(out *o, const report *r)
{
    const group_spec *spec = r->spec;
    const int both = r->per1000 && r->share;
    char buf[NUM_BUFSIZE];

    for (size_t k = 0; k < spec->nkeys; k++) {
        out_puts(o, spec->keys[k]);
        out_putc(o, ',');
    }
    out_puts(o, COUNT_KEY);
    if (r->per1000)
        out_puts(o, both ? ",population,rate_per_1000,rate_low,rate_high,rate_level,rate_method"
                         : ",population,rate_per_1000,rate_low,rate_high,level,method");
    if (r->share)
        out_puts(o, both ? ",share,share_low,share_high,share_level,share_method"
                         : ",share,share_low,share_high,level,method");
    if (r->yoy)
        out_puts(o, ",previous,difference,ratio,breaks");
    out_putc(o, '\n');
    for (size_t i = 0; i < r->shown; i++) {
        const stat_row *row = &r->rows[i];
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, row->cell, fields, monthbuf);
        for (size_t k = 0; k < spec->nkeys; k++) {
            csv_field(o, fields[k]);
            out_putc(o, ',');
        }
        out_printf(o, "%" PRIu64, row->cell->count);
        if (r->per1000) {
            if (row->rate != NULL && row->rate->has_rate) {
                out_printf(o, ",%" PRIu64 ",", row->rate->population->residents);
                csv_interval(o, &row->rate->rate);
            } else {
                out_puts(o, ",,");
                csv_no_interval(o);
            }
        }
        if (r->share) {
            out_putc(o, ',');
            csv_interval(o, &row->share);
        }
        if (r->yoy) {
            if (row->has_yoy)
                out_printf(o, ",%" PRIu64 ",%" PRId64 ",%s,", row->yoy.previous,
                           row->yoy.difference, num_text(buf, row->yoy.ratio));
            else
                out_puts(o, ",,,,");
            csv_breaks(o, &row->yoy_breaks);
        }
        out_putc(o, '\n');
    }
}

void stats_print_json(out *o, const report *r)
{
    const group_spec *spec = r->spec;

    if (r->shown == 0) {
        out_puts(o, "[]\n");
        return;
    }
    out_puts(o, "[\n");
    for (size_t i = 0; i < r->shown; i++) {
        const stat_row *row = &r->rows[i];
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, row->cell, fields, monthbuf);
        out_puts(o, "  {");
        for (size_t k = 0; k < spec->nkeys; k++) {
            json_string(o, spec->keys[k]);
            out_puts(o, ": ");
            json_string(o, fields[k]);
            out_puts(o, ", ");
        }
        out_printf(o, "\"" COUNT_KEY "\": %" PRIu64, row->cell->count);
        if (r->per1000) {
            if (row->rate != NULL && row->rate->has_rate) {
                out_printf(o, ", \"population\": %" PRIu64 ", \"rate_per_1000\": ",
                           row->rate->population->residents);
                json_interval(o, &row->rate->rate, NULL);
            } else {
                out_puts(o, ", \"population\": null, \"rate_per_1000\": null");
            }
        }
        if (r->share) {
            out_puts(o, ", \"share\": ");
            json_interval(o, &row->share, NULL);
        }
        if (r->yoy) {
            if (row->has_yoy) {
                out_printf(o, ", \"previous\": %" PRIu64 ", \"difference\": %" PRId64
                              ", \"ratio\": ", row->yoy.previous, row->yoy.difference);
                json_number(o, row->yoy.ratio);
            } else {
                out_puts(o, ", \"previous\": null, \"difference\": null, \"ratio\": null");
            }
            out_puts(o, ", \"breaks\": ");
            json_breaks(o, &row->yoy_breaks);
        }
        out_printf(o, "}%s\n", i + 1 < r->shown ? "," : "");
    }
    out_puts(o, "]\n");
}

/** Most columns a table has after the text columns (count and the extras). */
#define MAX_RIGHT 10
/** Size of one cell's text in a table. */
#define CELL_SIZE 128

/** The right-hand columns of a table: titles, alignment and one row's texts. */
typedef struct table_cols {
    size_t n;                          /**< number of columns (count first) */
    const char *titles[MAX_RIGHT];
    int left[MAX_RIGHT];               /**< 1: left-aligned (text), 0: right-aligned (numbers) */
    size_t widths[MAX_RIGHT];
} table_cols;

/** Writes one table line: text columns left-aligned, then the right-hand columns. */
static void table_line(out *o, size_t nkeys, const char *const *texts, const size_t *widths,
                       const table_cols *cols, const char *const *rights)
{
    size_t last = cols->n;

    while (last > 1 && rights[last - 1][0] == '\0')
        last--;
    for (size_t k = 0; k < nkeys; k++) {
        out_text(o, texts[k]);
        out_pad(o, widths[k] - text_width(texts[k]) + 2);
    }
    for (size_t k = 0; k < last; k++) {
        size_t pad = cols->widths[k] - text_width(rights[k]);
        if (k > 0)
            out_puts(o, "  ");
        if (!cols->left[k])
            out_pad(o, pad);
        out_text(o, rights[k]);
        if (cols->left[k] && k + 1 < last)
            out_pad(o, pad);
    }
    out_putc(o, '\n');
}

/** Writes a line of dashes under each column. */
static void table_rule(out *o, size_t nkeys, const size_t *widths, const table_cols *cols)
{
    for (size_t k = 0; k < nkeys + cols->n; k++) {
        size_t w = k < nkeys ? widths[k] : cols->widths[k - nkeys];
        for (size_t i = 0; i < w; i++)
            out_putc(o, '-');
        out_puts(o, k + 1 < nkeys + cols->n ? "  " : "\n");
    }
}

/** Writes a total line: a label spanning the text columns, then the count. */
static void table_total(out *o, const char *label, size_t span, uint64_t n, size_t count_width)
{
    out_puts(o, label);
    out_pad(o, span - strlen(label) + 2 + count_width - digits(n));
    out_printf(o, "%" PRIu64 "\n", n);
}

/** Percentage with two decimals: 0.0361 gives "3.61%". */
static const char *percent_text(char buf[NUM_BUFSIZE], double x)
{
    char num[NUM_BUFSIZE];

    snprintf(buf, NUM_BUFSIZE, "%s%%", fixed_text(num, x * 100.0, 2));
    return buf;
}

/** The texts of a row's right-hand columns for the table. */
static void table_rights(const report *r, const stat_row *row, char cells[MAX_RIGHT][CELL_SIZE])
{
    char a[NUM_BUFSIZE], b[NUM_BUFSIZE];
    size_t k = 0;

    snprintf(cells[k++], CELL_SIZE, "%" PRIu64, row->cell->count);
    if (r->per1000) {
        if (row->rate != NULL && row->rate->has_rate) {
            snprintf(cells[k++], CELL_SIZE, "%" PRIu64, row->rate->population->residents);
            snprintf(cells[k++], CELL_SIZE, "%s", fixed_text(a, row->rate->rate.estimate, 4));
            snprintf(cells[k++], CELL_SIZE, "%s to %s", fixed_text(a, row->rate->rate.low, 4),
                     fixed_text(b, row->rate->rate.high, 4));
        } else {
            snprintf(cells[k++], CELL_SIZE, "-");
            snprintf(cells[k++], CELL_SIZE, "no rate");
            cells[k++][0] = '\0';
        }
    }
    if (r->share) {
        snprintf(cells[k++], CELL_SIZE, "%s", percent_text(a, row->share.estimate));
        snprintf(cells[k++], CELL_SIZE, "%s to %s", percent_text(a, row->share.low),
                 percent_text(b, row->share.high));
    }
    if (r->yoy) {
        if (row->has_yoy) {
            snprintf(cells[k++], CELL_SIZE, "%" PRIu64, row->yoy.previous);
            snprintf(cells[k++], CELL_SIZE, "%+" PRId64, row->yoy.difference);
            snprintf(cells[k++], CELL_SIZE, "%s", fixed_text(a, row->yoy.ratio, 3));
        } else {
            for (int i = 0; i < 3; i++)
                snprintf(cells[k++], CELL_SIZE, "-");
        }
        cells[k][0] = '\0';
        for (size_t i = 0; i < row->yoy_breaks.n; i++) {
            size_t len = strlen(cells[k]);
            snprintf(cells[k] + len, CELL_SIZE - len, "%s%s", i > 0 ? ";" : "",
                     row->yoy_breaks.items[i]->id);
        }
        k++;
    }
}

void stats_print_table(out *o, const report *r)
{
    const group_spec *spec = r->spec;
    size_t widths[3] = { 0, 0, 0 };
    size_t span;
    uint64_t shown_sum = 0, sum = sc_totals_sum(r->totals);
    char shown_label[96], level[NUM_BUFSIZE] = "";
    char first[SC_MONTH_BUFSIZE], last[SC_MONTH_BUFSIZE];
    char rate_title[64], share_title[64];
    char cells[MAX_RIGHT][CELL_SIZE];
    const char *rights[MAX_RIGHT];
    const int truncated = r->shown < sc_totals_size(r->totals);
    table_cols cols;

    /* Caption: what the figures are. */
    out_puts(o, "Category: ");
    out_text(o, r->category != NULL ? r->category : "all categories");
    if (sc_month_format(r->first, first, sizeof first) == SC_OK
        && sc_month_format(r->last, last, sizeof last) == SC_OK)
        out_printf(o, "; months: %s to %s", first, last);
    else
        out_puts(o, "; months: none");
    out_puts(o, "; source: ");
    out_text(o, r->source);
    out_puts(o, "\n\n");

    /* Columns. */
    memset(&cols, 0, sizeof cols);
    cols.titles[cols.n++] = COUNT_TITLE;
    if (r->shown > 0) {
        const stat_row *row0 = &r->rows[0];
        if (r->per1000)
            for (size_t i = 0; i < r->shown; i++)
                if (r->rows[i].rate != NULL && r->rows[i].rate->has_rate) {
                    level_text(level, r->rows[i].rate->rate.level);
                    break;
                }
        if (r->share)
            level_text(level, row0->share.level);
    }
    snprintf(rate_title, sizeof rate_title, "%s interval", level[0] ? level : "95%");
    snprintf(share_title, sizeof share_title, "Share %s interval", level[0] ? level : "95%");
    if (r->per1000) {
        cols.titles[cols.n++] = "Population";
        cols.titles[cols.n++] = "Rate per 1,000";
        cols.titles[cols.n++] = rate_title;
    }
    if (r->share) {
        cols.titles[cols.n++] = "Share";
        cols.titles[cols.n++] = share_title;
    }
    if (r->yoy) {
        cols.titles[cols.n++] = "Year before";
        cols.titles[cols.n++] = "Change";
        cols.titles[cols.n++] = "Ratio";
        cols.left[cols.n] = 1;
        cols.titles[cols.n++] = "Breaks";
    }
    for (size_t k = 0; k < cols.n; k++)
        cols.widths[k] = text_width(cols.titles[k]);

    /* Column widths. */
    for (size_t k = 0; k < spec->nkeys; k++)
        widths[k] = text_width(spec->titles[k]);
    for (size_t i = 0; i < r->shown; i++) {
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, r->rows[i].cell, fields, monthbuf);
        for (size_t k = 0; k < spec->nkeys; k++)
            widths[k] = max_size(widths[k], text_width(fields[k]));
        table_rights(r, &r->rows[i], cells);
        for (size_t k = 0; k < cols.n; k++)
            cols.widths[k] = max_size(cols.widths[k], text_width(cells[k]));
        shown_sum += r->rows[i].cell->count;
    }
    cols.widths[0] = max_size(cols.widths[0], digits(sum));
    snprintf(shown_label, sizeof shown_label, "Shown (%zu of %zu %s)", r->shown,
             sc_totals_size(r->totals), spec->plural);
    span = 2 * (spec->nkeys - 1);
    for (size_t k = 0; k < spec->nkeys; k++)
        span += widths[k];
    if (truncated && strlen(shown_label) > span) {
        widths[spec->nkeys - 1] += strlen(shown_label) - span;
        span = strlen(shown_label);
    }
    if (strlen("Total") > span) {
        widths[spec->nkeys - 1] += strlen("Total") - span;
        span = strlen("Total");
    }

    /* Titles, rows, totals. */
    table_line(o, spec->nkeys, spec->titles, widths, &cols, cols.titles);
    table_rule(o, spec->nkeys, widths, &cols);
    for (size_t i = 0; i < r->shown; i++) {
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, r->rows[i].cell, fields, monthbuf);
        table_rights(r, &r->rows[i], cells);
        for (size_t k = 0; k < cols.n; k++)
            rights[k] = cells[k];
        table_line(o, spec->nkeys, fields, widths, &cols, rights);
    }
    table_rule(o, spec->nkeys, widths, &cols);
    if (truncated)
        table_total(o, shown_label, span, shown_sum, cols.widths[0]);
    table_total(o, "Total", span, sum, cols.widths[0]);
}


/* ------------------------------------------------------------------------------------------ */
/* compare: a before/after comparison in each output format                                   */


void compare_print_csv(out *o, const comparison_report *c)
{
    static const char *const names[2] = { "before", "after" };
    char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];

    out_puts(o, "measure,from,to,months,months_covered,total,estimate,low,high,level,method,"
                "breaks\n");
    for (int i = 0; i < 2; i++) {
        sc_month_format(c->p[i]->from, a, sizeof a);
        sc_month_format(c->p[i]->to, b, sizeof b);
        out_printf(o, "%s,%s,%s,%zu,%zu,%" PRIu64 ",", names[i], a, b, c->p[i]->months,
                   c->p[i]->months_covered, c->p[i]->total);
        csv_interval(o, &c->p[i]->mean);
        out_putc(o, ',');
        csv_breaks(o, &c->pb[i]);
        out_putc(o, '\n');
    }
    sc_month_format(c->p[0]->from, a, sizeof a);
    sc_month_format(c->p[1]->to, b, sizeof b);
    for (int i = 0; i < 2; i++) {
        out_printf(o, "%s,%s,%s,,,,", i == 0 ? "ratio" : "difference", a, b);
        csv_interval(o, i == 0 ? &c->ratio : &c->diff);
        out_putc(o, ',');
        csv_breaks(o, &c->all);
        out_putc(o, '\n');
    }
}

void compare_print_json(out *o, const comparison_report *c)
{
    static const char *const names[2] = { "before", "after" };
    char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];

    out_puts(o, "{\n  \"category\": ");
    if (c->category != NULL)
        json_string(o, c->category);
    else
        out_puts(o, "null");
    out_puts(o, ",\n  \"areas\": [");
    for (size_t i = 0; i < c->nareas; i++) {
        if (i > 0)
            out_puts(o, ", ");
        json_string(o, c->areas[i]);
    }
    out_puts(o, "],\n  \"source\": ");
    json_string(o, c->source);
    for (int i = 0; i < 2; i++) {
        sc_month_format(c->p[i]->from, a, sizeof a);
        sc_month_format(c->p[i]->to, b, sizeof b);
        out_printf(o, ",\n  \"%s\": {\"from\": \"%s\", \"to\": \"%s\", \"months\": %zu, "
                      "\"months_covered\": %zu, \"total\": %" PRIu64 ", \"mean\": ",
                   names[i], a, b, c->p[i]->months, c->p[i]->months_covered, c->p[i]->total);
        json_interval(o, &c->p[i]->mean, &c->pb[i]);
        out_putc(o, '}');
    }
    out_puts(o, ",\n  \"ratio\": ");
    json_interval(o, &c->ratio, &c->all);
    out_puts(o, ",\n  \"difference\": ");
    json_interval(o, &c->diff, &c->all);
    out_puts(o, ",\n  \"breaks\": ");
    json_breaks(o, &c->all);
    out_puts(o, ",\n  \"break_details\": [");
    for (size_t i = 0; i < c->all.n; i++) {
        const sc_break *brk = c->all.items[i];
        sc_month_format(brk->month, a, sizeof a);
        out_puts(o, i > 0 ? ",\n    {\"id\": " : "\n    {\"id\": ");
        json_string(o, brk->id);
        out_printf(o, ", \"month\": \"%s\", \"title\": ", a);
        json_string(o, brk->title);
        out_puts(o, ", \"source\": ");
        json_string(o, brk->source);
        out_putc(o, '}');
    }
    out_puts(o, c->all.n > 0 ? "\n  ]\n}\n" : "]\n}\n");
}

void compare_print_table(out *o, const comparison_report *c)
{
    static const char *const names[2] = { "Before", "After" };
    char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE], x[NUM_BUFSIZE], y[NUM_BUFSIZE],
        z[NUM_BUFSIZE], lv[NUM_BUFSIZE], period[32], interval[2 * NUM_BUFSIZE + 8];

    out_puts(o, "Category: ");
    out_text(o, c->category != NULL ? c->category : "all categories");
    out_puts(o, "; areas: ");
    if (c->nareas == 0)
        out_puts(o, "all");
    for (size_t i = 0; i < c->nareas; i++) {
        if (i > 0)
            out_puts(o, ", ");
        out_text(o, c->areas[i]);
    }
    out_puts(o, "; source: ");
    out_text(o, c->source);
    level_text(lv, c->ratio.level);
    out_printf(o, "\n\nPeriod  Months            With data   Total  Mean per month  %s interval\n",
               lv);
    out_puts(o, "------  ----------------  ---------  ------  --------------  "
                "-------------------\n");
    for (int i = 0; i < 2; i++) {
        sc_month_format(c->p[i]->from, a, sizeof a);
        sc_month_format(c->p[i]->to, b, sizeof b);
        snprintf(period, sizeof period, "%s..%s", a, b);
        snprintf(interval, sizeof interval, "%s to %s", fixed_text(x, c->p[i]->mean.low, 1),
                 fixed_text(y, c->p[i]->mean.high, 1));
        out_printf(o, "%-6s  %-16s  %9zu  %6" PRIu64 "  %14s  %s\n", names[i], period,
                   c->p[i]->months_covered, c->p[i]->total,
                   fixed_text(z, c->p[i]->mean.estimate, 1), interval);
    }
    out_printf(o, "\nRatio after/before:    %s (%s interval %s to %s, %s)\n",
               fixed_text(x, c->ratio.estimate, 4), lv, fixed_text(y, c->ratio.low, 4),
               fixed_text(z, c->ratio.high, 4), sc_method_name(c->ratio.method));
    out_printf(o, "Difference per month:  %s%s (%s interval %s to %s, %s)\n",
               c->diff.estimate > 0 ? "+" : "", fixed_text(x, c->diff.estimate, 1), lv,
               fixed_text(y, c->diff.low, 1), fixed_text(z, c->diff.high, 1),
               sc_method_name(c->diff.method));
    if (c->all.n == 0)
        out_puts(o, "Counting-rule breaks:  none\n");
    for (size_t i = 0; i < c->all.n; i++) {
        sc_month_format(c->all.items[i]->month, a, sizeof a);
        out_puts(o, i == 0 ? "Counting-rule breaks:  " : "                       ");
        out_text(o, c->all.items[i]->id);
        out_printf(o, " (%s): ", a);
        out_text(o, c->all.items[i]->title);
        out_putc(o, '\n');
    }
}

