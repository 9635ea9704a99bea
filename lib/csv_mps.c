/*
 * csv_mps.c - Metropolitan Police ward-level crime CSV -> sc_counts, using libcsv.
 *
 * Data flow: bytes are fed to libcsv one physical line at a time (so every callback knows its
 * line number); the field callback checks each field as it arrives (counts are parsed at once,
 * texts are copied); the record callback turns a complete row into counts. The first problem
 * found stops the import; the half-built table is then freed, so the caller never sees it.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include <stalkcase/mps.h>

#include "sc_internal.h"

enum role { ROLE_MAJOR, ROLE_MINOR, ROLE_WARD_NAME, ROLE_WARD_CODE, ROLE_BOROUGH, N_REQUIRED,
            ROLE_MONTH = N_REQUIRED, ROLE_IGNORED };

static const char *const required_names[N_REQUIRED] = {
    "MajorText", "MinorText", "WardName", "WardCode", "LookUp_BoroughName",
};

/* libcsv's field buffer never grows beyond this, so a hostile field cannot exhaust memory. */
#define CSV_BUFFER_CAP ((size_t)SC_MPS_MAX_FIELD + 1024)
#define READ_CHUNK 65536

typedef struct text_buf {
    char *p;
    size_t len, cap;
    int valid; /* holds the previous row's checked text */
} text_buf;

/* A month column: where its count goes. */
typedef struct month_col {
    size_t col;      /* 0-based column */
    size_t year_idx; /* index into reader.years */
    int month_idx;   /* 0-11 */
} month_col;

typedef struct column {
    char *name;      /* header text, trimmed */
    int role;
    sc_month month;  /* ROLE_MONTH */
    size_t year_idx; /* ROLE_MONTH: index into reader.years */
} column;

/* Where the parser is in terms of physical lines: kept when bytes are fed line by line. */
typedef struct line_state {
    unsigned long line;       /* physical line being fed, 1-based */
    unsigned long start_line; /* line where the record being parsed started */
    int rec_open;             /* a record has begun and not yet ended */
    int rec_ended;            /* the record callback ran during the current line */
    int last_cr;              /* the data fed so far ended with a CR */
} line_state;

static void lines_init(line_state *ls)
{
    memset(ls, 0, sizeof *ls);
    ls->line = 1;
    ls->start_line = 1;
}

/* Called from a record callback: the next record starts on this line or a later one. */
static void lines_record_ended(line_state *ls)
{
    ls->rec_open = 0;
    ls->rec_ended = 1;
    ls->start_line = ls->line;
}

typedef struct reader {
    struct csv_parser parser;
    sc_counts *counts;
    const char *source;
    sc_error *err;
    int rc;                 /* first failure, SC_OK while all is well */
    int track_lines;        /* feed line by line, knowing every record's line as it goes */
    line_state ls;          /* with track_lines */
    unsigned long rec_line; /* line where the current record starts (0 without track_lines) */
    size_t records;         /* records completed so far (the index of the current one) */
    size_t err_record;      /* the index of the record the failure is in */
    int err_located;        /* the failure's line is known (or does not apply) */
    size_t field;           /* fields seen so far in the current record */
    int nonempty;           /* the current record has a non-empty field */
    size_t pending_empty;   /* 1-based column of an empty count not yet reported, or 0 */

    int have_header;
    column *cols;
    size_t ncols, cols_cap;
    size_t nmonths;
    sc_month first, last;
    int32_t *years; /* distinct years of the month columns, ascending */
    size_t nyears;
    uint64_t **year_slots;
    size_t *year_used;  /* per year: used by the current row, then its block's index */
    int32_t *used_years;
    uint64_t **used_blocks; /* blocks of used_years */
    uint64_t scratch[12];   /* receives the zeros of years a row has no count in */

    text_buf text[N_REQUIRED];
    uint64_t *values; /* per column (month columns only) */
    size_t rows;
    /* Rows come grouped by ward with the categories in the same order each time, so the
     * category that followed the previous row's category last time is tried first. */
    uint32_t *next_cat; /* per category id: id + 1 of the category seen after it, or 0 */
    size_t next_cat_cap;
    uint32_t prev_cat;  /* id + 1 of the previous row's category, or 0 */
    uint32_t *next_series; /* likewise for series */
    size_t next_series_cap;
    uint32_t prev_series;
    int area_changed;   /* a ward code, ward name or borough differs from the previous row */
    int fast;           /* header read, no failure, no empty count pending in this record */
    char name_buf[96];  /* col_name's result */
    unsigned char *roles; /* per column: its role, compactly */
    uint32_t prev_area; /* the previous row's area id */
    month_col *mcols;   /* the month columns, in column order */
} reader;

static void *capped_realloc(void *p, size_t n)
{
    return n > CSV_BUFFER_CAP ? NULL : realloc(p, n);
}

/* Reports a problem in the current record at 1-based column col (0: whole record). */
static void fail(reader *r, int code, size_t col, const char *fmt, ...) SCI_PRINTF(4, 5);

static void fail(reader *r, int code, size_t col, const char *fmt, ...)
{
    if (r->rc != SC_OK)
        return;
    r->rc = code;
    r->fast = 0;
    r->err_record = r->records;
    r->err_located = r->track_lines;
    if (r->err) {
        char msg[SC_ERROR_TEXT_SIZE];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        sci_error(r->err, code, r->source, r->rec_line, (unsigned long)col, "%s", msg);
    }
}

/* The name of column f (0-based) for messages: control characters shown as \xNN. The text
 * lives in the reader and is overwritten by the next call. */
static const char *col_name(reader *r, size_t f)
{
    if (f >= r->ncols)
        return "(none)";
    return sci_excerpt(r->name_buf, sizeof r->name_buf, r->cols[f].name, strlen(r->cols[f].name));
}

/* Parses a count: digits only, at most 2^64 - 1. Returns NULL when fine, else why not. */
static const char *parse_count(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned char)s[i] - '0';
        if (d > 9)
            break;
        /* up to 19 digits cannot overflow 64 bits; check only beyond */
        if (i >= 19 && v > (UINT64_MAX - d) / 10) {
            size_t k = i;
            while (k < len && s[k] >= '0' && s[k] <= '9')
                k++;
            if (k == len)
                return "is larger than 18446744073709551615";
            break;
        }
        v = v * 10 + d;
    }
    if (i == len) {
        *out = v;
        return NULL;
    }
    /* say what kind of number it is, if it is one */
    size_t k = 0, digits = 0, dots = 0;
    int negative = len > 1 && s[0] == '-';
    for (k = negative; k < len; k++) {
        if (s[k] >= '0' && s[k] <= '9')
            digits++;
        else if (s[k] == '.')
            dots++;
        else
            break;
    }
    if (k == len && digits > 0 && dots <= 1) {
        if (negative)
            return "is negative";
        return "is not a whole number";
    }
    return "is not a count (digits 0-9 only)";
}

static int buf_set(text_buf *b, const char *s, size_t len)
{
    if (len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < len + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return SC_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->p, s, len);
    b->p[len] = '\0';
    b->len = len;
    return SC_OK;
}

static void check_text(reader *r, const char *s, size_t len, size_t col)
{
    char shown[96];
    const char *where = r->have_header ? col_name(r, col - 1) : "(header)";
    if (memchr(s, '\0', len))
        fail(r, SC_EPARSE, col, "NUL byte in column \"%s\" (is the file UTF-16?)", where);
    else if (!sci_utf8_valid(s, len))
        fail(r, SC_EPARSE, col, "column \"%s\" is not valid UTF-8: \"%s\"", where,
             sci_excerpt(shown, sizeof shown, s, len));
}

/* ---------------------------------------------------------------- header */

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

static void header_field(reader *r, const char *s, size_t len)
{
    size_t col = r->field; /* 1-based number of this field */
    if (len > SC_MPS_MAX_HEADER_NAME) {
        fail(r, SC_ELIMIT, col, "column name longer than %d bytes in the header",
             SC_MPS_MAX_HEADER_NAME);
        return;
    }
    check_text(r, s, len, col);
    if (r->rc != SC_OK)
        return;
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1]))
        len--;
    if (r->ncols == r->cols_cap) {
        size_t cap = r->cols_cap ? r->cols_cap * 2 : 32;
        column *c = realloc(r->cols, cap * sizeof *c);
        if (!c) {
            fail(r, SC_ENOMEM, col, "out of memory");
            return;
        }
        r->cols = c;
        r->cols_cap = cap;
    }
    column *c = &r->cols[r->ncols];
    memset(c, 0, sizeof *c);
    c->name = malloc(len + 1);
    if (!c->name) {
        fail(r, SC_ENOMEM, col, "out of memory");
        return;
    }
    if (len)
        memcpy(c->name, s, len);
    c->name[len] = '\0';
    c->role = ROLE_IGNORED;
    c->month = SC_MONTH_NONE;
    r->ncols++;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* 1 when s[0..len) is an English month name or its three-letter abbreviation (any case). */
static int is_month_name(const char *s, size_t len)
{
    static const char *const names[12] = { "january", "february", "march", "april", "may",
                                           "june", "july", "august", "september", "october",
                                           "november", "december" };
    for (int m = 0; m < 12; m++) {
        size_t n = strlen(names[m]);
        if ((len == 3 || len == n) && sci_ascii_caseeq(s, len, names[m], len))
            return 1;
    }
    return len == 4 && sci_ascii_caseeq(s, len, "sept", 4);
}

/* 1 for a header that names a month (or a day) in another way than YYYYMM, so that its counts
 * would otherwise go missing as an ignored column: a header made only of digit runs, month
 * names and the separators - / . _ : , and spaces, which either holds a month name and a digit
 * (Jan-24, January 2024, 2024 Jan) or at least five digits without letters (YYYY-MM, YYYY/MM,
 * YYYY.MM, YYYY_MM, YYYY-M, M/YYYY, MM/YYYY, YYYY-MM-DD, DD/MM/YYYY, YYYYMMDD, YYYYM,
 * "YYYY-MM-DD hh:mm:ss"). */
static int looks_like_month(const char *s, size_t len)
{
    size_t digits = 0;
    int month_name = 0;
    for (size_t i = 0; i < len;) {
        if (is_digit(s[i])) {
            digits++;
            i++;
        } else if (is_alpha(s[i])) {
            size_t j = i;
            while (j < len && is_alpha(s[j]))
                j++;
            if (!is_month_name(s + i, j - i))
                return 0; /* another word: a column of something else */
            month_name = 1;
            i = j;
        } else if (s[i] != '\0' && strchr("-/._:, ", s[i]) != NULL) {
            i++;
        } else {
            return 0;
        }
    }
    return month_name ? digits > 0 : digits >= 5;
}

static int cmp_year(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Fails when two non-empty header names are equal ignoring ASCII case: ambiguous. */
static void check_duplicates(reader *r)
{
    sci_strtab names;
    sci_strtab_init(&names, 1, (uint64_t)(uintptr_t)r);
    for (size_t i = 0; i < r->ncols && r->rc == SC_OK; i++) {
        sci_part part = {r->cols[i].name, strlen(r->cols[i].name)};
        uint32_t id;
        if (part.len == 0)
            continue;
        if (sci_strtab_find(&names, &part, 1, &id)) {
            size_t first = 0;
            while (first < i && !sci_ascii_caseeq(r->cols[first].name,
                                                  strlen(r->cols[first].name), part.p, part.len))
                first++;
            char shown[96];
            fail(r, SC_EDATA, i + 1, "column \"%s\" appears twice in the header (columns %zu and %zu)",
                 sci_excerpt(shown, sizeof shown, part.p, part.len), first + 1, i + 1);
        } else if (sci_strtab_intern(&names, &part, 1, &id) != SC_OK) {
            fail(r, SC_ENOMEM, i + 1, "out of memory");
        }
    }
    sci_strtab_clear(&names);
}

static void header_done(reader *r)
{
    size_t seen[N_REQUIRED] = {0};
    check_duplicates(r);
    for (size_t i = 0; i < r->ncols && r->rc == SC_OK; i++) {
        column *c = &r->cols[i];
        size_t len = strlen(c->name);
        int digits = len == 6;
        for (size_t k = 0; k < len && digits; k++)
            digits = c->name[k] >= '0' && c->name[k] <= '9';
        if (digits) {
            int year = (c->name[0] - '0') * 1000 + (c->name[1] - '0') * 100 +
                       (c->name[2] - '0') * 10 + (c->name[3] - '0');
            int month = (c->name[4] - '0') * 10 + (c->name[5] - '0');
            if (sc_month_make(&c->month, year, month) != SC_OK) {
                fail(r, SC_EDATA, i + 1,
                     "month column \"%s\" is not a valid month (YYYYMM, month 01-12)", c->name);
                return;
            }
            c->role = ROLE_MONTH;
            r->nmonths++;
            if (r->first == SC_MONTH_NONE || c->month < r->first)
                r->first = c->month;
            if (r->last == SC_MONTH_NONE || c->month > r->last)
                r->last = c->month;
            continue;
        }
        if (looks_like_month(c->name, len)) {
            /* a month column must not be skipped as "other": its counts would go missing */
            fail(r, SC_EDATA, i + 1, "column \"%s\" looks like a month but is not written YYYYMM "
                 "(e.g. 202401)", col_name(r, i));
            return;
        }
        for (int k = 0; k < N_REQUIRED; k++) {
            if (sci_ascii_caseeq(c->name, len, required_names[k], strlen(required_names[k]))) {
                c->role = k;
                seen[k] = i + 1;
            }
        }
    }
    if (r->rc != SC_OK)
        return;
    for (int k = 0; k < N_REQUIRED; k++) {
        if (!seen[k]) {
            if (r->ncols == 1 && strchr(r->cols[0].name, ';'))
                fail(r, SC_EDATA, 0, "the header has no \"%s\" column: the file seems to use "
                     "';' between fields; save it as CSV with commas", required_names[k]);
            else if (r->ncols == 1 && strchr(r->cols[0].name, '\t'))
                fail(r, SC_EDATA, 0, "the header has no \"%s\" column: the file seems to use "
                     "tabs between fields; save it as CSV with commas", required_names[k]);
            else
                fail(r, SC_EDATA, 0, "the header has no \"%s\" column", required_names[k]);
            return;
        }
    }
    if (r->nmonths == 0) {
        fail(r, SC_EDATA, 0, "the header has no month column (YYYYMM, e.g. 202401)");
        return;
    }

    /* distinct years, and each month column's year index */
    r->years = malloc(r->nmonths * sizeof *r->years);
    r->year_slots = malloc(r->nmonths * sizeof *r->year_slots);
    r->values = calloc(r->ncols, sizeof *r->values);
    r->mcols = malloc(r->nmonths * sizeof *r->mcols);
    r->roles = malloc(r->ncols);
    r->year_used = malloc(r->nmonths * sizeof *r->year_used);
    r->used_years = malloc(r->nmonths * sizeof *r->used_years);
    r->used_blocks = malloc(r->nmonths * sizeof *r->used_blocks);
    if (!r->years || !r->year_slots || !r->values || !r->mcols || !r->roles || !r->year_used ||
        !r->used_years || !r->used_blocks) {
        fail(r, SC_ENOMEM, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < r->ncols; i++)
        if (r->cols[i].role == ROLE_MONTH)
            r->years[r->nyears++] = (int32_t)(r->cols[i].month / 12);
    qsort(r->years, r->nyears, sizeof *r->years, cmp_year);
    size_t n = 0;
    for (size_t i = 0; i < r->nyears; i++)
        if (n == 0 || r->years[n - 1] != r->years[i])
            r->years[n++] = r->years[i];
    r->nyears = n;
    size_t nm = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        column *c = &r->cols[i];
        if (c->role != ROLE_MONTH)
            continue;
        for (size_t y = 0; y < r->nyears; y++)
            if (r->years[y] == c->month / 12)
                c->year_idx = y;
        month_col *m = &r->mcols[nm++];
        m->col = i;
        m->year_idx = c->year_idx;
        m->month_idx = (int)(c->month % 12);
        int rc = sc_counts_cover(r->counts, c->month, c->month);
        if (rc != SC_OK) {
            fail(r, rc, i + 1, "%s", sc_strerror(rc));
            return;
        }
    }
    for (size_t i = 0; i < r->ncols; i++)
        r->roles[i] = (unsigned char)r->cols[i].role;
    r->have_header = 1;
}

/* ---------------------------------------------------------------- rows */

static void data_field(reader *r, const char *s, size_t len)
{
    size_t col = r->field; /* 1-based */
    if (col > r->ncols) {
        if (len > 0)
            fail(r, SC_EDATA, col, "the row has more fields than the header's %zu", r->ncols);
        return;
    }
    column *c = &r->cols[col - 1];
    if (c->role == ROLE_MONTH) {
        if (len == 0) {
            if (!r->pending_empty)
                r->pending_empty = col;
            r->fast = 0;
            return;
        }
        const char *why = parse_count(s, len, &r->values[col - 1]);
        if (why) {
            char shown[96];
            fail(r, SC_EDATA, col, "count \"%s\" in column \"%s\" %s",
                 sci_excerpt(shown, sizeof shown, s, len), col_name(r, col - 1), why);
        }
    } else if (c->role < N_REQUIRED) {
        text_buf *b = &r->text[c->role];
        /* rows come grouped by ward: a text equal to the previous row's was checked then */
        if (b->valid && b->len == len && memcmp(b->p, s, len) == 0)
            return;
        b->valid = 0;
        check_text(r, s, len, col);
        if (r->rc == SC_OK && buf_set(b, s, len) != SC_OK)
            fail(r, SC_ENOMEM, col, "out of memory");
        if (r->rc == SC_OK) {
            b->valid = 1;
            if (c->role == ROLE_WARD_CODE || c->role == ROLE_WARD_NAME ||
                c->role == ROLE_BOROUGH)
                r->area_changed = 1;
        }
    }
}

/* Every field but the common case (a count of up to 19 digits in a data row that is going
 * well), which on_field handles inline. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void field_slow(reader *r, const char *s, size_t len);

static void on_field(void *data, size_t len, void *payload)
{
    reader *r = payload;
    size_t f = r->field;
    if (r->fast && f > 0 && f < r->ncols && len - 1 < 19 && r->roles[f] == ROLE_MONTH) {
        const unsigned char *p = data;
        uint64_t v = 0;
        size_t i = 0;
        for (; i < len; i++) {
            unsigned d = (unsigned)p[i] - '0';
            if (d > 9)
                break;
            v = v * 10 + d;
        }
        if (i == len) {
            r->values[f] = v;
            r->nonempty = 1;
            r->field = f + 1;
            return;
        }
    }
    field_slow(r, data ? data : "", len);
}

static void field_slow(reader *r, const char *s, size_t len)
{
    if (r->rc != SC_OK)
        return;
    if (r->field == 0) {
        r->rec_line = r->track_lines ? r->ls.start_line : 0;
        r->nonempty = 0;
        r->pending_empty = 0;
    }
    r->field++;
    if (r->field > SC_MPS_MAX_COLUMNS) {
        fail(r, SC_ELIMIT, r->field, "more than %d fields in a record", SC_MPS_MAX_COLUMNS);
        return;
    }
    if (len > SC_MPS_MAX_FIELD) {
        fail(r, SC_ELIMIT, r->field, "field in column \"%s\" is longer than %d bytes",
             col_name(r, r->field - 1), SC_MPS_MAX_FIELD);
        return;
    }
    if (len > 0) {
        r->nonempty = 1;
        if (r->pending_empty) {
            size_t col = r->pending_empty;
            fail(r, SC_EDATA, col, "empty count in column \"%s\"", col_name(r, col - 1));
            return;
        }
    }
    if (r->have_header)
        data_field(r, s, len);
    else
        header_field(r, s, len);
}

/* Records in next[prev - 1] that id followed prev (when prev is not 0), growing next. */
static int remember_next(uint32_t **next, size_t *cap, uint32_t prev, uint32_t id)
{
    if (prev == 0)
        return SC_OK;
    if (prev - 1 >= *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        while (ncap <= prev - 1)
            ncap *= 2;
        uint32_t *p = realloc(*next, ncap * sizeof *p);
        if (!p)
            return SC_ENOMEM;
        memset(p + *cap, 0, (ncap - *cap) * sizeof *p);
        *next = p;
        *cap = ncap;
    }
    (*next)[prev - 1] = id + 1;
    return SC_OK;
}

/* The category of the current row, predicted from the previous row when possible. */
static int row_category(reader *r, uint32_t *kid)
{
    const text_buf *t = r->text;
    if (r->prev_cat && r->prev_cat - 1 < r->next_cat_cap && r->next_cat[r->prev_cat - 1]) {
        uint32_t guess = r->next_cat[r->prev_cat - 1] - 1;
        const char *major, *minor;
        size_t major_len, minor_len;
        sci_counts_category_text(r->counts, guess, &major, &major_len, &minor, &minor_len);
        if (major_len == t[ROLE_MAJOR].len && minor_len == t[ROLE_MINOR].len &&
            memcmp(major, t[ROLE_MAJOR].p, major_len) == 0 &&
            memcmp(minor, t[ROLE_MINOR].p, minor_len) == 0) {
            *kid = guess;
            r->prev_cat = guess + 1;
            return SC_OK;
        }
    }
    int rc = sci_counts_category(r->counts, t[ROLE_MAJOR].p, t[ROLE_MAJOR].len, t[ROLE_MINOR].p,
                                 t[ROLE_MINOR].len, kid);
    if (rc == SC_OK)
        rc = remember_next(&r->next_cat, &r->next_cat_cap, r->prev_cat, *kid);
    r->prev_cat = *kid + 1;
    return rc;
}

/* 1 when the row's WardCode and MajorText fields are the header's names for those columns
 * (ASCII case ignored): a header line again, e.g. where two files were joined together. */
static int repeats_header(const reader *r)
{
    const text_buf *t = r->text;
    int same = 0;
    for (size_t i = 0; i < r->ncols; i++) {
        int role = r->cols[i].role;
        if (role != ROLE_WARD_CODE && role != ROLE_MAJOR)
            continue;
        if (!sci_ascii_caseeq(t[role].p, t[role].len, r->cols[i].name, strlen(r->cols[i].name)))
            return 0;
        same++;
    }
    return same == 2;
}

static void add_row(reader *r)
{
    const text_buf *t = r->text;
    if (repeats_header(r)) {
        /* its month columns may differ from the first header's: never read it as counts */
        fail(r, SC_EDATA, 1, "this line repeats the header (were two files joined together?); "
             "read each file on its own");
        return;
    }
    if (t[ROLE_WARD_CODE].len == 0) {
        size_t col = 0;
        for (size_t i = 0; i < r->ncols; i++)
            if (r->cols[i].role == ROLE_WARD_CODE)
                col = i + 1;
        fail(r, SC_EDATA, col, "empty ward code in column \"WardCode\"");
        return;
    }
    uint32_t aid = r->prev_area, kid, sid;
    int rc = SC_OK;
    if (r->area_changed || r->rows == 0) {
        rc = sci_counts_area(r->counts, t[ROLE_WARD_CODE].p, t[ROLE_WARD_CODE].len,
                             t[ROLE_WARD_NAME].p, t[ROLE_WARD_NAME].len, t[ROLE_BOROUGH].p,
                             t[ROLE_BOROUGH].len, &aid);
        r->prev_area = aid;
        r->area_changed = 0;
    }
    if (rc == SC_OK)
        rc = row_category(r, &kid);
    /* a file read twice over, or shards of one release, repeat the sequence of series */
    if (rc == SC_OK) {
        uint32_t guess = r->prev_series && r->prev_series - 1 < r->next_series_cap
                             ? r->next_series[r->prev_series - 1] : 0;
        if (guess && sci_counts_series_is(r->counts, guess - 1, aid, kid))
            sid = guess - 1;
        else
            rc = sci_counts_series(r->counts, aid, kid, &sid);
        if (rc == SC_OK)
            rc = remember_next(&r->next_series, &r->next_series_cap, r->prev_series, sid);
        r->prev_series = sid + 1;
    }
    /* blocks only for the years this row has a count in, so zeros cost no memory; the
     * loops use local copies of the reader's arrays, which the stores cannot alias */
    const month_col *mc = r->mcols;
    const uint64_t *vals = r->values;
    size_t *used = r->year_used;
    uint64_t **blocks = r->year_slots;
    size_t nmonths = r->nmonths, nyears = r->nyears, nused = 0;
    for (size_t y = 0; y < nyears; y++)
        used[y] = 0;
    for (size_t i = 0; i < nmonths; i++)
        used[mc[i].year_idx] |= vals[mc[i].col] != 0;
    for (size_t y = 0; y < nyears; y++)
        if (used[y])
            r->used_years[nused++] = r->years[y];
    if (rc == SC_OK)
        rc = sci_counts_years(r->counts, sid, r->used_years, nused, r->used_blocks);
    if (rc != SC_OK) {
        fail(r, rc, 0, "%s", sc_strerror(rc));
        return;
    }
    /* a year without counts in this row adds its zeros to a scratch block */
    for (size_t y = 0, k = 0; y < nyears; y++)
        blocks[y] = used[y] ? r->used_blocks[k++] : r->scratch;
    for (size_t i = 0; i < nmonths; i++) {
        uint64_t *slot = &blocks[mc[i].year_idx][mc[i].month_idx];
        uint64_t v = vals[mc[i].col];
        if (*slot > UINT64_MAX - v) {
            fail(r, SC_EOVERFLOW, mc[i].col + 1,
                 "total for column \"%s\" exceeds 18446744073709551615 (the same ward and "
                 "category appear on more than one row)", col_name(r, mc[i].col));
            return;
        }
        *slot += v;
    }
    r->rows++;
}

static void record_done(reader *r)
{
    if (r->rc != SC_OK || r->field == 0)
        return;
    if (!r->nonempty) {
        /* a line of empty fields counts as blank */
    } else if (!r->have_header) {
        header_done(r);
    } else if (r->pending_empty) {
        fail(r, SC_EDATA, r->pending_empty, "empty count in column \"%s\"",
             col_name(r, r->pending_empty - 1));
    } else if (r->field < r->ncols) {
        fail(r, SC_EDATA, r->field + 1,
             "the row has %zu fields, the header has %zu (column \"%s\" is missing)", r->field,
             r->ncols, col_name(r, r->field));
    } else if (r->field > r->ncols) {
        fail(r, SC_EDATA, r->ncols + 1, "the row has %zu fields, the header has %zu", r->field,
             r->ncols);
    } else {
        add_row(r);
    }
    if (!r->have_header && r->rc == SC_OK) {
        /* a blank record before the header: forget its columns */
        for (size_t i = 0; i < r->ncols; i++)
            free(r->cols[i].name);
        r->ncols = 0;
    }
    r->field = 0;
    r->nonempty = 0;
    r->pending_empty = 0;
    r->fast = r->have_header && r->rc == SC_OK;
}

static void on_record(int term, void *payload)
{
    reader *r = payload;
    (void)term;
    record_done(r);
    r->records++;
    if (r->track_lines)
        lines_record_ended(&r->ls);
}

/* ---------------------------------------------------------------- driving libcsv */

static void csv_failed(reader *r)
{
    int e = csv_error(&r->parser);
    r->rec_line = r->track_lines ? r->ls.start_line : 0;
    if (e == CSV_ENOMEM && csv_get_buffer_size(&r->parser) + 256 >= SC_MPS_MAX_FIELD)
        fail(r, SC_ELIMIT, r->field + 1, "field in column \"%s\" is longer than %d bytes",
             r->have_header ? col_name(r, r->field) : "(header)", SC_MPS_MAX_FIELD);
    else if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
        fail(r, SC_ENOMEM, r->field + 1, "out of memory");
    else
        fail(r, SC_EPARSE, r->field + 1,
             "malformed CSV: a quote inside an unquoted field, or text after a closing quote");
}

/* 1 when data[0..n) holds only spaces, tabs and line ends: libcsv sees no record there. */
static int blank(const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
            return 0;
    return 1;
}

/* Feeds len bytes to p one physical line at a time, so that the callbacks can read ls to know
 * where they are. A line ends with LF, CRLF or a lone CR. The callbacks call
 * lines_record_ended(ls); when they set *stop, feeding ends. Returns 0, or -1 when libcsv
 * fails (see csv_error). */
static int feed_lines(struct csv_parser *p, line_state *ls, const char *data, size_t len,
                      void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *),
                      void *payload, const int *stop)
{
    while (len > 0 && !*stop) {
        const char *nl = memchr(data, '\n', len);
        size_t scan = nl ? (size_t)(nl - data) : len;
        const char *cr = memchr(data, '\r', scan);
        size_t n;
        int line_end = 1, crlf_tail = 0;
        if (cr) {
            n = (size_t)(cr - data) + 1;
            if (nl == cr + 1)
                n++; /* CRLF */
            else if (n == len)
                ls->last_cr = 2; /* a CR ends the data: a LF may follow in the next part */
        } else if (nl) {
            n = (size_t)(nl - data) + 1;
            crlf_tail = nl == data && ls->last_cr == 1; /* the LF of a CRLF split in two */
        } else {
            n = len;
            line_end = 0;
        }
        if (!ls->rec_open)
            ls->start_line = ls->line;
        ls->rec_ended = 0;
        if (csv_parse(p, data, n, cb1, cb2, payload) != n)
            return -1;
        /* a line with more than white space opens a record that its line end did not close */
        if (!ls->rec_ended && !blank(data, n))
            ls->rec_open = 1;
        if (line_end && !crlf_tail)
            ls->line++;
        ls->last_cr = ls->last_cr == 2 ? 1 : 0;
        data += n;
        len -= n;
    }
    return 0;
}

/* Feeds len bytes: line by line with track_lines, otherwise in one go (faster: the line of a
 * failure is then found afterwards by locate()). */
static void feed(reader *r, const char *data, size_t len)
{
    if (r->rc != SC_OK)
        return;
    if (r->track_lines) {
        if (feed_lines(&r->parser, &r->ls, data, len, on_field, on_record, r, &r->rc) != 0)
            csv_failed(r);
    } else if (csv_parse(&r->parser, data, len, on_field, on_record, r) != len) {
        csv_failed(r);
    }
}

/* ---------------------------------------------------------------- locating a failure */

/* Finds the line where record number target starts by parsing the same bytes again, line by
 * line, with callbacks that only count records. */
typedef struct locator {
    struct csv_parser parser;
    line_state ls;
    size_t target, records;
    int done;
    unsigned long line;
} locator;

static void locate_field(void *data, size_t len, void *payload)
{
    (void)data;
    (void)len;
    (void)payload;
}

static void locate_record(int term, void *payload)
{
    locator *l = payload;
    (void)term;
    if (!l->done && l->records == l->target) {
        l->line = l->ls.start_line;
        l->done = 1;
    }
    l->records++;
    lines_record_ended(&l->ls);
}

static int locate_init(locator *l, size_t target)
{
    memset(l, 0, sizeof *l);
    lines_init(&l->ls);
    l->target = target;
    if (csv_init(&l->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    csv_set_realloc_func(&l->parser, capped_realloc);
    csv_set_free_func(&l->parser, free);
    return 0;
}

/* Feeds a part; returns 1 when the search is over (found, or libcsv stopped). */
static int locate_feed(locator *l, const char *data, size_t len)
{
    if (feed_lines(&l->parser, &l->ls, data, len, locate_field, locate_record, l, &l->done) != 0)
        return 1;
    return l->done;
}

/* The line found; when the record never ended, the line where it started. */
static unsigned long locate_end(locator *l, int finish_parse)
{
    if (finish_parse && !l->done)
        csv_fini(&l->parser, locate_field, locate_record, l);
    csv_free(&l->parser);
    return l->done ? l->line : l->ls.start_line;
}

static void finish(reader *r)
{
    if (r->rc != SC_OK)
        return;
    if (csv_fini(&r->parser, on_field, on_record, r) != 0 && r->rc == SC_OK) {
        r->rec_line = r->track_lines ? r->ls.start_line : 0;
        if (csv_error(&r->parser) == CSV_EPARSE)
            fail(r, SC_EPARSE, r->field + 1, "unterminated quoted field at the end of the file");
        else
            csv_failed(r);
    }
    if (r->rc == SC_OK && !r->have_header) {
        r->rec_line = 0;
        fail(r, SC_EDATA, 0, "empty file: no header row");
        r->err_located = 1;
    }
}

static int reader_init(reader *r, const char *source, sc_mps_info *info, sc_error *err)
{
    memset(r, 0, sizeof *r);
    r->source = source ? source : "";
    r->err = err;
    lines_init(&r->ls);
    r->first = r->last = SC_MONTH_NONE;
    if (info && (info->version == 0 || info->version > SC_MPS_INFO_VERSION))
        return sci_error(err, SC_EINVAL, r->source, 0, 0, "unsupported sc_mps_info version %u",
                         info->version);
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return sci_error(err, SC_ENOMEM, r->source, 0, 0, "out of memory");
    csv_set_realloc_func(&r->parser, capped_realloc);
    csv_set_free_func(&r->parser, free);
    int rc = sc_counts_new(&r->counts);
    if (rc != SC_OK) {
        csv_free(&r->parser);
        return sci_error(err, rc, r->source, 0, 0, "out of memory");
    }
    return SC_OK;
}

/* Ends a read: hands the table over on success, frees everything either way. */
static int reader_end(reader *r, sc_counts **out, sc_mps_info *info)
{
    int rc = r->rc;
    csv_free(&r->parser);
    for (size_t i = 0; i < r->ncols; i++)
        free(r->cols[i].name);
    free(r->cols);
    for (int k = 0; k < N_REQUIRED; k++)
        free(r->text[k].p);
    free(r->values);
    free(r->years);
    free(r->year_slots);
    free(r->next_cat);
    free(r->next_series);
    free(r->mcols);
    free(r->roles);
    free(r->year_used);
    free(r->used_years);
    free(r->used_blocks);
    if (rc == SC_OK) {
        *out = r->counts;
        if (info) {
            info->rows = r->rows;
            info->month_columns = r->nmonths;
            info->first_month = r->first;
            info->last_month = r->last;
        }
    } else {
        sc_counts_free(r->counts);
    }
    return rc;
}

/* Fails when the input's first bytes show it is not CSV. Returns 1 when it failed. */
static int check_not_csv(reader *r, const char *data, size_t len)
{
    const char *why = sci_not_csv(data, len);
    if (!why)
        return 0;
    r->rec_line = 1;
    fail(r, SC_EPARSE, 1, "%s", why);
    r->err_located = 1;
    return 1;
}

/* Skips a UTF-8 byte-order mark at the start of the input. */
static size_t bom_length(const char *data, size_t len)
{
    return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Sets the error's line once the failure's record has been located. */
static void set_line(reader *r, unsigned long line)
{
    if (r->err && r->err->code == r->rc)
        r->err->line = line;
}

int sc_mps_read_buffer(sc_counts **out, const void *data, size_t size, const char *source,
                       sc_mps_info *info, sc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || (!data && size > 0))
        return sci_error(err, SC_EINVAL, source, 0, 0, "NULL argument to sc_mps_read_buffer");
    reader r;
    int rc = reader_init(&r, source, info, err);
    if (rc != SC_OK)
        return rc;
    const char *p = data ? data : "";
    size_t skip = bom_length(p, size);
    if (!check_not_csv(&r, p, size))
        feed(&r, p + skip, size - skip);
    finish(&r);
    if (r.rc != SC_OK && !r.err_located && err) {
        locator l;
        if (locate_init(&l, r.err_record) == 0) {
            int over = locate_feed(&l, p + skip, size - skip);
            set_line(&r, locate_end(&l, !over));
        }
    }
    return reader_end(&r, out, info);
}

/* Reads fp to its end through feed(); returns 0, or the errno of a read error. */
static int read_stream(reader *r, FILE *fp, char *buf)
{
    int first = 1;
    while (r->rc == SC_OK) {
        errno = 0;
        size_t n = fread(buf, 1, READ_CHUNK, fp);
        if (n == 0)
            return ferror(fp) ? (errno ? errno : EIO) : 0;
        size_t skip = first ? bom_length(buf, n) : 0;
        if (first && check_not_csv(r, buf, n))
            break;
        first = 0;
        feed(r, buf + skip, n - skip);
    }
    return 0;
}

/* Reads fp again from offset start to find the line of record target. */
static unsigned long locate_stream(FILE *fp, long start, size_t target, char *buf)
{
    locator l;
    if (fseek(fp, start, SEEK_SET) != 0 || locate_init(&l, target) != 0)
        return 0;
    int first = 1, over = 0;
    while (!over) {
        size_t n = fread(buf, 1, READ_CHUNK, fp);
        if (n == 0)
            break;
        size_t skip = first ? bom_length(buf, n) : 0;
        first = 0;
        over = locate_feed(&l, buf + skip, n - skip);
    }
    return locate_end(&l, !over);
}

int sc_mps_read_file(sc_counts **out, FILE *fp, const char *source, sc_mps_info *info,
                     sc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || !fp)
        return sci_error(err, SC_EINVAL, source, 0, 0, "NULL argument to sc_mps_read_file");
    reader r;
    int rc = reader_init(&r, source, info, err);
    if (rc != SC_OK)
        return rc;
    char *buf = malloc(READ_CHUNK);
    if (!buf) {
        r.rc = sci_error(err, SC_ENOMEM, r.source, 0, 0, "out of memory");
        return reader_end(&r, out, info);
    }
    /* A stream that can be read again is parsed in one go per chunk and read a second time
     * only to locate a failure; a pipe is parsed line by line. */
    long start = ftell(fp);
    int seekable = start >= 0 && fseek(fp, start, SEEK_SET) == 0;
    r.track_lines = !seekable;
    int e = read_stream(&r, fp, buf);
    if (e != 0) {
        r.rc = sci_error_errno(err, e, r.source, "read error: %s", strerror(e));
        r.err_located = 1;
    } else {
        finish(&r);
    }
    if (r.rc != SC_OK && !r.err_located && err)
        set_line(&r, locate_stream(fp, start, r.err_record, buf));
    free(buf);
    return reader_end(&r, out, info);
}

int sc_mps_read_path(sc_counts **out, const char *path, sc_mps_info *info, sc_error *err)
{
    if (out)
        *out = NULL;
    if (!out || !path)
        return sci_error(err, SC_EINVAL, path, 0, 0, "NULL argument to sc_mps_read_path");
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return sci_error_errno(err, e, path, "cannot open: %s", strerror(e));
    }
    int rc = sc_mps_read_file(out, fp, path, info, err);
    fclose(fp);
    return rc;
}
