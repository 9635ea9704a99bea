/*
 * csv_table.c - small CSV files (breaks tables, population tables) read whole into memory with
 * libcsv, every record knowing the physical line it starts on. Not API (sci_ prefix).
 *
 * Bytes are fed to libcsv one physical line at a time (LF, CRLF or a lone CR ends a line), so
 * that the callbacks know the line. A UTF-8 byte-order mark is skipped; records whose fields
 * are all empty (blank lines) are dropped; every field must be valid UTF-8 without NUL bytes.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "sc_internal.h"

typedef struct builder {
    sci_csv *out;
    const char *source;
    sc_error *err;
    int rc;
    /* the record being built */
    char **fields;
    size_t nfields, cap;
    int nonempty;
    /* lines */
    unsigned long line;       /* physical line being fed */
    unsigned long start_line; /* line where the current record started */
    int rec_open;
    int rec_ended;
} builder;

static void *capped_realloc(void *p, size_t n)
{
    return n > (size_t)SCI_CSV_MAX_FIELD + 1024 ? NULL : realloc(p, n);
}

static void drop_fields(builder *b)
{
    for (size_t i = 0; i < b->nfields; i++)
        free(b->fields[i]);
    b->nfields = 0;
    b->nonempty = 0;
}

static void on_field(void *data, size_t len, void *payload)
{
    builder *b = payload;
    if (b->rc != SC_OK)
        return;
    const char *s = data ? data : "";
    size_t col = b->nfields + 1;
    char ex[64];
    if (len > SCI_CSV_MAX_FIELD) {
        b->rc = sci_error(b->err, SC_ELIMIT, b->source, b->start_line, col,
                          "field longer than %d bytes", SCI_CSV_MAX_FIELD);
        return;
    }
    if (memchr(s, '\0', len) != NULL || !sci_utf8_valid(s, len)) {
        b->rc = sci_error(b->err, SC_EPARSE, b->source, b->start_line, col,
                          "field is not valid UTF-8 text: \"%s\"",
                          sci_excerpt(ex, sizeof ex, s, len));
        return;
    }
    if (b->nfields >= SCI_CSV_MAX_COLUMNS) {
        b->rc = sci_error(b->err, SC_ELIMIT, b->source, b->start_line, col,
                          "more than %d fields in a record", SCI_CSV_MAX_COLUMNS);
        return;
    }
    if (b->nfields == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 8;
        char **p = realloc(b->fields, ncap * sizeof *p);
        if (!p) {
            b->rc = sci_error(b->err, SC_ENOMEM, b->source, 0, 0, "out of memory");
            return;
        }
        b->fields = p;
        b->cap = ncap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        b->rc = sci_error(b->err, SC_ENOMEM, b->source, 0, 0, "out of memory");
        return;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    b->fields[b->nfields++] = copy;
    if (len > 0)
        b->nonempty = 1;
}

static void on_record(int term, void *payload)
{
    builder *b = payload;
    (void)term;
    unsigned long line = b->start_line;
    b->rec_open = 0;
    b->rec_ended = 1;
    b->start_line = b->line;
    if (b->rc != SC_OK)
        return;
    if (!b->nonempty) {
        drop_fields(b);
        return;
    }
    sci_csv *t = b->out;
    if (t->nrows == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        sci_csv_row *p = realloc(t->rows, ncap * sizeof *p);
        if (!p) {
            b->rc = sci_error(b->err, SC_ENOMEM, b->source, 0, 0, "out of memory");
            return;
        }
        t->rows = p;
        t->cap = ncap;
    }
    sci_csv_row *row = &t->rows[t->nrows];
    row->fields = malloc(b->nfields * sizeof *row->fields);
    if (!row->fields) {
        b->rc = sci_error(b->err, SC_ENOMEM, b->source, 0, 0, "out of memory");
        return;
    }
    memcpy(row->fields, b->fields, b->nfields * sizeof *row->fields);
    row->nfields = b->nfields;
    row->line = line;
    t->nrows++;
    b->nfields = 0; /* the strings now belong to the row */
    b->nonempty = 0;
}

static int blank(const char *data, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
            return 0;
    return 1;
}

static void parse_failed(builder *b, struct csv_parser *p)
{
    if (b->rc != SC_OK)
        return;
    int e = csv_error(p);
    if (e == CSV_ENOMEM && csv_get_buffer_size(p) + 256 >= SCI_CSV_MAX_FIELD)
        b->rc = sci_error(b->err, SC_ELIMIT, b->source, b->start_line, b->nfields + 1,
                          "field longer than %d bytes", SCI_CSV_MAX_FIELD);
    else if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
        b->rc = sci_error(b->err, SC_ENOMEM, b->source, 0, 0, "out of memory");
    else
        b->rc = sci_error(b->err, SC_EPARSE, b->source, b->start_line, b->nfields + 1,
                          "malformed CSV: a quote inside an unquoted field, a quoted field "
                          "that is never closed, or text after a closing quote");
}

int sci_csv_read_buffer(sci_csv *out, const void *data, size_t size, const char *source,
                        sc_error *err)
{
    memset(out, 0, sizeof *out);
    builder b;
    memset(&b, 0, sizeof b);
    b.out = out;
    b.source = source;
    b.err = err;
    b.line = 1;
    b.start_line = 1;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return sci_error(err, SC_ENOMEM, source, 0, 0, "out of memory");
    csv_set_realloc_func(&p, capped_realloc);
    csv_set_free_func(&p, free);

    const char *s = data ? data : "";
    size_t len = size;
    const char *why = sci_not_csv(s, len);
    if (why) {
        csv_free(&p);
        return sci_error(err, SC_EPARSE, source, 1, 1, "%s", why);
    }
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    while (len > 0 && b.rc == SC_OK) {
        size_t n = 0;
        while (n < len && s[n] != '\n' && s[n] != '\r')
            n++;
        if (n < len) {
            if (s[n] == '\r' && n + 1 < len && s[n + 1] == '\n')
                n++;
            n++;
        }
        if (!b.rec_open)
            b.start_line = b.line;
        b.rec_ended = 0;
        if (csv_parse(&p, s, n, on_field, on_record, &b) != n) {
            parse_failed(&b, &p);
            break;
        }
        if (!b.rec_ended && !blank(s, n))
            b.rec_open = 1;
        b.line++;
        s += n;
        len -= n;
    }
    if (b.rc == SC_OK && csv_fini(&p, on_field, on_record, &b) != 0)
        parse_failed(&b, &p);
    csv_free(&p);
    drop_fields(&b);
    free(b.fields);
    if (b.rc != SC_OK)
        sci_csv_free(out);
    return b.rc;
}

int sci_csv_read_path(sci_csv *out, const char *path, sc_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return sci_error_errno(err, e, path, "cannot open: %s", strerror(e));
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = SC_OK;
    for (;;) {
        if (len == cap && cap >= SCI_CSV_MAX_FILE) {
            /* full: one more byte means the file is too large */
            if (fread(buf + len, 1, 1, fp) == 1)
                rc = sci_error(err, SC_ELIMIT, path, 0, 0, "file larger than %d bytes",
                               SCI_CSV_MAX_FILE);
            else if (ferror(fp))
                rc = sci_error_errno(err, errno ? errno : EIO, path, "read error: %s",
                                     strerror(errno ? errno : EIO));
            break;
        }
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > SCI_CSV_MAX_FILE)
                ncap = SCI_CSV_MAX_FILE;
            char *p = realloc(buf, ncap + 1); /* + 1: room to see a byte past the limit */
            if (!p) {
                rc = sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
                break;
            }
            buf = p;
            cap = ncap;
        }
        errno = 0;
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp)) {
                int e = errno ? errno : EIO;
                rc = sci_error_errno(err, e, path, "read error: %s", strerror(e));
            }
            break;
        }
    }
    fclose(fp);
    if (rc == SC_OK)
        rc = sci_csv_read_buffer(out, buf, len, path, err);
    free(buf);
    return rc;
}

void sci_csv_free(sci_csv *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->rows[i].nfields; j++)
            free(t->rows[i].fields[j]);
        free(t->rows[i].fields);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* The field without the spaces and tabs around it; *len receives its length. */
static const char *trim_field(const char *f, size_t *len)
{
    size_t n = strlen(f);
    while (n > 0 && is_space(*f)) {
        f++;
        n--;
    }
    while (n > 0 && is_space(f[n - 1]))
        n--;
    *len = n;
    return f;
}

long sci_csv_column(const sci_csv_row *header, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i < header->nfields; i++) {
        size_t len;
        const char *f = trim_field(header->fields[i], &len);
        if (sci_ascii_caseeq(f, len, name, nlen))
            return (long)i;
    }
    return -1;
}

int sci_csv_check_header(const sci_csv_row *header, const char *source, sc_error *err)
{
    if (header->nfields == 1 && (strchr(header->fields[0], ';') || strchr(header->fields[0], '\t')))
        return sci_error(err, SC_EDATA, source, header->line, 0,
                         "the header is a single field: the file seems to use %s between "
                         "fields; save it as CSV with commas",
                         strchr(header->fields[0], ';') ? "';'" : "tabs");
    sci_strtab names;
    int rc = SC_OK;
    sci_strtab_init(&names, 1, (uint64_t)(uintptr_t)header);
    for (size_t i = 0; i < header->nfields && rc == SC_OK; i++) {
        size_t len;
        const char *name = trim_field(header->fields[i], &len);
        sci_part part = {name, len};
        uint32_t id;
        if (len == 0)
            continue;
        if (sci_strtab_find(&names, &part, 1, &id)) {
            char shown[96];
            rc = sci_error(err, SC_EDATA, source, header->line, (unsigned long)i + 1,
                           "column \"%s\" appears twice in the header",
                           sci_excerpt(shown, sizeof shown, name, len));
        } else {
            rc = sci_strtab_intern(&names, &part, 1, &id);
            if (rc != SC_OK)
                rc = sci_error(err, rc, source, 0, 0, "%s", sc_strerror(rc));
        }
    }
    sci_strtab_clear(&names);
    return rc;
}
