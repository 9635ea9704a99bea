/*
 * cli_output.h - output helpers of the stalkcase command (examples/stalkcase.c).
 *
 * Not part of the library: these helpers print, which the library never does.
 *  - `out`: a stream that remembers its first write error, so every write is checked and a full
 *    disk or a closed pipe becomes exit status 1 (out_finish), never a silent success;
 *  - messages on standard error ("stalkcase: ..."), usage errors (exit 2) and library errors
 *    ("stalkcase: FILE:LINE:COLUMN: MESSAGE");
 *  - CSV fields (RFC 4180) and JSON strings (RFC 8259) for untrusted text; out_text for a
 *    terminal (control characters shown as '?');
 *  - numbers, intervals and counting-rule breaks, written the same way in every command:
 *      csv and json numbers: up to 10 significant digits ("%.10g"), "." as decimal point;
 *      not-a-number: an empty csv field, json null; infinity: "inf" in csv, null in json;
 *      an interval: the keys estimate, low, high, level, method (json: an object with these
 *      keys; csv: five columns, the estimate's column named after what it estimates);
 *      breaks: a list of break ids (csv: one field, ids separated by ';'; json: an array).
 */
#ifndef STALKCASE_CLI_OUTPUT_H
#define STALKCASE_CLI_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <stalkcase/stalkcase.h>

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

/**
 * A stream that remembers its first write error. Writes after a failure are skipped; the
 * error is reported once, by out_finish.
 */
typedef struct out {
    FILE *fp;   /**< the stream (not owned) */
    int err;    /**< errno of the first failure, or 0 while every write succeeded */
} out;

void out_write(out *o, const char *s, size_t n);
void out_puts(out *o, const char *s);
void out_putc(out *o, char c);
void out_printf(out *o, const char *fmt, ...) CLI_PRINTF(2, 3);
/** Writes n spaces. */
void out_pad(out *o, size_t n);
/** Writes UTF-8 text for a terminal: C0/C1 control characters and DEL become '?'. */
void out_text(out *o, const char *s);
/**
 * Flushes the stream and reports a write error (once) on standard error.
 * @return status unchanged when everything was written, else EXIT_INPUT.
 */
int out_finish(out *o, const char *what, int status);

/** Number of characters (code points) of UTF-8 text, as out_text shows it. */
size_t text_width(const char *s);
/** ASCII-case-insensitive equality. */
int ascii_equal(const char *a, const char *b);
size_t digits(uint64_t n);
size_t max_size(size_t a, size_t b);

/** Writes "stalkcase: " and a message (control characters shown as '?') to standard error. */
void message(const char *fmt, ...) CLI_PRINTF(1, 2);
/**
 * Reports bad usage of a command (NULL for the program itself) with a hint to use --help.
 * @return EXIT_USAGE.
 */
int usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);
/** Reports an option getopt_long rejected (opterr is 0; optstring starts with ':'). */
int option_error(const char *command, int c, char **argv);
/** Reports a library failure; input errors read "stalkcase: FILE:LINE:COLUMN: MESSAGE". */
void library_error(int rc, const sc_error *e);

/** Writes a CSV field, quoted as RFC 4180 says when it holds a comma, quote, CR or LF. */
void csv_field(out *o, const char *s);
/** Writes a JSON string (RFC 8259): quotes and backslashes escaped, control chars as \u00XX. */
void json_string(out *o, const char *s);

/* ------------------------------------------------------------------ numbers */

/** Buffer size of the number formatters. */
#define NUM_BUFSIZE 48

/**
 * A number for csv: "%.10g" ("-0" written as "0"); "" for NaN; "inf" or "-inf" for infinity.
 * @return buf.
 */
const char *num_text(char buf[NUM_BUFSIZE], double x);
/** Writes a number for json: "%.10g", or null when x is not finite. */
void json_number(out *o, double x);
/**
 * A number for a table: fixed with `decimals` decimals; "-" for NaN, "inf"/"-inf" for
 * infinity. @return buf.
 */
const char *fixed_text(char buf[NUM_BUFSIZE], double x, int decimals);
/** A confidence level as a percentage for a table: 0.95 gives "95%". @return buf. */
const char *level_text(char buf[NUM_BUFSIZE], double level);

/* ------------------------------------------------------------------ breaks and intervals */

/** A list of counting-rule breaks, borrowed from a series, comparison or breaks table. */
typedef struct break_list {
    const sc_break **items;  /**< owned array of borrowed pointers (free with break_list_free) */
    size_t n;
} break_list;

/** Empties a list and releases its array. */
void break_list_free(break_list *l);
/** Appends b unless it is already there. @return 0, or -1 when out of memory. */
int break_list_add(break_list *l, const sc_break *b);

/** Writes the ids of the breaks as one csv field, separated by ';' (empty when none). */
void csv_breaks(out *o, const break_list *l);
/** Writes the ids of the breaks as a json array (["id", ...], [] when none). */
void json_breaks(out *o, const break_list *l);
/** Writes "; breaks: ID, ID" for a table (nothing when none). */
void table_breaks(out *o, const break_list *l);
/**
 * Writes "stalkcase: warning: counting-rule break ID (YYYY-MM, TITLE) CONTEXT" on standard
 * error for every break of the list.
 */
void warn_breaks(const break_list *l, const char *context);

/** Writes the five csv fields estimate,low,high,level,method of an interval. */
void csv_interval(out *o, const sc_interval *iv);
/** Writes five empty csv fields (",,,," - an interval that does not exist). */
void csv_no_interval(out *o);
/**
 * Writes an interval as a json object {"estimate", "low", "high", "level", "method"}, and
 * "breaks" (an array of ids) when breaks is not NULL.
 */
void json_interval(out *o, const sc_interval *iv, const break_list *breaks);

/* ------------------------------------------------------------------ stats and compare reports */

/** How a grouping is named on the command line and in each output format. */
typedef struct group_spec {
    const char *name;         /**< value of --by */
    sc_group group;           /**< the library's grouping */
    size_t nkeys;             /**< number of text columns before the count */
    const char *keys[3];      /**< csv header names and json keys */
    const char *titles[3];    /**< table column titles */
    const char *plural;       /**< what a row is, in the plural ("months") */
    int casebook;             /**< 1: a casebook-only grouping (offence, cyber), a category
                                   grouping that shows the minor text only */
} group_spec;

/** The groupings of --by: month, borough, ward, category; offence and cyber (casebooks). */
extern const group_spec group_specs[];
extern const size_t n_group_specs;

/** One printed row: a grouped total and what the options add to it. */
typedef struct stat_row {
    const sc_cell *cell;        /**< the total (borrowed from the totals) */
    size_t index;               /**< its position in the totals (count order) */
    const sc_rate_row *rate;    /**< --per-1000: its rate (borrowed); NULL otherwise */
    sc_interval share;          /**< --share: count / total with its Wilson interval */
    int has_yoy;                /**< --yoy: 1 when both months are known */
    sc_change yoy;              /**< --yoy: the year-on-year change */
    break_list yoy_breaks;      /**< --yoy: breaks inside (month - 12, month] */
} stat_row;

/** What the formatters print. */
typedef struct report {
    const group_spec *spec;   /**< the grouping */
    const sc_totals *totals;  /**< all rows, in count order */
    stat_row *rows;           /**< all rows, in print order */
    size_t shown;             /**< rows printed: the first `shown` of rows (--top) */
    const char *category;     /**< the category filter, NULL for all */
    const char *source;       /**< the input's name */
    sc_month first, last;     /**< the months the figures span, or SC_MONTH_NONE */
    int per1000, share, yoy;  /**< the extra columns asked for */
} report;

/** Writes the rows of a stats report as csv, json or an aligned table (see `stats --help`). */
void stats_print_csv(out *o, const report *r);
void stats_print_json(out *o, const report *r);
void stats_print_table(out *o, const report *r);

/** What compare prints. */
typedef struct comparison_report {
    const sc_period *p[2];         /**< before, after */
    break_list pb[2];              /**< breaks inside each period */
    break_list all;                /**< every break of the comparison */
    sc_interval ratio, diff;
    const char *category, *source;
    const char *const *areas;      /**< the areas as the file spells them */
    size_t nareas;
} comparison_report;

/** Writes a comparison as csv, json or a table (see `compare --help`). */
void compare_print_csv(out *o, const comparison_report *c);
void compare_print_json(out *o, const comparison_report *c);
void compare_print_table(out *o, const comparison_report *c);

#endif /* STALKCASE_CLI_OUTPUT_H */
