/*
 * stalkcase - the command-line tool of libstalkcase.
 *
 *   stalkcase --help | --version
 *   stalkcase COMMAND [OPTIONS] [ARGUMENTS]
 *
 * Each command is one entry of the `commands` table below and one function `cmd_NAME(argc,
 * argv)`, which receives the arguments from the command's name on, parses them with
 * getopt_long and returns the exit status:
 *   0  success;
 *   1  bad input or a failure while working (unreadable or invalid file, write error);
 *   2  bad usage (unknown option, missing or extra argument, invalid option value).
 * Errors go to standard error as "stalkcase: MESSAGE"; input errors carry the library's
 * location, "stalkcase: FILE:LINE:COLUMN: MESSAGE". Everything written to standard output is
 * checked, so a full disk or a closed pipe is an error (exit 1), never a silent success.
 *
 * Text that comes from the input (area and category names, file names) is untrusted: the
 * csv and json formats escape it as their standards say, and text meant for a terminal (the
 * table format, messages) shows control characters as '?'.
 */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/stalkcase.h>

#include "sample.h"

#define PROGRAM "stalkcase"

/** Exit statuses. */
enum {
    EXIT_OK = 0,     /**< success */
    EXIT_INPUT = 1,  /**< bad input, or a failure while working (including write errors) */
    EXIT_USAGE = 2   /**< bad usage */
};

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* ------------------------------------------------------------------------------------------ */
/* Output with error tracking                                                                  */

/**
 * A stream that remembers its first write error. Writes after a failure are skipped; the
 * error is reported once, by out_finish.
 */
typedef struct out {
    FILE *fp;   /**< the stream (not owned) */
    int err;    /**< errno of the first failure, or 0 while every write succeeded */
} out;

static void out_fail(out *o)
{
    if (o->err == 0)
        o->err = errno != 0 ? errno : EIO;
}

static void out_write(out *o, const char *s, size_t n)
{
    if (o->err != 0 || n == 0)
        return;
    errno = 0;
    if (fwrite(s, 1, n, o->fp) != n)
        out_fail(o);
}

static void out_puts(out *o, const char *s)
{
    out_write(o, s, strlen(s));
}

static void out_putc(out *o, char c)
{
    out_write(o, &c, 1);
}

static void out_printf(out *o, const char *fmt, ...) CLI_PRINTF(2, 3);

static void out_printf(out *o, const char *fmt, ...)
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
static void out_pad(out *o, size_t n)
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
static void out_text(out *o, const char *s)
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
static int out_finish(out *o, const char *what, int status)
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
static size_t text_width(const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

/** ASCII-case-insensitive equality. */
static int ascii_equal(const char *a, const char *b)
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
static void message(const char *fmt, ...) CLI_PRINTF(1, 2);

static void message(const char *fmt, ...)
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
static int usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);

static int usage_error(const char *command, const char *fmt, ...)
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
static int option_error(const char *command, int c, char **argv)
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
static void library_error(int rc, const sc_error *e)
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

/* ------------------------------------------------------------------------------------------ */
/* Input                                                                                       */

/** Source name used for the bundled sample. */
#define SAMPLE_SOURCE "built-in sample"
/** Source name used for standard input. */
#define STDIN_SOURCE "<stdin>"

/**
 * Reads a Met ward-level CSV: the bundled sample when file is NULL, standard input when it is
 * "-", else the file at that path.
 * @param out receives the table (the caller frees it with sc_counts_free).
 * @param source receives the name used in messages (static or file; not to be freed).
 * @return EXIT_OK, or EXIT_INPUT after reporting the error.
 */
static int load_counts(sc_counts **out_counts, const char **source, const char *file)
{
    sc_error err;
    int rc;

    sc_error_clear(&err);
    if (file == NULL) {
        *source = SAMPLE_SOURCE;
        rc = sc_mps_read_buffer(out_counts, sc_sample_csv, sc_sample_csv_size, SAMPLE_SOURCE,
                                NULL, &err);
    } else if (strcmp(file, "-") == 0) {
        *source = STDIN_SOURCE;
        rc = sc_mps_read_file(out_counts, stdin, STDIN_SOURCE, NULL, &err);
    } else {
        *source = file;
        rc = sc_mps_read_path(out_counts, file, NULL, &err);
    }
    if (rc != SC_OK) {
        *out_counts = NULL;
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Grouped totals and their output formats                                                     */

/** How a grouping is named on the command line and in each output format. */
typedef struct group_spec {
    const char *name;         /**< value of --by */
    sc_group group;           /**< the library's grouping */
    size_t nkeys;             /**< number of text columns before the count */
    const char *keys[3];      /**< csv header names and json keys */
    const char *titles[3];    /**< table column titles */
    const char *plural;       /**< what a row is, in the plural ("months") */
} group_spec;

static const group_spec group_specs[] = {
    { "month", SC_GROUP_MONTH, 1, { "month" }, { "Month" }, "months" },
    { "borough", SC_GROUP_BOROUGH, 1, { "borough" }, { "Borough" }, "boroughs" },
    { "ward", SC_GROUP_WARD, 3, { "ward_code", "ward_name", "borough" },
      { "Ward code", "Ward", "Borough" }, "wards" },
    { "category", SC_GROUP_CATEGORY, 2, { "major", "minor" },
      { "Major category", "Minor category" }, "categories" },
};

#define COUNT_KEY "count"
#define COUNT_TITLE "Count"

/** What the formatters print. */
typedef struct report {
    const group_spec *spec;   /**< the grouping */
    const sc_totals *totals;  /**< all rows */
    size_t shown;             /**< rows printed: the first `shown` of totals (--top) */
    const char *category;     /**< the category filter, NULL for all */
    const char *source;       /**< the input's name */
    sc_month first, last;     /**< the months the figures span, or SC_MONTH_NONE */
} report;

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
        fields[0] = cell->major;
        fields[1] = cell->minor;
        break;
    }
    for (size_t k = 0; k < r->spec->nkeys; k++)
        if (fields[k] == NULL)
            fields[k] = "";
}

/** Writes a CSV field, quoted as RFC 4180 says when it holds a comma, quote, CR or LF. */
static void csv_field(out *o, const char *s)
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

static void print_csv(out *o, const report *r)
{
    const group_spec *spec = r->spec;

    for (size_t k = 0; k < spec->nkeys; k++) {
        out_puts(o, spec->keys[k]);
        out_putc(o, ',');
    }
    out_puts(o, COUNT_KEY "\n");
    for (size_t i = 0; i < r->shown; i++) {
        const sc_cell *cell = sc_totals_get(r->totals, i);
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, cell, fields, monthbuf);
        for (size_t k = 0; k < spec->nkeys; k++) {
            csv_field(o, fields[k]);
            out_putc(o, ',');
        }
        out_printf(o, "%" PRIu64 "\n", cell->count);
    }
}

/** Writes a JSON string (RFC 8259): quotes and backslashes escaped, control chars as \u00XX. */
static void json_string(out *o, const char *s)
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

static void print_json(out *o, const report *r)
{
    const group_spec *spec = r->spec;

    if (r->shown == 0) {
        out_puts(o, "[]\n");
        return;
    }
    out_puts(o, "[\n");
    for (size_t i = 0; i < r->shown; i++) {
        const sc_cell *cell = sc_totals_get(r->totals, i);
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, cell, fields, monthbuf);
        out_puts(o, "  {");
        for (size_t k = 0; k < spec->nkeys; k++) {
            json_string(o, spec->keys[k]);
            out_puts(o, ": ");
            json_string(o, fields[k]);
            out_puts(o, ", ");
        }
        out_printf(o, "\"" COUNT_KEY "\": %" PRIu64 "}%s\n", cell->count,
                   i + 1 < r->shown ? "," : "");
    }
    out_puts(o, "]\n");
}

static size_t digits(uint64_t n)
{
    size_t d = 1;

    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static size_t max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

/** Writes one table line: text columns left-aligned, then the count right-aligned. */
static void table_line(out *o, size_t nkeys, const char *const *texts, const size_t *widths,
                       const char *count, size_t count_width)
{
    for (size_t k = 0; k < nkeys; k++) {
        out_text(o, texts[k]);
        out_pad(o, widths[k] - text_width(texts[k]) + 2);
    }
    out_pad(o, count_width - text_width(count));
    out_puts(o, count);
    out_putc(o, '\n');
}

/** Writes a line of dashes under each column. */
static void table_rule(out *o, size_t nkeys, const size_t *widths, size_t count_width)
{
    for (size_t k = 0; k <= nkeys; k++) {
        size_t w = k < nkeys ? widths[k] : count_width;
        for (size_t i = 0; i < w; i++)
            out_putc(o, '-');
        out_puts(o, k < nkeys ? "  " : "\n");
    }
}

/** Writes a total line: a label spanning the text columns, then the count. */
static void table_total(out *o, const char *label, size_t span, uint64_t n, size_t count_width)
{
    out_puts(o, label);
    out_pad(o, span - strlen(label) + 2 + count_width - digits(n));
    out_printf(o, "%" PRIu64 "\n", n);
}

static void print_table(out *o, const report *r)
{
    const group_spec *spec = r->spec;
    size_t widths[3] = { 0, 0, 0 };
    size_t count_width = strlen(COUNT_TITLE);
    size_t span;
    uint64_t shown_sum = 0, sum = sc_totals_sum(r->totals);
    char shown_label[96];
    char first[SC_MONTH_BUFSIZE], last[SC_MONTH_BUFSIZE];
    const int truncated = r->shown < sc_totals_size(r->totals);

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

    /* Column widths. */
    for (size_t k = 0; k < spec->nkeys; k++)
        widths[k] = text_width(spec->titles[k]);
    for (size_t i = 0; i < r->shown; i++) {
        const sc_cell *cell = sc_totals_get(r->totals, i);
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];

        row_fields(r, cell, fields, monthbuf);
        for (size_t k = 0; k < spec->nkeys; k++)
            widths[k] = max_size(widths[k], text_width(fields[k]));
        count_width = max_size(count_width, digits(cell->count));
        shown_sum += cell->count;
    }
    count_width = max_size(count_width, digits(sum));
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
    table_line(o, spec->nkeys, spec->titles, widths, COUNT_TITLE, count_width);
    table_rule(o, spec->nkeys, widths, count_width);
    for (size_t i = 0; i < r->shown; i++) {
        const sc_cell *cell = sc_totals_get(r->totals, i);
        const char *fields[3] = { NULL, NULL, NULL };
        char monthbuf[SC_MONTH_BUFSIZE];
        char count[24];

        row_fields(r, cell, fields, monthbuf);
        snprintf(count, sizeof count, "%" PRIu64, cell->count);
        table_line(o, spec->nkeys, fields, widths, count, count_width);
    }
    table_rule(o, spec->nkeys, widths, count_width);
    if (truncated)
        table_total(o, shown_label, span, shown_sum, count_width);
    table_total(o, "Total", span, sum, count_width);
}

/** An output format: its --format name and its printer. */
typedef struct format_spec {
    const char *name;
    void (*print)(out *o, const report *r);
} format_spec;

static const format_spec format_specs[] = {
    { "table", print_table },
    { "csv", print_csv },
    { "json", print_json },
};

/* ------------------------------------------------------------------------------------------ */
/* Option values                                                                               */

/** Parses --from/--to. @return EXIT_OK or EXIT_USAGE after reporting. */
static int parse_month_option(sc_month *out_month, const char *command, const char *option,
                              const char *text)
{
    if (sc_month_parse(out_month, text, NULL) != SC_OK)
        return usage_error(command, "%s: invalid month '%s' (expected YYYY-MM, e.g. 2024-01)",
                           option, text);
    return EXIT_OK;
}

/** Parses --top: a positive whole number (digits only); huge values saturate. */
static int parse_top(size_t *out_n, const char *command, const char *text)
{
    size_t n = 0;

    if (*text == '\0')
        return usage_error(command, "--top: expected a positive whole number, got ''");
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return usage_error(command, "--top: expected a positive whole number, got '%s'",
                               text);
        size_t d = (size_t)(*p - '0');
        n = n > (SIZE_MAX - d) / 10 ? SIZE_MAX : n * 10 + d;
    }
    if (n == 0)
        return usage_error(command, "--top: expected a positive whole number, got '%s'", text);
    *out_n = n;
    return EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* stalkcase stats                                                                             */

#define DEFAULT_CATEGORY "STALKING AND HARASSMENT"

static const char stats_usage[] =
    "Usage: " PROGRAM " stats [OPTIONS] [FILE]\n"
    "\n"
    "Counts recorded crimes in a Metropolitan Police ward-level CSV (\"MPS Ward Level Crime\"),\n"
    "grouped by month, borough, ward or category.\n"
    "\n"
    "FILE is the CSV to read; '-' reads standard input. Without FILE the built-in sample is\n"
    "read (synthetic data: invented wards, boroughs and counts, not police data).\n"
    "\n"
    "Options:\n"
    "  --category TEXT   count the category whose minor or major text is TEXT (case does not\n"
    "                    matter); 'all' counts every category\n"
    "                    (default: '" DEFAULT_CATEGORY "')\n"
    "  --from YYYY-MM    first month counted (default: the file's first month)\n"
    "  --to YYYY-MM      last month counted (default: the file's last month)\n"
    "  --by GROUP        month, borough, ward or category (default: month)\n"
    "  --top N           print only the first N rows (the largest groups; with --by month,\n"
    "                    the first N months)\n"
    "  --format FORMAT   table (default), csv or json\n"
    "  -h, --help        print this help and exit\n"
    "\n"
    "Output: csv and json rows have these fields:\n"
    "  --by month     month,count                          (months in order)\n"
    "  --by borough   borough,count                        (largest count first)\n"
    "  --by ward      ward_code,ward_name,borough,count    (largest count first)\n"
    "  --by category  major,minor,count                    (largest count first)\n"
    "Ties are ordered by name. With --by month every month the file covers is listed, also\n"
    "when its count is 0.\n"
    "\n"
    "Exit status: 0 on success, 1 on bad input or a write error, 2 on bad usage.\n";

enum {
    OPT_HELP = 256,
    OPT_CATEGORY,
    OPT_FROM,
    OPT_TO,
    OPT_BY,
    OPT_TOP,
    OPT_FORMAT
};

/** The parsed options of `stats`. */
typedef struct stats_options {
    const char *category;        /**< filter text, NULL for all categories */
    int category_given;          /**< --category was on the command line */
    sc_month from, to;           /**< SC_MONTH_NONE when not given */
    const group_spec *by;
    size_t top;                  /**< 0 for every row */
    const format_spec *format;
    const char *file;            /**< NULL for the bundled sample */
    int help;
} stats_options;

/** Parses the arguments of `stats`. @return EXIT_OK or EXIT_USAGE after reporting. */
static int stats_parse(stats_options *opt, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "category", required_argument, NULL, OPT_CATEGORY },
        { "from", required_argument, NULL, OPT_FROM },
        { "to", required_argument, NULL, OPT_TO },
        { "by", required_argument, NULL, OPT_BY },
        { "top", required_argument, NULL, OPT_TOP },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    const char *cmd = argv[0];
    int c, status;

    opt->category = DEFAULT_CATEGORY;
    opt->category_given = 0;
    opt->from = SC_MONTH_NONE;
    opt->to = SC_MONTH_NONE;
    opt->by = &group_specs[0];
    opt->top = 0;
    opt->format = &format_specs[0];
    opt->file = NULL;
    opt->help = 0;

    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case OPT_HELP:
            opt->help = 1;
            return EXIT_OK;
        case OPT_CATEGORY:
            if (optarg[0] == '\0')
                return usage_error(cmd, "--category: expected a category text or 'all'");
            if (strncmp(optarg, "--", 2) == 0)
                return usage_error(cmd, "--category: expected a category text, got the option "
                                        "'%s' (is the value missing?)", optarg);
            opt->category = ascii_equal(optarg, "all") ? NULL : optarg;
            opt->category_given = 1;
            break;
        case OPT_FROM:
            if ((status = parse_month_option(&opt->from, cmd, "--from", optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_TO:
            if ((status = parse_month_option(&opt->to, cmd, "--to", optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_BY: {
            size_t i;
            for (i = 0; i < sizeof group_specs / sizeof group_specs[0]; i++)
                if (strcmp(optarg, group_specs[i].name) == 0)
                    break;
            if (i == sizeof group_specs / sizeof group_specs[0])
                return usage_error(cmd, "--by: unknown grouping '%s' (expected month, borough, "
                                        "ward or category)", optarg);
            opt->by = &group_specs[i];
            break;
        }
        case OPT_TOP:
            if ((status = parse_top(&opt->top, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_FORMAT: {
            size_t i;
            for (i = 0; i < sizeof format_specs / sizeof format_specs[0]; i++)
                if (strcmp(optarg, format_specs[i].name) == 0)
                    break;
            if (i == sizeof format_specs / sizeof format_specs[0])
                return usage_error(cmd, "--format: unknown format '%s' (expected table, csv "
                                        "or json)", optarg);
            opt->format = &format_specs[i];
            break;
        }
        default:
            return option_error(cmd, c, argv);
        }
    }
    if (argc - optind > 1)
        return usage_error(cmd, "too many arguments: expected at most one FILE, got '%s' "
                                "after '%s'", argv[optind + 1], argv[optind]);
    if (argc - optind == 1)
        opt->file = argv[optind];
    if (opt->from != SC_MONTH_NONE && opt->to != SC_MONTH_NONE && opt->from > opt->to) {
        char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];
        sc_month_format(opt->from, a, sizeof a);
        sc_month_format(opt->to, b, sizeof b);
        return usage_error(cmd, "--from %s is after --to %s", a, b);
    }
    return EXIT_OK;
}

/**
 * The covered months inside [from, to] (either end SC_MONTH_NONE for open): sets *first and
 * *last to the first and last of them, or both to SC_MONTH_NONE when there is none.
 */
static void covered_span(const sc_counts *c, sc_month from, sc_month to, sc_month *first,
                         sc_month *last)
{
    sc_month lo, hi;

    *first = *last = SC_MONTH_NONE;
    if (sc_counts_coverage(c, &lo, &hi) != SC_OK)
        return;
    if (from != SC_MONTH_NONE && from > lo)
        lo = from;
    if (to != SC_MONTH_NONE && to < hi)
        hi = to;
    for (sc_month m = lo; m <= hi; m++)
        if (sc_counts_covers(c, m)) {
            *first = m;
            break;
        }
    for (sc_month m = hi; *first != SC_MONTH_NONE && m >= *first; m--)
        if (sc_counts_covers(c, m)) {
            *last = m;
            break;
        }
}

/**
 * Notes on standard error what the figures do not show: that they come from the synthetic
 * sample; months asked for that the input does not cover (unknown, not zero); and a category
 * that the input does not carry or records only as zero. A category given with --category that
 * matches nothing is an error: a mistyped category must not read as zero offences.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int stats_notes(const sc_counts *c, const stats_options *opt, const report *r)
{
    sc_month lo, hi;
    char a[SC_MONTH_BUFSIZE] = "", b[SC_MONTH_BUFSIZE] = "";

    if (opt->file == NULL)
        message("note: no FILE given: these figures come from the built-in sample, which is "
                "synthetic (invented wards and counts), not police data");
    if (opt->category != NULL && !sc_counts_has_category(c, opt->category)) {
        if (opt->category_given) {
            message("%s has no category '%s' (list the categories with "
                    "'--category all --by category')", r->source, opt->category);
            return EXIT_INPUT;
        }
        message("note: %s has no rows of category '%s' (releases before 2024 do not carry it); "
                "its counts below are zero", r->source, opt->category);
    }
    if (sc_counts_coverage(c, &lo, &hi) != SC_OK) {
        message("note: %s covers no month", r->source);
        return EXIT_OK;
    }
    sc_month_format(lo, a, sizeof a);
    sc_month_format(hi, b, sizeof b);
    if ((opt->from != SC_MONTH_NONE && opt->from < lo) || (opt->to != SC_MONTH_NONE && opt->to > hi))
        message("note: %s covers %s to %s; months outside that are unknown, not zero, and are "
                "left out", r->source, a, b);
    if (r->first != SC_MONTH_NONE) {
        size_t gaps = 0;
        sc_month first_gap = SC_MONTH_NONE;
        for (sc_month m = r->first; m <= r->last; m++) {
            if (!sc_counts_covers(c, m)) {
                if (gaps++ == 0)
                    first_gap = m;
            }
        }
        if (gaps > 0) {
            sc_month_format(first_gap, a, sizeof a);
            message("note: %s has no column for %zu month(s) in the range (the first is %s); "
                    "they are unknown, not zero, and are left out", r->source, gaps, a);
        }
    }
    if (opt->category != NULL && r->first != SC_MONTH_NONE && sc_totals_sum(r->totals) == 0 &&
        sc_counts_has_category(c, opt->category))
        message("note: category '%s' is in %s but every count in the range is zero",
                opt->category, r->source);
    return EXIT_OK;
}

static int cmd_stats(int argc, char **argv)
{
    stats_options opt;
    sc_counts *counts = NULL;
    sc_totals *totals = NULL;
    sc_counts_filter filter = SC_COUNTS_FILTER_INIT;
    sc_error err;
    report r;
    out o = { stdout, 0 };
    int status, rc;

    status = stats_parse(&opt, argc, argv);
    if (status != EXIT_OK)
        return status;
    if (opt.help) {
        out_puts(&o, stats_usage);
        return out_finish(&o, "standard output", EXIT_OK);
    }

    memset(&r, 0, sizeof r);
    status = load_counts(&counts, &r.source, opt.file);
    if (status != EXIT_OK)
        return status;

    filter.from = opt.from;
    filter.to = opt.to;
    filter.category = opt.category;
    sc_error_clear(&err);
    rc = sc_counts_totals(&totals, counts, opt.by->group, &filter, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        sc_counts_free(counts);
        return EXIT_INPUT;
    }

    r.spec = opt.by;
    r.totals = totals;
    r.shown = sc_totals_size(totals);
    if (opt.top != 0 && opt.top < r.shown)
        r.shown = opt.top;
    r.category = opt.category;
    covered_span(counts, opt.from, opt.to, &r.first, &r.last);

    status = stats_notes(counts, &opt, &r);
    if (status == EXIT_OK) {
        opt.format->print(&o, &r);
        status = out_finish(&o, "standard output", EXIT_OK);
    }
    sc_totals_free(totals);
    sc_counts_free(counts);
    return status;
}

/* ------------------------------------------------------------------------------------------ */
/* validate and convert: casebook XML files                                                    */

/** Prints one sc_casebook_check problem of the file in payload. */
static int print_problem(const sc_problem *p, void *payload)
{
    message("%s: %s", (const char *)payload, p->message);
    return 0;
}

static const char validate_usage[] =
    "Usage: " PROGRAM " validate FILE...\n"
    "\n"
    "Checks casebook XML files (plain or gzip): well-formedness, the libstalkcase schema and\n"
    "the casebook's integrity (unique ids, victims referred to exist, required fields, date\n"
    "order). Each problem is printed to standard error with its location; each valid file is\n"
    "listed on standard output as \"FILE: valid\".\n"
    "Exit status: 0 when every file is valid, 1 when any is not, 2 on bad usage.\n";

static int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    out o = { stdout, 0 };
    int c, bad = 0;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c != 'h')
            return option_error("validate", c, argv);
        out_puts(&o, validate_usage);
        return out_finish(&o, "standard output", EXIT_OK);
    }
    if (optind >= argc)
        return usage_error("validate", "missing FILE");
    for (int i = optind; i < argc; i++) {
        sc_xml_input in = SC_XML_INPUT_INIT;
        sc_xml_read_options ro = SC_XML_READ_OPTIONS_INIT;
        sc_casebook *cb = NULL;
        sc_error err;
        int rc;

        in.path = argv[i];
        ro.check = 0; /* every problem is listed below, not only the first */
        sc_error_clear(&err);
        rc = sc_xml_load(&cb, &in, &ro, &err);
        if (rc != SC_OK) {
            library_error(rc, &err);
            bad = 1;
            continue;
        }
        rc = sc_casebook_check(cb, print_problem, argv[i], NULL);
        if (rc != SC_OK) {
            if (rc != SC_EDATA)
                message("%s: %s", argv[i], sc_strerror(rc));
            bad = 1;
        } else {
            out_printf(&o, "%s: valid\n", argv[i]);
        }
        sc_casebook_free(cb);
    }
    return out_finish(&o, "standard output", bad ? EXIT_INPUT : EXIT_OK);
}

static const char convert_usage[] =
    "Usage: " PROGRAM " convert [--gzip] [--level N] IN OUT\n"
    "\n"
    "Reads the casebook IN (XML, plain or gzip, recognised by content), checks it as\n"
    "'validate' does, and writes it to OUT: gzip-compressed with --gzip or when OUT ends in\n"
    "\".gz\", plain XML otherwise. OUT is replaced atomically: on any error it is untouched.\n"
    "\n"
    "Options:\n"
    "  -z, --gzip       compress the output with gzip\n"
    "  -l, --level N    gzip level, 1 (fastest) to 9 (smallest); default 6\n"
    "  -h, --help       print this help and exit\n";

static int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = { { "gzip", no_argument, NULL, 'z' },
                                              { "level", required_argument, NULL, 'l' },
                                              { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    sc_xml_write_options wo = SC_XML_WRITE_OPTIONS_INIT;
    sc_xml_input in = SC_XML_INPUT_INIT;
    sc_casebook *cb = NULL;
    sc_error err;
    out o = { stdout, 0 };
    int c, rc, gzip = 0;
    size_t len;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":zl:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'z':
            gzip = 1;
            break;
        case 'l':
            if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '9')
                return usage_error("convert", "--level must be 1 to 9, not '%s'", optarg);
            wo.level = optarg[0] - '0';
            break;
        case 'h':
            out_puts(&o, convert_usage);
            return out_finish(&o, "standard output", EXIT_OK);
        default:
            return option_error("convert", c, argv);
        }
    }
    if (argc - optind != 2)
        return usage_error("convert", "expected IN and OUT");
    len = strlen(argv[optind + 1]);
    wo.gzip = gzip || (len > 3 && strcmp(argv[optind + 1] + len - 3, ".gz") == 0);
    in.path = argv[optind];
    sc_error_clear(&err);
    rc = sc_xml_load(&cb, &in, NULL, &err);
    if (rc == SC_OK) {
        sc_error_clear(&err);
        rc = sc_xml_write_path(cb, argv[optind + 1], &wo, &err);
    }
    sc_casebook_free(cb);
    if (rc != SC_OK) {
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Commands and main                                                                           */

/** A command: its name, its function (argv[0] is the command's name) and a one-line summary. */
typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    { "stats", cmd_stats, "count crimes in a Met ward-level CSV by month, borough, ward or "
                          "category" },
    { "validate", cmd_validate, "check casebook XML files against the schema and for "
                                "integrity" },
    { "convert", cmd_convert, "convert a casebook between XML and XML.gz" },
};

static int print_main_usage(void)
{
    out o = { stdout, 0 };

    out_puts(&o, "Usage: " PROGRAM " COMMAND [OPTIONS] [ARGUMENTS]\n"
                 "       " PROGRAM " --help | --version\n"
                 "\n"
                 "Statistics on stalking and harassment from public police data.\n"
                 "\n"
                 "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        out_printf(&o, "  %-10s %s\n", commands[i].name, commands[i].summary);
    out_puts(&o, "\n"
                 "Options:\n"
                 "  -h, --help     print this help and exit\n"
                 "  -V, --version  print the versions of the program and library and exit\n"
                 "\n"
                 "Run '" PROGRAM " COMMAND --help' for a command's options.\n"
                 "Exit status: 0 on success, 1 on bad input or a write error, 2 on bad usage.\n");
    return out_finish(&o, "standard output", EXIT_OK);
}

static int print_version(void)
{
    out o = { stdout, 0 };

    out_printf(&o, "%s %s (libstalkcase %s)\n", PROGRAM, SC_VERSION_STRING, sc_version());
    return out_finish(&o, "standard output", EXIT_OK);
}

int main(int argc, char **argv)
{
    enum { OPT_MAIN_HELP = 256, OPT_MAIN_VERSION };
    static const struct option longopts[] = {
        { "help", no_argument, NULL, OPT_MAIN_HELP },
        { "version", no_argument, NULL, OPT_MAIN_VERSION },
        { NULL, 0, NULL, 0 }
    };
    int c;

    opterr = 0;
    /* '+': stop at the command's name; its options are parsed by the command. */
    while ((c = getopt_long(argc, argv, "+:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case OPT_MAIN_HELP:
            return print_main_usage();
        case 'V':
        case OPT_MAIN_VERSION:
            return print_version();
        default:
            for (int i = optind; i < argc; i++)
                for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
                    if (strcmp(argv[i], commands[k].name) == 0)
                        return usage_error(NULL, "unknown option '%s' before the command: "
                                                 "options go after it ('" PROGRAM
                                                 " %s OPTIONS')", argv[optind - 1],
                                           commands[k].name);
            return option_error(NULL, c, argv);
        }
    }
    if (optind >= argc) {
        char names[256] = "";
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i > 0 ? ", " : "",
                     commands[i].name);
        }
        return usage_error(NULL, "missing command (one of: %s)", names);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[optind], commands[i].name) == 0) {
            int first = optind;
            optind = 0; /* restart getopt_long for the command (glibc, musl and BSD) */
            return commands[i].run(argc - first, argv + first);
        }
    }
    return usage_error(NULL, "unknown command '%s'", argv[optind]);
}
