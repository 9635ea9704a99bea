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

#define _POSIX_C_SOURCE 200809L /* fseeko, ftello */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <stalkcase/stalkcase.h>

#include "cli_output.h"
#include "sample.h"

/* ------------------------------------------------------------------------------------------ */
/* Input                                                                                       */

/** Source name used for the bundled sample. */
#define SAMPLE_SOURCE "built-in sample"
/** Source name used for standard input. */
#define STDIN_SOURCE "<stdin>"

/** What an input file holds, recognised by content (sniff_kind). */
enum { KIND_CSV = 0, KIND_CASEBOOK = 1 };

/** Bytes looked at to recognise an input. */
#define SNIFF_SIZE 256

/**
 * Recognises a casebook by its first bytes: the gzip magic (1f 8b); '<' after an optional
 * UTF-8 byte-order mark and white space; UTF-16 text starting with '<' (with or without a
 * byte-order mark). Anything else is read as Met CSV (whose reader names what it finds).
 */
static int sniff_kind(const unsigned char *p, size_t n)
{
    size_t i = 0;

    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return KIND_CASEBOOK;
    if (n >= 4 && ((p[0] == 0xff && p[1] == 0xfe && p[2] == '<' && p[3] == 0)
                   || (p[0] == 0xfe && p[1] == 0xff && p[2] == 0 && p[3] == '<')))
        return KIND_CASEBOOK;
    if (n >= 2 && ((p[0] == '<' && p[1] == 0) || (p[0] == 0 && p[1] == '<')))
        return KIND_CASEBOOK;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    return i < n && p[i] == '<' ? KIND_CASEBOOK : KIND_CSV;
}

/**
 * The kind of the file at path. A file that cannot be opened or read is called CSV: the CSV
 * reader then reports why it cannot be read, as it always did.
 */
static int sniff_path(const char *path)
{
    unsigned char buf[SNIFF_SIZE];
    size_t n;
    FILE *fp = fopen(path, "rb");

    if (fp == NULL)
        return KIND_CSV;
    n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    return sniff_kind(buf, n);
}

/**
 * The kind of what standard input holds, leaving it unread: a stream that can seek is read
 * and put back with fseeko; a pipe is read up to the first byte that decides (at most
 * SNIFF_SIZE bytes) and pushed back with ungetc.
 * @return the kind, or -1 after reporting when the bytes cannot be put back.
 */
static int sniff_stdin(void)
{
    unsigned char buf[SNIFF_SIZE];
    size_t n = 0;
    off_t pos = ftello(stdin);
    int c, kind;

    if (pos >= 0) {
        n = fread(buf, 1, sizeof buf, stdin);
        if (fseeko(stdin, pos, SEEK_SET) == 0) {
            clearerr(stdin);
            return sniff_kind(buf, n);
        }
        /* read but cannot seek back: fall through to push the bytes back */
    } else {
        /* At least 4 bytes (gzip, UTF-16), then on while only a byte-order mark and white
         * space have been seen. */
        while (n < sizeof buf && (c = getc(stdin)) != EOF) {
            size_t i = n >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf ? 3 : 0;
            buf[n++] = (unsigned char)c;
            while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
                i++;
            if (n >= 4 && i < n)
                break;
        }
    }
    kind = sniff_kind(buf, n);
    clearerr(stdin);
    while (n > 0)
        if (ungetc(buf[--n], stdin) == EOF) {
            message("%s: cannot put back the bytes read to recognise the input; give a file "
                    "name instead of '-'", STDIN_SOURCE);
            return -1;
        }
    return kind;
}

/** What count_report needs: the two tables a casebook is counted into, and the first error
 * (the callback's own, since the reader replaces err when a callback stops it). */
typedef struct casebook_tables {
    sc_counts *counts, *cyber;
    sc_error *err;
} casebook_tables;

/** sc_xml_stream callback: counts the report in both tables (the reader has refused a report
 * id seen before: unique_ids; the report is freed after). */
static int count_report(const sc_report *r, void *payload)
{
    casebook_tables *t = payload;
    int rc = sc_report_count(r, t->counts, t->err);
    if (rc == SC_OK)
        rc = sc_report_count_cyber(r, t->cyber, t->err);
    return rc;
}

/** Whether err is the reader's unique_ids refusal (its message is documented in xml.h:
 * `report id "ID" is used again (...)`, likewise for victims). */
static int is_repeated_id(const sc_error *err)
{
    return (strncmp(err->message, "report id \"", 11) == 0 ||
            strncmp(err->message, "victim id \"", 11) == 0) &&
           strstr(err->message, "\" is used again (") != NULL;
}

/**
 * Reads a casebook (XML or XML.gz) with the streaming reader, counting each report as it is
 * read (sc_report_count, sc_report_count_cyber), so the records are not kept: memory grows
 * only with the ids seen, which the reader keeps (unique_ids) to refuse a victim or report id
 * used twice. The other integrity checks of sc_casebook_check (victim references, incident order) are left to
 * validate. A casebook records every report of the period it spans, so the months from its
 * first to its last report are covered (a month between them with no report counts 0).
 * @param cyber receives the cyber-element table when not NULL.
 * @return EXIT_OK, or EXIT_INPUT after reporting the error.
 */
static int load_casebook(sc_counts **out_counts, sc_counts **out_cyber, const char *file)
{
    sc_xml_input in = SC_XML_INPUT_INIT;
    sc_xml_read_options opts = SC_XML_READ_OPTIONS_INIT;
    casebook_tables t;
    sc_month first, last;
    sc_error err, cb_err;
    int rc;

    memset(&t, 0, sizeof t);
    sc_error_clear(&err);
    sc_error_clear(&cb_err);
    t.err = &cb_err;
    opts.unique_ids = 1;
    if (strcmp(file, "-") == 0) {
        in.file = stdin;
        in.name = STDIN_SOURCE;
    } else {
        in.path = file;
    }
    rc = sc_counts_new(&t.counts);
    if (rc == SC_OK)
        rc = sc_counts_new(&t.cyber);
    if (rc == SC_OK)
        rc = sc_xml_stream(&in, &opts, NULL, count_report, &t, &err);
    if (rc != SC_OK && cb_err.code != 0) {
        /* the callback's reason, at the reader's place (the end of the report) */
        memcpy(cb_err.source, err.source, sizeof cb_err.source);
        cb_err.line = err.line;
        cb_err.column = err.column;
        err = cb_err;
    }
    if (rc == SC_OK && sc_counts_coverage(t.counts, &first, &last) == SC_OK) {
        rc = sc_counts_cover(t.counts, first, last);
        if (rc == SC_OK)
            rc = sc_counts_cover(t.cyber, first, last);
    }
    if (rc != SC_OK) {
        sc_counts_free(t.counts);
        sc_counts_free(t.cyber);
        *out_counts = NULL;
        if (out_cyber != NULL)
            *out_cyber = NULL;
        library_error(rc, &err);
        if (rc == SC_EDATA && cb_err.code == 0 && is_repeated_id(&err))
            message("note: only repeated ids are checked here; run \"stalkcase validate\" for "
                    "the victim-reference and incident-order checks");
        return EXIT_INPUT;
    }
    *out_counts = t.counts;
    if (out_cyber != NULL)
        *out_cyber = t.cyber;
    else
        sc_counts_free(t.cyber);
    return EXIT_OK;
}

/**
 * Reads the input of stats and compare: the bundled sample (Met CSV) when file is NULL,
 * standard input when it is "-", else the file at that path. A casebook (XML or XML.gz,
 * recognised by content, see sniff_kind) is counted by report; anything else is read as a Met
 * ward-level CSV.
 * @param out_counts receives the table (the caller frees it with sc_counts_free): the CSV's
 *        counts, or the casebook's reports by (area, offence, month).
 * @param out_cyber when not NULL, receives a casebook's cyber-element table (sc_counts_free),
 *        or NULL for CSV input.
 * @param kind when not NULL, receives KIND_CSV or KIND_CASEBOOK.
 * @param source receives the name used in messages (static or file; not to be freed).
 * @return EXIT_OK, or EXIT_INPUT after reporting the error.
 */
static int load_counts(sc_counts **out_counts, sc_counts **out_cyber, int *kind,
                       const char **source, const char *file)
{
    sc_error err;
    int rc, k = KIND_CSV;

    if (out_cyber != NULL)
        *out_cyber = NULL;
    if (file != NULL) {
        k = strcmp(file, "-") == 0 ? sniff_stdin() : sniff_path(file);
        if (k < 0)
            return EXIT_INPUT;
    }
    if (kind != NULL)
        *kind = k;
    if (k == KIND_CASEBOOK) {
        *source = strcmp(file, "-") == 0 ? STDIN_SOURCE : file;
        return load_casebook(out_counts, out_cyber, file);
    }
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

/**
 * Reads the counting-rule breaks: the built-in England and Wales table, plus the breaks listed
 * in file when it is not NULL (--breaks).
 * @param out_breaks receives the table (sc_breaks_free).
 * @return EXIT_OK, or EXIT_INPUT after reporting the error.
 */
static int load_breaks(sc_breaks **out_breaks, const char *file)
{
    sc_error err;
    int rc;

    sc_error_clear(&err);
    rc = sc_breaks_new_england_wales(out_breaks);
    if (rc == SC_OK && file != NULL)
        rc = sc_breaks_read_path(*out_breaks, file, &err);
    if (rc != SC_OK) {
        sc_breaks_free(*out_breaks);
        *out_breaks = NULL;
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/**
 * Checks a category filter against the table: a category given with --category that the table
 * does not carry is an error (a mistyped category must not read as zero offences); the default
 * category missing gets a note.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int check_category(const sc_counts *c, const char *category, int given,
                          const char *source)
{
    if (category == NULL || sc_counts_has_category(c, category))
        return EXIT_OK;
    if (given) {
        message("%s has no category '%s' (list the categories with "
                "'" PROGRAM " stats --category all --by category')", source, category);
        return EXIT_INPUT;
    }
    message("note: %s has no rows of category '%s' (releases before 2024 do not carry it); "
            "its counts below are zero", source, category);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Option values                                                                               */

#define DEFAULT_CATEGORY "STALKING AND HARASSMENT"

/** Output formats (--format). */
enum { FMT_TABLE = 0, FMT_CSV = 1, FMT_JSON = 2 };

/** Parses --format. @return EXIT_OK or EXIT_USAGE after reporting. */
static int parse_format(int *fmt, const char *command, const char *text)
{
    static const char *const names[] = { "table", "csv", "json" };

    for (int i = 0; i < 3; i++)
        if (strcmp(text, names[i]) == 0) {
            *fmt = i;
            return EXIT_OK;
        }
    return usage_error(command, "--format: unknown format '%s' (expected table, csv or json)",
                       text);
}

/** Parses --category. @return EXIT_OK or EXIT_USAGE after reporting. */
static int parse_category(const char **category, const char *command, const char *text)
{
    if (text[0] == '\0')
        return usage_error(command, "--category: expected a category text or 'all'");
    if (strncmp(text, "--", 2) == 0)
        return usage_error(command, "--category: expected a category text, got the option "
                                    "'%s' (is the value missing?)", text);
    *category = ascii_equal(text, "all") ? NULL : text;
    return EXIT_OK;
}

/** Parses --from/--to. @return EXIT_OK or EXIT_USAGE after reporting. */
static int parse_month_option(sc_month *out_month, const char *command, const char *option,
                              const char *text)
{
    if (sc_month_parse(out_month, text, NULL) != SC_OK)
        return usage_error(command, "%s: invalid month '%s' (expected YYYY-MM, e.g. 2024-01)",
                           option, text);
    return EXIT_OK;
}

/**
 * Parses a whole number written with the digits 0-9 only.
 * @return 0 on success, -1 when text is empty, holds another character or exceeds max.
 */
static int parse_whole(uint64_t *out_n, const char *text, uint64_t max)
{
    uint64_t n = 0;

    if (*text == '\0')
        return -1;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        uint64_t d = (uint64_t)(*p - '0');
        if (n > (max - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    *out_n = n;
    return 0;
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

/** Parses --level: a confidence level from 0.5 up to (not including) 1, e.g. 0.95. Levels
 * below 0.5 are refused: they are almost always the error rate typed for the level (0.05 for
 * 0.95). */
static int parse_level(double *out_level, const char *command, const char *text)
{
    char *end;
    double x;

    if (!((text[0] >= '0' && text[0] <= '9') || text[0] == '.'))
        return usage_error(command, "--level: expected a number from 0.5 up to 1 (e.g. 0.95), "
                                    "got '%s'", text);
    errno = 0;
    x = strtod(text, &end);
    if (*end != '\0' || errno != 0 || !(x > 0.0 && x < 1.0))
        return usage_error(command, "--level: expected a number from 0.5 up to 1 (e.g. 0.95), "
                                    "got '%s'", text);
    if (x < 0.5)
        return usage_error(command, "--level %s: the confidence level, not the error rate, is "
                                    "wanted (e.g. 0.95 for a 95%% interval); levels below 0.5 "
                                    "are refused", text);
    *out_level = x;
    return EXIT_OK;
}

/** One end of a period: "YYYY-MM", or "YYYY" (January when first, else December). */
static int parse_period_end(sc_month *m, const char *text, size_t len, int first)
{
    char buf[16];

    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (len == 4 && strspn(buf, "0123456789") == 4)
        return sc_month_make(m, atoi(buf), first ? 1 : 12) == SC_OK ? 0 : -1;
    return sc_month_parse(m, buf, NULL) == SC_OK ? 0 : -1;
}

/**
 * Parses a period: "FROM..TO" (each YYYY-MM, or YYYY for a whole year), or one month or one
 * year alone. @return EXIT_OK or EXIT_USAGE after reporting.
 */
static int parse_period(sc_month *from, sc_month *to, const char *command, const char *option,
                        const char *text)
{
    const char *dots = strstr(text, "..");
    int bad;

    if (dots != NULL)
        bad = parse_period_end(from, text, (size_t)(dots - text), 1) != 0
              || parse_period_end(to, dots + 2, strlen(dots + 2), 0) != 0;
    else
        bad = parse_period_end(from, text, strlen(text), 1) != 0
              || parse_period_end(to, text, strlen(text), 0) != 0;
    if (bad)
        return usage_error(command, "%s: invalid period '%s' (expected FROM..TO with months "
                                    "YYYY-MM, e.g. 2024-01..2024-12, or a year YYYY)",
                           option, text);
    if (*from > *to)
        return usage_error(command, "%s: period '%s' ends before it starts", option, text);
    return EXIT_OK;
}

/** "STALKING AND HARASSMENT" -> "Stalking and harassment" (text in upper case only). */
static void sentence_case(char *buf, size_t size, const char *text)
{
    int upper = 1;

    snprintf(buf, size, "%s", text);
    for (char *p = buf; *p != '\0'; p++)
        if (*p >= 'a' && *p <= 'z')
            upper = 0;
    if (!upper)
        return;
    for (char *p = buf + 1; *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
}

/* ------------------------------------------------------------------------------------------ */
/* stalkcase stats                                                                             */

static const char stats_usage[] =
    "Usage: " PROGRAM " stats [OPTIONS] [FILE]\n"
    "\n"
    "Counts recorded crimes in a Metropolitan Police ward-level CSV (\"MPS Ward Level Crime\"),\n"
    "or the reports of a casebook, grouped by month, borough, ward or category, with rates\n"
    "per 1,000 residents, shares of the total, year-on-year changes and a chart on request.\n"
    "\n"
    "FILE is the CSV or casebook to read; '-' reads standard input. Without FILE the built-in\n"
    "sample is read (synthetic data: invented wards, boroughs and counts, not police data).\n"
    "A casebook (XML or XML.gz) is recognised by content: gzip data, or '<' after an optional\n"
    "byte-order mark and white space; anything else is read as CSV. A casebook is read as a\n"
    "stream, each report counted once by (ward, offence, month of reported-at) under the\n"
    "category '" SC_REPORT_MAJOR "' (its offences are the minor categories); the\n"
    "months from its first to its last report are covered.\n"
    "\n"
    "Options:\n"
    "  --category TEXT   count the category whose minor or major text is TEXT (case does not\n"
    "                    matter); 'all' counts every category\n"
    "                    (default: '" DEFAULT_CATEGORY "')\n"
    "  --from YYYY-MM    first month counted (default: the file's first month)\n"
    "  --to YYYY-MM      last month counted (default: the file's last month)\n"
    "  --by GROUP        month, borough, ward or category (default: month); for a casebook\n"
    "                    also offence (the offences of the reports counted) or cyber (reports\n"
    "                    with a cyber element: yes, no or unknown; every report is counted,\n"
    "                    so --category does not apply)\n"
    "  --top N           print only the first N rows (the largest groups, or the highest rates\n"
    "                    with --per-1000; with --by month, the first N months)\n"
    "  --per-1000 POPULATION.csv\n"
    "                    add the population and the rate per 1,000 residents with its exact\n"
    "                    Poisson interval (--by borough or ward; areas matched by name or ONS\n"
    "                    code in a Census 2021 LTLA table such as TS007A); rows are then sorted\n"
    "                    by rate, highest first, and areas without a population come last,\n"
    "                    with no rate (never a rate of 0), and are named on stderr\n"
    "  --share           add each row's share of the total with its Wilson interval\n"
    "  --yoy             add the year-on-year change of each month (--by month): the count\n"
    "                    twelve months before, the difference and the ratio, and the\n"
    "                    counting-rule breaks inside that year (also warned about on stderr)\n"
    "  --level L         confidence level of the intervals, 0.5 <= L < 1 (default: 0.95)\n"
    "  --breaks FILE     add the counting-rule breaks listed in FILE (CSV month,id,title,source)\n"
    "                    to the built-in England and Wales ones\n"
    "  --svg FILE        also write a chart of the monthly counts to FILE (SVG 1.1): one line\n"
    "                    for all areas, or with --by borough|ward and --top N (N <= 8) one line\n"
    "                    per area shown; counting-rule breaks are marked\n"
    "  --svg-interval    shade each month's exact Poisson interval in the chart\n"
    "  --title TEXT      the chart's title (default: what is counted and where)\n"
    "  --format FORMAT   table (default), csv or json\n"
    "  -h, --help        print this help and exit\n"
    "\n"
    "Output: csv and json rows have these fields:\n"
    "  --by month     month,count                          (months in order)\n"
    "  --by borough   borough,count                        (largest count first)\n"
    "  --by ward      ward_code,ward_name,borough,count    (largest count first)\n"
    "  --by category  major,minor,count                    (largest count first)\n"
    "  --by offence   offence,count                        (largest count first)\n"
    "  --by cyber     cyber,count                          (largest count first)\n"
    "Ties are ordered by name. With --by month every month the file covers is listed, also\n"
    "when its count is 0. The options add, in this order:\n"
    "  --per-1000  population,rate_per_1000,rate_low,rate_high,level,method\n"
    "              (json: \"population\" and \"rate_per_1000\": {estimate,low,high,level,method};\n"
    "              empty fields and null without a population)\n"
    "  --share     share,share_low,share_high,level,method (json: \"share\": {...})\n"
    "  --yoy       previous,difference,ratio,breaks (breaks: ids separated by ';'; json: a list)\n"
    "With both --per-1000 and --share, level and method are named rate_level, rate_method,\n"
    "share_level and share_method. Numbers have up to 10 significant digits; a ratio with a\n"
    "previous count of 0 is inf in csv and null in json.\n"
    "\n"
    "Exit status: 0 on success, 1 on bad input or a write error, 2 on bad usage.\n";

enum {
    OPT_HELP = 256,
    OPT_CATEGORY,
    OPT_FROM,
    OPT_TO,
    OPT_BY,
    OPT_TOP,
    OPT_FORMAT,
    OPT_PER1000,
    OPT_SHARE,
    OPT_YOY,
    OPT_LEVEL,
    OPT_BREAKS,
    OPT_SVG,
    OPT_SVG_INTERVAL,
    OPT_TITLE,
    OPT_BEFORE,
    OPT_AFTER,
    OPT_AREA,
    OPT_METHOD
};

/** Most lines --svg draws one per area. */
#define SVG_MAX_AREA_LINES 8

/** The parsed options of `stats`. */
typedef struct stats_options {
    const char *category;        /**< filter text, NULL for all categories */
    int category_given;          /**< --category was on the command line */
    sc_month from, to;           /**< SC_MONTH_NONE when not given */
    const group_spec *by;
    size_t top;                  /**< 0 for every row */
    int format;                  /**< FMT_... */
    const char *population;      /**< --per-1000 file, or NULL */
    int share, yoy;
    double level;
    const char *breaks_file;     /**< --breaks, or NULL */
    const char *svg;             /**< --svg file, or NULL */
    int svg_interval;
    const char *title;           /**< --title, or NULL */
    const char *file;            /**< NULL for the bundled sample */
    int help;
    int casebook;                /**< set after reading: the input is a casebook */
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
        { "per-1000", required_argument, NULL, OPT_PER1000 },
        { "share", no_argument, NULL, OPT_SHARE },
        { "yoy", no_argument, NULL, OPT_YOY },
        { "level", required_argument, NULL, OPT_LEVEL },
        { "breaks", required_argument, NULL, OPT_BREAKS },
        { "svg", required_argument, NULL, OPT_SVG },
        { "svg-interval", no_argument, NULL, OPT_SVG_INTERVAL },
        { "title", required_argument, NULL, OPT_TITLE },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    const char *cmd = argv[0];
    int c, status;

    memset(opt, 0, sizeof *opt);
    opt->category = DEFAULT_CATEGORY;
    opt->from = SC_MONTH_NONE;
    opt->to = SC_MONTH_NONE;
    opt->by = &group_specs[0];
    opt->format = FMT_TABLE;
    opt->level = 0.95;

    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case OPT_HELP:
            opt->help = 1;
            return EXIT_OK;
        case OPT_CATEGORY:
            if ((status = parse_category(&opt->category, cmd, optarg)) != EXIT_OK)
                return status;
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
            for (i = 0; i < n_group_specs; i++)
                if (strcmp(optarg, group_specs[i].name) == 0)
                    break;
            if (i == n_group_specs)
                return usage_error(cmd, "--by: unknown grouping '%s' (expected month, borough, "
                                        "ward or category; offence or cyber for a casebook)",
                                   optarg);
            opt->by = &group_specs[i];
            break;
        }
        case OPT_TOP:
            if ((status = parse_top(&opt->top, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_FORMAT:
            if ((status = parse_format(&opt->format, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_PER1000:
            if (optarg[0] == '\0' || strncmp(optarg, "--", 2) == 0)
                return usage_error(cmd, "--per-1000: expected a population CSV file, got '%s'",
                                   optarg);
            opt->population = optarg;
            break;
        case OPT_SHARE:
            opt->share = 1;
            break;
        case OPT_YOY:
            opt->yoy = 1;
            break;
        case OPT_LEVEL:
            if ((status = parse_level(&opt->level, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_BREAKS:
            if (optarg[0] == '\0')
                return usage_error(cmd, "--breaks: expected a CSV file");
            opt->breaks_file = optarg;
            break;
        case OPT_SVG:
            if (optarg[0] == '\0' || strncmp(optarg, "--", 2) == 0)
                return usage_error(cmd, "--svg: expected the name of the SVG file to write, "
                                        "got '%s'", optarg);
            if (strcmp(optarg, "-") == 0)
                return usage_error(cmd, "--svg: '-' is not supported (standard output carries "
                                        "the figures): give a file name");
            opt->svg = optarg;
            break;
        case OPT_SVG_INTERVAL:
            opt->svg_interval = 1;
            break;
        case OPT_TITLE:
            if (optarg[0] == '\0')
                return usage_error(cmd, "--title: expected a title");
            opt->title = optarg;
            break;
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
    if (opt->population != NULL && opt->by->group != SC_GROUP_BOROUGH
        && opt->by->group != SC_GROUP_WARD)
        return usage_error(cmd, "--per-1000 needs --by borough or --by ward (rates are per "
                                "resident of an area)");
    if (opt->yoy && opt->by->group != SC_GROUP_MONTH)
        return usage_error(cmd, "--yoy needs --by month (the change of each month against the "
                                "same month a year before)");
    if ((opt->svg_interval || opt->title != NULL) && opt->svg == NULL)
        return usage_error(cmd, "%s needs --svg FILE", opt->svg_interval ? "--svg-interval"
                                                                          : "--title");
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
 * matches nothing is an error: a mistyped category must not read as zero offences; so is a
 * --from/--to range that lies wholly outside the months the input covers.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int stats_notes(const sc_counts *c, const stats_options *opt, const report *r)
{
    sc_month lo, hi;
    char a[SC_MONTH_BUFSIZE] = "", b[SC_MONTH_BUFSIZE] = "";

    if (opt->file == NULL)
        message("note: no FILE given: these figures come from the built-in sample, which is "
                "synthetic (invented wards and counts), not police data");
    if (check_category(c, opt->category, opt->category_given, r->source) != EXIT_OK)
        return EXIT_INPUT;
    if (sc_counts_coverage(c, &lo, &hi) != SC_OK) {
        message("note: %s covers no month", r->source);
        return EXIT_OK;
    }
    sc_month_format(lo, a, sizeof a);
    sc_month_format(hi, b, sizeof b);
    if ((opt->from != SC_MONTH_NONE && opt->from > hi) || (opt->to != SC_MONTH_NONE && opt->to < lo)) {
        /* nothing asked for is covered: a table of zeros would read as no offences */
        message("%s covers %s to %s; no month asked for (--from/--to) is among them, so there "
                "are no figures (unknown, not zero)", r->source, a, b);
        return EXIT_INPUT;
    }
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

/** The series of the category (and optional areas) from..to (SC_MONTH_NONE for open). */
static int make_series(sc_series **s, const sc_counts *c, const char *category, sc_month from,
                       sc_month to, const char *const *boroughs, size_t nb,
                       const char *const *wards, size_t nw, const sc_breaks *breaks)
{
    sc_series_filter f = SC_SERIES_FILTER_INIT;
    sc_error err;
    int rc;

    f.from = from;
    f.to = to;
    f.categories = category != NULL ? &category : NULL;
    f.n_categories = category != NULL ? 1 : 0;
    f.boroughs = nb > 0 ? boroughs : NULL;
    f.n_boroughs = nb;
    f.ward_codes = nw > 0 ? wards : NULL;
    f.n_ward_codes = nw;
    sc_error_clear(&err);
    rc = sc_series_new(s, c, &f, breaks, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/** Orders --per-1000 rows: rate descending, rows without a rate last, then count order. */
static int by_rate(const void *pa, const void *pb)
{
    const stat_row *a = pa, *b = pb;
    int ra = a->rate != NULL && a->rate->has_rate, rb = b->rate != NULL && b->rate->has_rate;

    if (ra != rb)
        return ra ? -1 : 1;
    if (ra && a->rate->rate.estimate != b->rate->rate.estimate)
        return a->rate->rate.estimate > b->rate->rate.estimate ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/**
 * --per-1000: reads the population table, computes the rates and sorts the rows by rate.
 * Unmatched areas are named on standard error.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int add_rates(report *r, sc_population **pop, sc_rates **rates,
                     const stats_options *opt)
{
    sc_rates_options ro = SC_RATES_OPTIONS_INIT;
    sc_error err;
    size_t n = sc_totals_size(r->totals), unmatched;
    int rc;

    sc_error_clear(&err);
    rc = sc_population_read_path(pop, opt->population, &err);
    if (rc == SC_OK) {
        ro.level = opt->level;
        rc = sc_population_rates(rates, *pop, r->totals, &ro, &err);
    }
    if (rc != SC_OK) {
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < n; i++)
        r->rows[i].rate = sc_rates_get(*rates, r->rows[i].index);
    qsort(r->rows, n, sizeof r->rows[0], by_rate);
    unmatched = sc_rates_unmatched_size(*rates);
    if (unmatched > 0) {
        char names[1024] = "";
        for (size_t i = 0; i < unmatched && i < 10; i++) {
            const sc_rate_row *u = sc_rates_unmatched(*rates, i);
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i > 0 ? "; " : "", u->area);
        }
        message("note: %zu area(s) have no population in %s, so no rate (not a rate of 0); they "
                "are listed last: %s%s", unmatched, opt->population, names,
                unmatched > 10 ? "; ..." : "");
    }
    return EXIT_OK;
}

/** --share: each row's share of the total, with the Wilson interval. */
static int add_shares(report *r, double level)
{
    uint64_t sum = sc_totals_sum(r->totals);
    sc_error err;

    for (size_t i = 0; i < sc_totals_size(r->totals); i++) {
        stat_row *row = &r->rows[i];
        if (sum == 0) {
            row->share.estimate = row->share.low = row->share.high = NAN;
            row->share.level = level;
            row->share.method = SC_METHOD_WILSON;
            continue;
        }
        sc_error_clear(&err);
        int rc = sc_proportion_interval(&row->share, row->cell->count, sum, level,
                                        SC_METHOD_WILSON, &err);
        if (rc != SC_OK) {
            library_error(rc, &err);
            return EXIT_INPUT;
        }
    }
    if (sum == 0)
        message("note: the total is 0, so the shares are undefined");
    return EXIT_OK;
}

/**
 * --yoy: the change of each month against the month a year before (read from the file even
 * when it is before --from), and the breaks inside that year, which are also warned about.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int add_yoy(report *r, const sc_counts *c, const stats_options *opt,
                   const sc_breaks *breaks)
{
    sc_series *s = NULL;
    break_list all = { NULL, 0 };
    int status;

    if (r->first == SC_MONTH_NONE)
        return EXIT_OK;
    status = make_series(&s, c, opt->category, SC_MONTH_NONE, r->last, NULL, 0, NULL, 0,
                         breaks);
    for (size_t i = 0; status == EXIT_OK && i < sc_totals_size(r->totals); i++) {
        stat_row *row = &r->rows[i];
        sc_month m = row->cell->month;
        int rc = sc_series_yoy(s, m, &row->yoy);

        if (rc == SC_OK)
            row->has_yoy = 1;
        else if (rc != SC_ENOTFOUND) {
            sc_error err;
            sc_error_clear(&err);
            library_error(rc, &err);
            status = EXIT_INPUT;
            break;
        }
        for (size_t k = 0; k < sc_series_breaks_size(s); k++) {
            /* the table's own entry: the series' copy goes with the series */
            const sc_break *b = sc_breaks_find(breaks, sc_series_break(s, k)->id);
            if (b != NULL && b->month > m - 12 && b->month <= m
                && (break_list_add(&row->yoy_breaks, b) != 0 || break_list_add(&all, b) != 0)) {
                message("out of memory");
                status = EXIT_INPUT;
            }
        }
    }
    if (status == EXIT_OK)
        warn_breaks(&all, "lies inside the year before some months listed: their "
                          "year-on-year change measures the change of counting rules too "
                          "(column breaks)");
    break_list_free(&all);
    sc_series_free(s);
    return status;
}

/**
 * --svg: writes the chart of the monthly counts: one line for all areas, or one per area shown
 * with --by borough|ward and --top N <= SVG_MAX_AREA_LINES; markers for the counting-rule
 * breaks inside the span (also warned about); with --svg-interval, each month's exact Poisson
 * interval shaded.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int write_svg(const report *r, const sc_counts *c, const stats_options *opt,
                     const sc_breaks *breaks)
{
    sc_chart *chart = NULL;
    sc_series *lines[SVG_MAX_AREA_LINES];
    const char *labels[SVG_MAX_AREA_LINES];
    char label_bufs[SVG_MAX_AREA_LINES][256];
    size_t nlines = 0, span;
    sc_month first, last;
    sc_month *months = NULL;
    double *values = NULL, *low = NULL, *high = NULL;
    char what[256], title[600], subtitle[600], a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];
    char level[NUM_BUFSIZE], band[128];
    break_list marked = { NULL, 0 };
    sc_error err;
    int status = EXIT_OK, rc = SC_OK;
    const int per_area = (r->spec->group == SC_GROUP_BOROUGH || r->spec->group == SC_GROUP_WARD)
                         && opt->top > 0 && opt->top <= SVG_MAX_AREA_LINES && r->shown > 0;

    if (r->first == SC_MONTH_NONE) {
        message("%s: no month to chart", opt->svg);
        return EXIT_INPUT;
    }
    if (!per_area && (r->spec->group == SC_GROUP_BOROUGH || r->spec->group == SC_GROUP_WARD))
        message("note: %s has one line for all areas together: one line per %s needs --top N "
                "with N <= %d", opt->svg, r->spec->group == SC_GROUP_BOROUGH ? "borough" : "ward",
                SVG_MAX_AREA_LINES);
    /* The lines. */
    if (per_area) {
        for (size_t i = 0; i < r->shown && status == EXIT_OK; i++) {
            const sc_cell *cell = r->rows[i].cell;
            if (r->spec->group == SC_GROUP_BOROUGH) {
                status = make_series(&lines[nlines], c, opt->category, r->first, r->last,
                                     &cell->borough, 1, NULL, 0, breaks);
                snprintf(label_bufs[nlines], sizeof label_bufs[nlines], "%s", cell->borough);
            } else {
                status = make_series(&lines[nlines], c, opt->category, r->first, r->last, NULL,
                                     0, &cell->ward_code, 1, breaks);
                snprintf(label_bufs[nlines], sizeof label_bufs[nlines], "%s (%s)",
                         cell->ward_name, cell->borough);
            }
            labels[nlines] = label_bufs[nlines];
            if (status == EXIT_OK)
                nlines++;
        }
    } else {
        status = make_series(&lines[0], c, opt->category, r->first, r->last, NULL, 0, NULL, 0,
                             breaks);
        labels[0] = opt->file != NULL ? "All areas" : "All areas (synthetic sample)";
        if (status == EXIT_OK)
            nlines = 1;
    }
    if (status != EXIT_OK)
        goto done;

    /* Title and texts. */
    if (opt->category != NULL) {
        sentence_case(what, sizeof what, opt->category);
        snprintf(what + strlen(what), sizeof what - strlen(what), " offences");
    } else {
        snprintf(what, sizeof what, "All recorded crimes");
    }
    if (per_area)
        snprintf(title, sizeof title, "%s per month, %s %zu %s%s", what,
                 nlines == 1 ? "the" : "top", nlines, nlines == 1 ? r->spec->name
                                                                  : r->spec->plural,
                 opt->population != NULL ? " by rate per 1,000 residents" : "");
    else
        snprintf(title, sizeof title, "%s per month, %s", what,
                 opt->casebook ? "reports in the casebook"
                 : opt->file != NULL ? "London (Metropolitan Police area)"
                                     : "synthetic sample areas");
    sc_month_format(r->first, a, sizeof a);
    sc_month_format(r->last, b, sizeof b);
    if (opt->casebook)
        snprintf(subtitle, sizeof subtitle, "Reports in the casebook, %s to %s; source: %s", a,
                 b, strrchr(r->source, '/') != NULL ? strrchr(r->source, '/') + 1 : r->source);
    else if (opt->file != NULL)
        snprintf(subtitle, sizeof subtitle, "Recorded by the Metropolitan Police, %s to %s; "
                 "source: %s", a, b, strrchr(r->source, '/') != NULL
                                     ? strrchr(r->source, '/') + 1 : r->source);
    else
        snprintf(subtitle, sizeof subtitle, "%s to %s; synthetic data (invented counts), not "
                 "police data", a, b);
    sc_error_clear(&err);
    rc = sc_chart_new(&chart, opt->title != NULL ? opt->title : title, NULL, &err);
    if (rc == SC_OK)
        rc = sc_chart_set_subtitle(chart, subtitle, &err);
    if (rc == SC_OK)
        rc = sc_chart_set_axis_labels(chart, "Month", "Offences recorded per month", &err);
    if (rc == SC_OK && opt->svg_interval) {
        snprintf(band, sizeof band, "%s interval of each month's count (exact Poisson)",
                 level_text(level, opt->level));
        rc = sc_chart_set_band_label(chart, band, &err);
    }

    /* Points: a month without data is NaN (a gap). */
    span = sc_series_span(lines[0], &first, &last);
    months = malloc(span * sizeof *months);
    values = malloc(span * sizeof *values);
    low = malloc(span * sizeof *low);
    high = malloc(span * sizeof *high);
    if (months == NULL || values == NULL || low == NULL || high == NULL)
        rc = SC_ENOMEM;
    for (size_t l = 0; l < nlines && rc == SC_OK; l++) {
        for (size_t i = 0; i < span && rc == SC_OK; i++) {
            uint64_t v;
            months[i] = first + (sc_month)i;
            values[i] = low[i] = high[i] = NAN;
            if (sc_series_value(lines[l], months[i], &v) == SC_OK) {
                sc_interval iv;
                values[i] = (double)v;
                if (opt->svg_interval
                    && (rc = sc_poisson_interval(&iv, v, 1.0, opt->level, &err)) == SC_OK) {
                    low[i] = iv.low;
                    high[i] = iv.high;
                }
            }
        }
        if (rc == SC_OK)
            rc = sc_chart_add_line(chart, labels[l], months, values,
                                   opt->svg_interval ? low : NULL,
                                   opt->svg_interval ? high : NULL, span, &err);
    }

    /* Breaks: a marker each, and a warning. */
    for (size_t k = 0; rc == SC_OK && k < sc_series_breaks_size(lines[0]); k++) {
        const sc_break *brk = sc_breaks_find(breaks, sc_series_break(lines[0], k)->id);
        char text[300];
        if (brk == NULL)
            continue;
        sc_month_format(brk->month, a, sizeof a);
        snprintf(text, sizeof text, "Counting rules changed %s", a);
        rc = sc_chart_add_marker(chart, brk->month, text, &err);
        if (rc == SC_OK && break_list_add(&marked, brk) != 0)
            rc = SC_ENOMEM;
    }
    if (rc == SC_OK)
        rc = sc_chart_write_path(chart, opt->svg, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        status = EXIT_INPUT;
    } else {
        warn_breaks(&marked, "lies inside the chart's months (marked on it): counts either "
                             "side of it are not comparable");
    }

done:
    for (size_t l = 0; l < nlines; l++)
        sc_series_free(lines[l]);
    break_list_free(&marked);
    free(months);
    free(values);
    free(low);
    free(high);
    sc_chart_free(chart);
    return status;
}

/**
 * Warns on stderr about every counting-rule break inside the months counted (first < break
 * month <= last): figures on both sides were recorded under different rules. (--yoy and --svg
 * report the breaks themselves.)
 * @return EXIT_OK, or EXIT_INPUT when memory runs out.
 */
static int warn_span_breaks(const sc_breaks *breaks, sc_month first, sc_month last)
{
    break_list l;
    size_t idx, n = sc_breaks_within(breaks, first, last, &idx);
    int status = EXIT_OK;

    memset(&l, 0, sizeof l);
    for (size_t i = 0; i < n && status == EXIT_OK; i++)
        if (break_list_add(&l, sc_breaks_get(breaks, idx + i)) != 0) {
            message("out of memory");
            status = EXIT_INPUT;
        }
    if (status == EXIT_OK)
        warn_breaks(&l, "lies inside the months counted: counts before and after it were "
                        "recorded under different rules and are not comparable");
    break_list_free(&l);
    return status;
}

static int cmd_stats(int argc, char **argv)
{
    stats_options opt;
    sc_counts *counts = NULL, *cyber = NULL;
    const sc_counts *table;
    int kind = KIND_CSV;
    sc_totals *totals = NULL;
    sc_breaks *breaks = NULL;
    sc_population *pop = NULL;
    sc_rates *rates = NULL;
    sc_counts_filter filter = SC_COUNTS_FILTER_INIT;
    sc_error err;
    report r;
    out o = { stdout, 0 };
    int status, rc;
    size_t n;

    status = stats_parse(&opt, argc, argv);
    if (status != EXIT_OK)
        return status;
    if (opt.help) {
        out_puts(&o, stats_usage);
        return out_finish(&o, "standard output", EXIT_OK);
    }

    memset(&r, 0, sizeof r);
    status = load_counts(&counts, &cyber, &kind, &r.source, opt.file);
    if (status == EXIT_OK && opt.by->casebook && kind != KIND_CASEBOOK)
        status = usage_error(argv[0], "--by %s needs a casebook (%s is read as Met CSV)",
                             opt.by->name, r.source);
    if (status == EXIT_OK && strcmp(opt.by->name, "cyber") == 0 && opt.category_given
        && opt.category != NULL)
        status = usage_error(argv[0], "--by cyber counts every report (the cyber-element "
                                      "table has no offences): --category does not apply");
    if (status == EXIT_OK)
        status = load_breaks(&breaks, opt.breaks_file);
    if (status != EXIT_OK) {
        sc_counts_free(counts);
        sc_counts_free(cyber);
        return status;
    }
    opt.casebook = kind == KIND_CASEBOOK;
    table = counts;
    if (strcmp(opt.by->name, "cyber") == 0) {
        table = cyber;
        opt.category = NULL;
    }

    filter.from = opt.from;
    filter.to = opt.to;
    filter.category = opt.category;
    sc_error_clear(&err);
    rc = sc_counts_totals(&totals, table, opt.by->group, &filter, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        sc_breaks_free(breaks);
        sc_counts_free(counts);
        sc_counts_free(cyber);
        return EXIT_INPUT;
    }

    r.spec = opt.by;
    r.totals = totals;
    n = sc_totals_size(totals);
    r.rows = calloc(n > 0 ? n : 1, sizeof *r.rows);
    if (r.rows == NULL) {
        message("out of memory");
        status = EXIT_INPUT;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        r.rows[i].cell = sc_totals_get(totals, i);
        r.rows[i].index = i;
    }
    r.category = opt.category;
    r.per1000 = opt.population != NULL;
    r.share = opt.share;
    r.yoy = opt.yoy;
    covered_span(table, opt.from, opt.to, &r.first, &r.last);

    status = stats_notes(table, &opt, &r);
    if (status == EXIT_OK && !opt.yoy && opt.svg == NULL && r.first != SC_MONTH_NONE)
        status = warn_span_breaks(breaks, r.first, r.last);
    if (status == EXIT_OK && opt.population != NULL)
        status = add_rates(&r, &pop, &rates, &opt);
    if (status == EXIT_OK && opt.share)
        status = add_shares(&r, opt.level);
    if (status == EXIT_OK && opt.yoy)
        status = add_yoy(&r, table, &opt, breaks);
    r.shown = n;
    if (opt.top != 0 && opt.top < r.shown)
        r.shown = opt.top;
    if (status == EXIT_OK && opt.svg != NULL)
        status = write_svg(&r, table, &opt, breaks);
    if (status == EXIT_OK) {
        if (opt.format == FMT_CSV)
            stats_print_csv(&o, &r);
        else if (opt.format == FMT_JSON)
            stats_print_json(&o, &r);
        else
            stats_print_table(&o, &r);
        status = out_finish(&o, "standard output", EXIT_OK);
    }

done:
    for (size_t i = 0; r.rows != NULL && i < n; i++)
        break_list_free(&r.rows[i].yoy_breaks);
    free(r.rows);
    sc_rates_free(rates);
    sc_population_free(pop);
    sc_breaks_free(breaks);
    sc_totals_free(totals);
    sc_counts_free(counts);
    sc_counts_free(cyber);
    return status;
}

/* ------------------------------------------------------------------------------------------ */
/* stalkcase compare                                                                           */

static const char compare_usage[] =
    "Usage: " PROGRAM " compare --before FROM..TO --after FROM..TO [OPTIONS] [FILE]\n"
    "\n"
    "Compares the mean monthly count of two periods of a Metropolitan Police ward-level CSV:\n"
    "both means with their exact Poisson intervals, the ratio after/before and the difference\n"
    "after - before, each with its interval, and every counting-rule break between the start\n"
    "of the before period and the end of the after period (a warning on stderr each: a change\n"
    "measured across a break measures the change of rules too).\n"
    "\n"
    "FILE is the CSV to read; '-' reads standard input; without FILE the built-in (synthetic)\n"
    "sample is read. FILE may also be a casebook (XML or XML.gz, recognised by content as\n"
    "'stats' does): its reports are counted by month of reported-at under the category\n"
    "'" SC_REPORT_MAJOR "', the months from the first to the last report covered.\n"
    "\n"
    "Options:\n"
    "  --before FROM..TO  the reference period: months YYYY-MM..YYYY-MM, one month YYYY-MM,\n"
    "                     or a year YYYY (required)\n"
    "  --after FROM..TO   the compared period, after the before period (required)\n"
    "  --category TEXT    the category, as for stats (default: '" DEFAULT_CATEGORY "';\n"
    "                     'all' counts every category)\n"
    "  --area AREA        count only this borough (name) or ward (ONS code, e.g. E05013806);\n"
    "                     case does not matter; repeat for several (default: every area)\n"
    "  --level L          confidence level, 0.5 <= L < 1 (default: 0.95)\n"
    "  --method METHOD    interval of the ratio: exact (exact conditional on the total,\n"
    "                     the default) or log-wald\n"
    "  --breaks FILE      add the counting-rule breaks listed in FILE (CSV month,id,title,source)\n"
    "                     to the built-in England and Wales ones\n"
    "  --format FORMAT    table (default), csv or json\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "Method: counts are taken as Poisson; the mean of a period is its total over its months\n"
    "with data (exact Garwood interval); the ratio and the difference are of these means (the\n"
    "difference with a Wald interval). Months a period has no data for are left out and noted.\n"
    "The intervals cover counting noise only, not seasonality or over-dispersion.\n"
    "\n"
    "Output: csv has one row per measure (before, after, ratio, difference) and the columns\n"
    "  measure,from,to,months,months_covered,total,estimate,low,high,level,method,breaks\n"
    "(breaks: ids separated by ';', those inside the period for before and after, every one\n"
    "for ratio and difference). json is an object with \"before\" and \"after\" (from, to,\n"
    "months, months_covered, total, \"mean\": {estimate,low,high,level,method,breaks}),\n"
    "\"ratio\" and \"difference\" ({estimate,low,high,level,method,breaks}), \"breaks\" (ids) and\n"
    "\"break_details\" (id, month, title, source).\n"
    "\n"
    "Exit status: 0 on success, 1 on bad input or a write error, 2 on bad usage.\n";

/** Most --area options. */
#define MAX_AREAS 64

typedef struct compare_options {
    const char *category;
    int category_given;
    sc_month from1, to1, from2, to2;   /**< SC_MONTH_NONE until given */
    const char *areas[MAX_AREAS];
    size_t nareas;
    double level;
    sc_method method;
    const char *breaks_file;
    int format;
    const char *file;
    int help;
} compare_options;

static int compare_parse(compare_options *opt, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "before", required_argument, NULL, OPT_BEFORE },
        { "after", required_argument, NULL, OPT_AFTER },
        { "category", required_argument, NULL, OPT_CATEGORY },
        { "area", required_argument, NULL, OPT_AREA },
        { "level", required_argument, NULL, OPT_LEVEL },
        { "method", required_argument, NULL, OPT_METHOD },
        { "breaks", required_argument, NULL, OPT_BREAKS },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    const char *cmd = argv[0];
    int c, status;

    memset(opt, 0, sizeof *opt);
    opt->category = DEFAULT_CATEGORY;
    opt->from1 = opt->to1 = opt->from2 = opt->to2 = SC_MONTH_NONE;
    opt->level = 0.95;
    opt->method = SC_METHOD_EXACT_CONDITIONAL;
    opt->format = FMT_TABLE;

    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case OPT_HELP:
            opt->help = 1;
            return EXIT_OK;
        case OPT_BEFORE:
            if ((status = parse_period(&opt->from1, &opt->to1, cmd, "--before", optarg)) != 0)
                return status;
            break;
        case OPT_AFTER:
            if ((status = parse_period(&opt->from2, &opt->to2, cmd, "--after", optarg)) != 0)
                return status;
            break;
        case OPT_CATEGORY:
            if ((status = parse_category(&opt->category, cmd, optarg)) != EXIT_OK)
                return status;
            opt->category_given = 1;
            break;
        case OPT_AREA:
            if (optarg[0] == '\0' || strncmp(optarg, "--", 2) == 0)
                return usage_error(cmd, "--area: expected a borough name or a ward code, got "
                                        "'%s'", optarg);
            if (opt->nareas == MAX_AREAS)
                return usage_error(cmd, "--area: at most %d areas", MAX_AREAS);
            opt->areas[opt->nareas++] = optarg;
            break;
        case OPT_LEVEL:
            if ((status = parse_level(&opt->level, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_METHOD:
            if (strcmp(optarg, "exact") == 0 || strcmp(optarg, "exact-conditional") == 0)
                opt->method = SC_METHOD_EXACT_CONDITIONAL;
            else if (strcmp(optarg, "log-wald") == 0)
                opt->method = SC_METHOD_LOG_WALD;
            else
                return usage_error(cmd, "--method: unknown method '%s' (expected exact or "
                                        "log-wald)", optarg);
            break;
        case OPT_BREAKS:
            if (optarg[0] == '\0')
                return usage_error(cmd, "--breaks: expected a CSV file");
            opt->breaks_file = optarg;
            break;
        case OPT_FORMAT:
            if ((status = parse_format(&opt->format, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        default:
            return option_error(cmd, c, argv);
        }
    }
    if (argc - optind > 1)
        return usage_error(cmd, "too many arguments: expected at most one FILE, got '%s' "
                                "after '%s'", argv[optind + 1], argv[optind]);
    if (argc - optind == 1)
        opt->file = argv[optind];
    if (opt->from1 == SC_MONTH_NONE || opt->from2 == SC_MONTH_NONE)
        return usage_error(cmd, "missing %s FROM..TO", opt->from1 == SC_MONTH_NONE ? "--before"
                                                                                : "--after");
    if (opt->to1 >= opt->from2)
        return usage_error(cmd, "the --after period must start after the --before period "
                                "ends");
    return EXIT_OK;
}

/**
 * Resolves each --area to the file's own spelling: a borough name, else a ward code (both
 * ASCII-case-insensitively). An area the file does not have is an error (a typo must not
 * read as zero offences). The names are borrowed from *tb and *tw, which the caller frees.
 * @return EXIT_OK, or EXIT_INPUT after reporting.
 */
static int resolve_areas(const sc_counts *c, const compare_options *opt, const char *source,
                         sc_totals **tb, sc_totals **tw, const char **boroughs, size_t *nb,
                         const char **wards, size_t *nw)
{
    sc_error err;
    int rc;

    *nb = *nw = 0;
    if (opt->nareas == 0)
        return EXIT_OK;
    sc_error_clear(&err);
    rc = sc_counts_totals(tb, c, SC_GROUP_BOROUGH, NULL, &err);
    if (rc == SC_OK)
        rc = sc_counts_totals(tw, c, SC_GROUP_WARD, NULL, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < opt->nareas; i++) {
        const char *found = NULL;
        for (size_t k = 0; found == NULL && k < sc_totals_size(*tb); k++)
            if (ascii_equal(sc_totals_get(*tb, k)->borough, opt->areas[i]))
                boroughs[(*nb)++] = found = sc_totals_get(*tb, k)->borough;
        for (size_t k = 0; found == NULL && k < sc_totals_size(*tw); k++)
            if (ascii_equal(sc_totals_get(*tw, k)->ward_code, opt->areas[i]))
                wards[(*nw)++] = found = sc_totals_get(*tw, k)->ward_code;
        if (found == NULL) {
            message("%s has no borough or ward code '%s' (list them with '" PROGRAM
                    " stats --category all --by borough' or '--by ward')", source,
                    opt->areas[i]);
            return EXIT_INPUT;
        }
    }
    return EXIT_OK;
}

/** The comparison's breaks with from < month <= to (all of them for SC_MONTH_NONE). */
static int period_breaks(break_list *l, const sc_comparison *cmp, const sc_breaks *breaks,
                         sc_month from, sc_month to)
{
    for (size_t i = 0; i < sc_comparison_breaks_size(cmp); i++) {
        const sc_break *b = sc_breaks_find(breaks, sc_comparison_break(cmp, i)->id);
        if (b == NULL || (from != SC_MONTH_NONE && !(from < b->month && b->month <= to)))
            continue;
        if (break_list_add(l, b) != 0)
            return -1;
    }
    return 0;
}

static int cmd_compare(int argc, char **argv)
{
    compare_options opt;
    sc_counts *counts = NULL;
    sc_breaks *breaks = NULL;
    sc_totals *tb = NULL, *tw = NULL;
    sc_series *series = NULL;
    sc_comparison *cmp = NULL;
    sc_comparison_options co = SC_COMPARISON_OPTIONS_INIT;
    const char *boroughs[MAX_AREAS], *wards[MAX_AREAS], *areas[MAX_AREAS];
    size_t nb = 0, nw = 0;
    comparison_report c;
    sc_error err;
    out o = { stdout, 0 };
    int status, rc;

    status = compare_parse(&opt, argc, argv);
    if (status != EXIT_OK)
        return status;
    if (opt.help) {
        out_puts(&o, compare_usage);
        return out_finish(&o, "standard output", EXIT_OK);
    }
    memset(&c, 0, sizeof c);
    c.category = opt.category;
    status = load_counts(&counts, NULL, NULL, &c.source, opt.file);
    if (status == EXIT_OK)
        status = load_breaks(&breaks, opt.breaks_file);
    if (status == EXIT_OK && opt.file == NULL)
        message("note: no FILE given: these figures come from the built-in sample, which is "
                "synthetic (invented wards and counts), not police data");
    if (status == EXIT_OK)
        status = check_category(counts, opt.category, opt.category_given, c.source);
    if (status == EXIT_OK)
        status = resolve_areas(counts, &opt, c.source, &tb, &tw, boroughs, &nb, wards, &nw);
    if (status == EXIT_OK)
        status = make_series(&series, counts, opt.category, opt.from1, opt.to2, boroughs, nb,
                             wards, nw, breaks);
    if (status != EXIT_OK)
        goto done;

    co.level = opt.level;
    sc_error_clear(&err);
    rc = sc_comparison_new(&cmp, series, opt.from1, opt.to1, opt.from2, opt.to2, &co, &err);
    if (rc != SC_OK) {
        library_error(rc, &err);
        status = EXIT_INPUT;
        goto done;
    }
    c.p[0] = sc_comparison_before(cmp);
    c.p[1] = sc_comparison_after(cmp);
    if (sc_comparison_ratio(cmp, opt.method, &c.ratio) != SC_OK) {
        c.ratio.estimate = c.ratio.low = c.ratio.high = NAN;
        c.ratio.level = opt.level;
        c.ratio.method = opt.method;
        message("note: the %s interval of the ratio is undefined for these totals (%" PRIu64
                " and %" PRIu64 ")%s", sc_method_name(opt.method), c.p[0]->total,
                c.p[1]->total, opt.method == SC_METHOD_LOG_WALD ? "; try --method exact" : "");
    }
    sc_comparison_difference(cmp, &c.diff);
    for (size_t i = 0; i < nb; i++)
        areas[c.nareas++] = boroughs[i];
    for (size_t i = 0; i < nw; i++)
        areas[c.nareas++] = wards[i];
    c.areas = areas;
    if (period_breaks(&c.all, cmp, breaks, SC_MONTH_NONE, SC_MONTH_NONE) != 0
        || period_breaks(&c.pb[0], cmp, breaks, opt.from1, opt.to1) != 0
        || period_breaks(&c.pb[1], cmp, breaks, opt.from2, opt.to2) != 0) {
        message("out of memory");
        status = EXIT_INPUT;
        goto done;
    }
    for (int i = 0; i < 2; i++)
        if (c.p[i]->months_covered < c.p[i]->months) {
            char a[SC_MONTH_BUFSIZE], b[SC_MONTH_BUFSIZE];
            sc_month_format(c.p[i]->from, a, sizeof a);
            sc_month_format(c.p[i]->to, b, sizeof b);
            message("note: %s has data for %zu of the %zu months of %s..%s; the others are "
                    "unknown, not zero, and are left out of its mean", c.source,
                    c.p[i]->months_covered, c.p[i]->months, a, b);
        }
    for (size_t i = 0; i < c.all.n; i++) {
        break_list one = { &c.all.items[i], 1 };
        sc_month m = c.all.items[i]->month;
        warn_breaks(&one, m <= opt.to1 ? "lies inside the before period: the comparison "
                                         "measures the change of counting rules too"
                          : m > opt.from2 ? "lies inside the after period: the comparison "
                                            "measures the change of counting rules too"
                                          : "lies between the periods: the comparison "
                                            "measures the change of counting rules too");
    }

    if (opt.format == FMT_CSV)
        compare_print_csv(&o, &c);
    else if (opt.format == FMT_JSON)
        compare_print_json(&o, &c);
    else
        compare_print_table(&o, &c);
    status = out_finish(&o, "standard output", EXIT_OK);

done:
    for (int i = 0; i < 2; i++)
        break_list_free(&c.pb[i]);
    break_list_free(&c.all);
    sc_comparison_free(cmp);
    sc_series_free(series);
    sc_totals_free(tb);
    sc_totals_free(tw);
    sc_breaks_free(breaks);
    sc_counts_free(counts);
    return status;
}

/* ------------------------------------------------------------------------------------------ */
/* stalkcase proportion                                                                        */

static const char proportion_usage[] =
    "Usage: " PROGRAM " proportion [OPTIONS] K N\n"
    "\n"
    "The proportion K of N (e.g. 22676 of 22676 helpline callers reported a cyber element)\n"
    "with its confidence interval.\n"
    "\n"
    "K and N are whole numbers, 0 <= K <= N, N >= 1.\n"
    "\n"
    "Options:\n"
    "  --level L        confidence level, 0.5 <= L < 1 (default: 0.95)\n"
    "  --method METHOD  wilson (Wilson score interval, the default) or exact (Clopper-Pearson,\n"
    "                   printed as method clopper-pearson)\n"
    "  --format FORMAT  table (default), csv or json\n"
    "  -h, --help       print this help and exit\n"
    "\n"
    "Output: csv has the header k,n,estimate,low,high,level,method and one row; json is one\n"
    "object with the same keys. Numbers have up to 10 significant digits.\n"
    "\n"
    "Exit status: 0 on success, 1 on a write error, 2 on bad usage (including K > N).\n";

static int cmd_proportion(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "level", required_argument, NULL, OPT_LEVEL },
        { "method", required_argument, NULL, OPT_METHOD },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    const char *cmd = argv[0];
    double level = 0.95;
    sc_method method = SC_METHOD_WILSON;
    int format = FMT_TABLE, c, status;
    uint64_t k, n;
    sc_interval iv;
    sc_error err;
    out o = { stdout, 0 };
    char x[NUM_BUFSIZE], y[NUM_BUFSIZE], z[NUM_BUFSIZE], lv[NUM_BUFSIZE];

    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
        case OPT_HELP:
            out_puts(&o, proportion_usage);
            return out_finish(&o, "standard output", EXIT_OK);
        case OPT_LEVEL:
            if ((status = parse_level(&level, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        case OPT_METHOD:
            if (strcmp(optarg, "wilson") == 0)
                method = SC_METHOD_WILSON;
            else if (strcmp(optarg, "exact") == 0 || strcmp(optarg, "clopper-pearson") == 0)
                method = SC_METHOD_CLOPPER_PEARSON;
            else
                return usage_error(cmd, "--method: unknown method '%s' (expected wilson or "
                                        "exact)", optarg);
            break;
        case OPT_FORMAT:
            if ((status = parse_format(&format, cmd, optarg)) != EXIT_OK)
                return status;
            break;
        default:
            return option_error(cmd, c, argv);
        }
    }
    if (argc - optind != 2)
        return usage_error(cmd, "expected two arguments, K and N (got %d)", argc - optind);
    if (parse_whole(&k, argv[optind], UINT64_MAX) != 0)
        return usage_error(cmd, "K: expected a whole number, got '%s'", argv[optind]);
    if (parse_whole(&n, argv[optind + 1], UINT64_MAX) != 0 || n == 0)
        return usage_error(cmd, "N: expected a whole number of at least 1, got '%s'",
                           argv[optind + 1]);
    if (k > n)
        return usage_error(cmd, "K (%" PRIu64 ") is larger than N (%" PRIu64 ")", k, n);
    sc_error_clear(&err);
    if ((status = sc_proportion_interval(&iv, k, n, level, method, &err)) != SC_OK) {
        library_error(status, &err);
        return EXIT_INPUT;
    }
    if (format == FMT_CSV) {
        out_printf(&o, "k,n,estimate,low,high,level,method\n%" PRIu64 ",%" PRIu64 ",", k, n);
        csv_interval(&o, &iv);
        out_putc(&o, '\n');
    } else if (format == FMT_JSON) {
        out_printf(&o, "{\"k\": %" PRIu64 ", \"n\": %" PRIu64 ", \"estimate\": ", k, n);
        json_number(&o, iv.estimate);
        out_puts(&o, ", \"low\": ");
        json_number(&o, iv.low);
        out_puts(&o, ", \"high\": ");
        json_number(&o, iv.high);
        out_puts(&o, ", \"level\": ");
        json_number(&o, iv.level);
        out_puts(&o, ", \"method\": ");
        json_string(&o, sc_method_name(iv.method));
        out_puts(&o, "}\n");
    } else {
        out_printf(&o, "%" PRIu64 " of %" PRIu64 ": %s (%s%%)\n", k, n,
                   num_text(x, iv.estimate), fixed_text(y, 100.0 * iv.estimate, 2));
        out_printf(&o, "%s interval (%s): %s to %s", level_text(lv, level),
                   sc_method_name(iv.method), num_text(x, iv.low), num_text(y, iv.high));
        out_printf(&o, " (%s%% to ", fixed_text(z, 100.0 * iv.low, 3));
        out_printf(&o, "%s%%)\n", fixed_text(z, 100.0 * iv.high, 3));
    }
    return out_finish(&o, "standard output", EXIT_OK);
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

        const char *name = argv[i];
        if (strcmp(argv[i], "-") == 0) {
            in.file = stdin;
            in.name = name = STDIN_SOURCE;
        } else {
            in.path = argv[i];
        }
        ro.check = 0; /* every problem is listed below, not only the first */
        sc_error_clear(&err);
        rc = sc_xml_load(&cb, &in, &ro, &err);
        if (rc != SC_OK) {
            library_error(rc, &err);
            bad = 1;
            continue;
        }
        rc = sc_casebook_check(cb, print_problem, (void *)name, NULL);
        if (rc != SC_OK) {
            if (rc != SC_EDATA)
                message("%s: %s", name, sc_strerror(rc));
            bad = 1;
        } else {
            out_printf(&o, "%s: valid\n", name);
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
    "\".gz\", plain XML otherwise. OUT is replaced atomically: on any error it is untouched;\n"
    "it is created with mode 0600 (owner only). IN '-' reads standard input, OUT '-' writes\n"
    "to standard output.\n"
    "\n"
    "When IN is a Metropolitan Police ward-level CSV (anything that is not gzip data and does\n"
    "not start with '<'), it is read as 'stats' reads it and written as a counts document:\n"
    "root element 'counts' of the same namespace and schema, the months the file covers,\n"
    "then one 'cell' per ward, category and month with a non-zero count (docs/format.md).\n"
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
    const char *inpath = argv[optind], *outpath = argv[optind + 1];
    const int from_stdin = strcmp(inpath, "-") == 0, to_stdout = strcmp(outpath, "-") == 0;
    len = strlen(outpath);
    wo.gzip = gzip || (len > 3 && strcmp(outpath + len - 3, ".gz") == 0);
    if (from_stdin) {
        in.file = stdin;
        in.name = STDIN_SOURCE;
    } else {
        in.path = inpath;
    }
    int kind = from_stdin ? sniff_stdin() : sniff_path(inpath);
    if (kind < 0)
        return EXIT_INPUT;
    sc_error_clear(&err);
    if (kind == KIND_CSV) {
        sc_counts *counts = NULL;
        unsigned char *buf = NULL;
        size_t size = 0;
        rc = from_stdin ? sc_mps_read_file(&counts, stdin, STDIN_SOURCE, NULL, &err)
                        : sc_mps_read_path(&counts, inpath, NULL, &err);
        if (rc == SC_OK) {
            sc_error_clear(&err);
            if (to_stdout) {
                rc = sc_xml_write_counts_buffer(&buf, &size, counts, &wo, &err);
                if (rc == SC_OK && size > 0 && fwrite(buf, 1, size, stdout) != size) {
                    message("standard output: %s", strerror(errno));
                    sc_free(buf);
                    sc_counts_free(counts);
                    return EXIT_INPUT;
                }
                sc_free(buf);
            } else {
                rc = sc_xml_write_counts_path(counts, outpath, &wo, &err);
            }
        }
        sc_counts_free(counts);
        if (rc != SC_OK) {
            library_error(rc, &err);
            return EXIT_INPUT;
        }
        return to_stdout ? out_finish(&o, "standard output", EXIT_OK) : EXIT_OK;
    }
    rc = sc_xml_load(&cb, &in, NULL, &err);
    if (rc == SC_OK) {
        sc_error_clear(&err);
        rc = to_stdout ? sc_xml_write_file(cb, stdout, "standard output", &wo, &err)
                       : sc_xml_write_path(cb, outpath, &wo, &err);
    }
    sc_casebook_free(cb);
    if (rc != SC_OK) {
        library_error(rc, &err);
        return EXIT_INPUT;
    }
    return to_stdout ? out_finish(&o, "standard output", EXIT_OK) : EXIT_OK;
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
    { "stats", cmd_stats, "count crimes in a Met ward-level CSV or a casebook by month, "
                          "borough, ward or category; rates per 1,000, shares, year-on-year, "
                          "charts" },
    { "compare", cmd_compare, "compare the monthly means of two periods (ratio, difference, "
                              "counting-rule breaks)" },
    { "proportion", cmd_proportion, "a proportion K of N with its confidence interval" },
    { "validate", cmd_validate, "check casebook XML files against the schema and for "
                                "integrity" },
    { "convert", cmd_convert, "convert a casebook between XML and XML.gz, or a Met ward CSV "
                              "to a counts document" },
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
