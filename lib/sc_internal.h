/*
 * sc_internal.h - helpers shared by the library's modules. Not installed, not API.
 * Internal names use the prefix `sci_` so that the export filter '^sc_' never exports them.
 */
#ifndef SC_INTERNAL_H
#define SC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stalkcase/common.h>
#include <stalkcase/counts.h>
#include <stalkcase/month.h>
#include <stalkcase/time.h>
#include <stalkcase/vocab.h>

#if defined(__GNUC__)
#define SCI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCI_PRINTF(f, a)
#endif

/* ---- errors (error.c) ---- */

/* Fills err (when not NULL) and returns code. source may be NULL; line/column 0 = unknown. */
int sci_error(sc_error *err, int code, const char *source, unsigned long line,
              unsigned long column, const char *fmt, ...) SCI_PRINTF(6, 7);

/* Like sci_error, also recording errno for SC_EIO. */
int sci_error_errno(sc_error *err, int sys_errno, const char *source, const char *fmt, ...)
    SCI_PRINTF(4, 5);

/* Writes text (len bytes, not necessarily NUL-terminated) into buf as a short, printable
 * excerpt for messages: non-printable bytes (those of C1 controls too) become \xNN and text
 * longer than about 40 characters is cut with "...". Always NUL-terminates when size > 0. Returns buf. */
char *sci_excerpt(char *buf, size_t size, const char *text, size_t len);

/* ---- text (utf8.c) ---- */

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF), else 0. NUL bytes are well-formed; callers that forbid them check separately. */
int sci_utf8_valid(const char *s, size_t len);

/* Recognises input that is not CSV text at all from its first bytes (an Excel workbook, UTF-16
 * text, a PDF): returns a message for the user, or NULL. */
const char *sci_not_csv(const char *data, size_t len);

/* ASCII-only case folding and comparison; bytes >= 0x80 compare as themselves. */
int sci_ascii_casecmp(const char *a, size_t alen, const char *b, size_t blen);
int sci_ascii_caseeq(const char *a, size_t alen, const char *b, size_t blen);

/* Checks a text for the case-record model: valid UTF-8 made only of characters XML 1.0 allows
 * (no C0 controls other than tab, LF and CR; no U+FFFE or U+FFFF), so that whatever the model
 * holds can be written to a file and read back. With is_id set, it must also be non-empty and
 * hold no control character at all: no C0 control, DEL or C1 control (U+0080..U+009F), Unicode's
 * category Cc (ids travel in attributes, whose white space XML normalises). what names the field in the message, which quotes the text only for ids
 * (other fields may be sensitive). Returns SC_OK, SC_EINVAL (NULL text) or SC_EDATA. */
int sci_text_check(const char *text, int is_id, const char *what, sc_error *err);
/* sci_text_check, then a malloc'ed copy in *out (NULL on failure): SC_OK, SC_EINVAL, SC_EDATA
 * or SC_ENOMEM. */
int sci_text_dup(char **out, const char *text, int is_id, const char *what, sc_error *err);
/* Wipes a text with sodium_memzero (DESIGN section 5: secrets are wiped when freed) and frees
 * it. NULL does nothing. */
void sci_text_free(char *s);
/* Replaces *slot with a checked copy of text (is_id 0), or clears it when text is NULL; the old
 * text is wiped. The field is unchanged on failure. SC_OK, SC_EDATA or SC_ENOMEM. */
int sci_text_set(char **slot, const char *text, const char *what, sc_error *err);
/* A malloc'ed copy of a text the model already holds (checked when it entered), or NULL for
 * NULL: SC_OK or SC_ENOMEM (*out is then NULL). */
int sci_text_clone(char **out, const char *text);
/* Equality of two optional texts (NULL equals only NULL). */
int sci_text_equal(const char *a, const char *b);

/* ---- interned strings (intern.c) ---- */

typedef struct sci_str {
    char *text;   /* NUL-terminated, owned by the table; a composite key holds its parts
                     separated by NUL bytes */
    size_t len;   /* length of the whole text, separators included */
    uint64_t hash;
} sci_str;

/* One part of a composite key: len bytes at p (not necessarily NUL-terminated). */
typedef struct sci_part {
    const char *p;
    size_t len;
} sci_part;

/* A set of distinct strings (or composite keys of up to SCI_MAX_PARTS parts, stored joined by
 * NUL bytes) with stable ids 0..count-1 and stable text pointers. With fold set, keys equal
 * under ASCII case folding are one entry, keeping the first spelling. */
#define SCI_MAX_PARTS 4
typedef struct sci_strtab {
    sci_str *items;
    size_t count, cap;
    uint64_t *slots;  /* open addressing: (hash high 32 bits << 32) | (id + 1); 0 = empty */
    size_t nslots;    /* power of two, or 0 */
    int fold;
    uint64_t seed;    /* secret per table, so crafted inputs cannot force collisions */
} sci_strtab;

/* The hash sci_strtab uses for a one-part key of len bytes at p, exact (not folded). */
uint64_t sci_hash_bytes(const char *p, size_t len, uint64_t seed);
/* A secret hash seed from libsodium's randombytes; if libsodium cannot start, one made from
 * salt (an address), the clock and the time. */
uint64_t sci_random_seed(const void *salt);

void sci_strtab_init(sci_strtab *t, int fold, uint64_t seed);
void sci_strtab_clear(sci_strtab *t);
/* Finds the key made of parts[0..n); returns 1 and sets *id when present, else 0. */
int sci_strtab_find(const sci_strtab *t, const sci_part *parts, int n, uint32_t *id);
/* Finds or adds the key. Returns SC_OK, SC_ENOMEM or SC_ELIMIT (2^31 keys). */
int sci_strtab_intern(sci_strtab *t, const sci_part *parts, int n, uint32_t *id);

/* Makes room for one more element in *items (count used of *cap, each size bytes), doubling
 * the capacity. SC_OK or SC_ENOMEM (then nothing changes). */
int sci_grow(void **items, size_t *cap, size_t count, size_t size);

/* A hash index of 32-bit item ids keyed by a 64-bit key (the key is the identity: two items
 * with the same key are the same item). */
typedef struct sci_keyslot {
    uint64_t key;
    uint32_t id1; /* id + 1; 0 = empty */
} sci_keyslot;

typedef struct sci_keyidx {
    sci_keyslot *slots; /* key and id side by side: one cache line per probe */
    size_t nslots, count;
    uint64_t seed;      /* secret per index: slot positions cannot be predicted */
} sci_keyidx;

void sci_keyidx_init(sci_keyidx *x, uint64_t seed);
void sci_keyidx_clear(sci_keyidx *x);
int sci_keyidx_find(const sci_keyidx *x, uint64_t key, uint32_t *id);
/* Makes room for one more insertion (may reallocate). SC_OK or SC_ENOMEM. */
int sci_keyidx_reserve(sci_keyidx *x);
/* Inserts key -> id; the key must be absent and room reserved. Cannot fail. */
void sci_keyidx_put(sci_keyidx *x, uint64_t key, uint32_t id);

/* ---- count tables (counts.c), fast paths for importers ---- */

/* Interns an area given as three texts of known length (validated UTF-8, no NUL). */
int sci_counts_area(sc_counts *c, const char *code, size_t code_len, const char *name,
                    size_t name_len, const char *borough, size_t borough_len, uint32_t *id);
/* Interns a category (major, minor). */
int sci_counts_category(sc_counts *c, const char *major, size_t major_len, const char *minor,
                        size_t minor_len, uint32_t *id);
/* The texts of category id (first spelling). */
void sci_counts_category_text(const sc_counts *c, uint32_t id, const char **major,
                              size_t *major_len, const char **minor, size_t *minor_len);
/* 1 when series id exists and belongs to (area, category). */
int sci_counts_series_is(const sc_counts *c, uint32_t id, uint32_t area, uint32_t category);
/* Finds or creates the series (area, category); *id receives its id. */
int sci_counts_series(sc_counts *c, uint32_t area, uint32_t category, uint32_t *id);
/* Makes sure series id can hold a count for month m and returns a pointer to that count in
 * *slot, valid until the table is next changed. Does not cover m. */
int sci_counts_slot(sc_counts *c, uint32_t series, sc_month m, uint64_t **slot);
/* Makes sure series id has a block for each of years[0..n) (ascending, distinct) and sets
 * blocks[i] to the twelve counts of years[i], valid until the table is next changed. */
int sci_counts_years(sc_counts *c, uint32_t series, const int32_t *years, size_t n,
                     uint64_t **blocks);


/* ---- small CSV files read whole (csv_table.c): breaks and population tables ---- */

#define SCI_CSV_MAX_FILE (64 * 1024 * 1024) /* bytes in a file read by sci_csv_read_path */
#define SCI_CSV_MAX_FIELD 65536             /* bytes in one field */
#define SCI_CSV_MAX_COLUMNS 4096            /* fields in one record */

typedef struct sci_csv_row {
    char **fields;      /* NUL-terminated UTF-8 texts, owned by the table */
    size_t nfields;
    unsigned long line; /* physical line (1-based) where the record starts */
} sci_csv_row;

/* Records of a CSV text, blank records dropped (row 0 is the header when there is one). */
typedef struct sci_csv {
    sci_csv_row *rows;
    size_t nrows, cap;
} sci_csv;

/* Parses size bytes (UTF-8, optional BOM, LF/CRLF/CR). On failure *out is empty and err says
 * where (source:line:column). Returns SC_OK, SC_EPARSE, SC_ELIMIT or SC_ENOMEM. */
int sci_csv_read_buffer(sci_csv *out, const void *data, size_t size, const char *source,
                        sc_error *err);
/* Reads a whole file (at most SCI_CSV_MAX_FILE bytes) and parses it; SC_EIO too. */
int sci_csv_read_path(sci_csv *out, const char *path, sc_error *err);
void sci_csv_free(sci_csv *t);
/* Index of the header field equal to name (ASCII-case-insensitive, spaces and tabs around the
 * field ignored), or -1. */
long sci_csv_column(const sci_csv_row *header, const char *name);

/* Checks a header row: fails (SC_EDATA, at its line and the later column) when two non-empty
 * names are equal ignoring ASCII case and surrounding spaces, and explains a header of one
 * field holding ';' or a tab (a file with the wrong separator). Returns SC_OK or the status. */
int sci_csv_check_header(const sci_csv_row *header, const char *source, sc_error *err);

#endif /* SC_INTERNAL_H */
