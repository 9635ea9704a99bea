/*
 * xml_read.c - casebook XML files into casebooks or a stream of records (xml.h).
 *
 * Data flow: input (path / FILE* / fd / memory) -> our read function (gzip detected by its magic
 * bytes and inflated with zlib under the max_inflated cap) -> libxml2's SAX2 push parser
 * (XML_PARSE_NONET, no entity substitution) -> when validating, xmlSchemaSAXPlug's streaming
 * validator against the embedded schema -> our SAX callbacks, which check structure and limits
 * and fill records through the model's setters.
 *
 * Errors never go through libxml2's global handlers where we can help it: parser errors reach
 * the context's own sax->serror (the reader is found through the parser context's _private),
 * schema errors the validation context's structured handler. The first error wins; it stops the
 * parser and is returned with the input's name, line and column.
 */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <sodium.h>
#include <zlib.h>

#include <stalkcase/xml.h>

#include "model_internal.h"
#include "xml_guard.h"

/* The schema, compiled in by build-aux/embed.sh (lib/schema_xsd.c). */
extern const unsigned char sci_schema_xsd[];
extern const size_t sci_schema_xsd_size;

const char *sc_xml_schema(size_t *size)
{
    if (size)
        *size = sci_schema_xsd_size;
    return (const char *)sci_schema_xsd;
}

/* libxml2's own ceiling for a text node without XML_PARSE_HUGE. */
#define MAX_TEXT_CEILING 10000000u
#define MAX_DEPTH_CEILING 256u
#define CHUNK 65536

/* ------------------------------------------------------------------------------- input */

enum src_kind { SRC_FD, SRC_FILE, SRC_MEM };

typedef struct source {
    enum src_kind kind;
    int fd;
    FILE *fp;
    const unsigned char *data;
    size_t size, pos;
    int gz;
    z_stream z;
    int z_ready, z_end, raw_eof;
    size_t pending, pending_pos; /* plain input: bytes of `in` not yet handed out */
    uint64_t inflated, cap;
    int sys_errno;
    const char *zmsg; /* gzip failure text */
    int code;         /* status of a failure */
    unsigned char in[CHUNK];
} source;

/* Reads raw bytes; returns the count, 0 at end, -1 on error (sys_errno set). */
static long raw_read(source *s, unsigned char *buf, size_t n)
{
    switch (s->kind) {
    case SRC_FD:
        for (;;) {
            ssize_t r = read(s->fd, buf, n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                s->sys_errno = errno;
                return -1;
            }
            return (long)r;
        }
    case SRC_FILE: {
        size_t r = fread(buf, 1, n, s->fp);
        if (r == 0 && ferror(s->fp)) {
            s->sys_errno = errno ? errno : EIO;
            return -1;
        }
        return (long)r;
    }
    case SRC_MEM: {
        size_t k = s->size - s->pos;
        if (k > n)
            k = n;
        if (k)
            memcpy(buf, s->data + s->pos, k);
        s->pos += k;
        return (long)k;
    }
    }
    return -1;
}

/* Fills `in` with the first bytes and decides whether the input is gzip. */
static int source_start(source *s)
{
    long r = raw_read(s, s->in, sizeof s->in);
    if (r < 0) {
        s->code = SC_EIO;
        return -1;
    }
    if (r >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        s->gz = 1;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
            s->code = SC_ENOMEM;
            s->zmsg = "cannot start gzip decompression";
            return -1;
        }
        s->z_ready = 1;
        s->z.next_in = s->in;
        s->z.avail_in = (uInt)r;
    } else {
        s->pending = (size_t)r;
        s->pending_pos = 0;
        if (r == 0)
            s->raw_eof = 1;
    }
    return 0;
}

/* Reads decoded text: count, 0 at the end, -1 on error (code, sys_errno or zmsg set). */
static long source_read(source *s, unsigned char *buf, size_t n)
{
    if (!s->gz) {
        if (s->pending_pos < s->pending) {
            size_t k = s->pending - s->pending_pos;
            if (k > n)
                k = n;
            memcpy(buf, s->in + s->pending_pos, k);
            s->pending_pos += k;
            return (long)k;
        }
        long r = raw_read(s, buf, n);
        if (r < 0)
            s->code = SC_EIO;
        return r;
    }
    for (;;) {
        if (s->z.avail_in == 0 && !s->raw_eof) {
            long r = raw_read(s, s->in, sizeof s->in);
            if (r < 0) {
                s->code = SC_EIO;
                return -1;
            }
            if (r == 0)
                s->raw_eof = 1;
            s->z.next_in = s->in;
            s->z.avail_in = (uInt)r;
        }
        if (s->z_end) {
            if (s->z.avail_in == 0 && s->raw_eof)
                return 0;
            if (s->z.avail_in == 0)
                continue;
            /* Another gzip member follows (RFC 1952 allows several). */
            if (inflateReset(&s->z) != Z_OK) {
                s->code = SC_EPARSE;
                s->zmsg = "corrupt gzip stream";
                return -1;
            }
            s->z_end = 0;
        }
        s->z.next_out = buf;
        s->z.avail_out = (uInt)n;
        int zr = inflate(&s->z, Z_NO_FLUSH);
        size_t got = n - s->z.avail_out;
        if (zr == Z_STREAM_END) {
            s->z_end = 1;
        } else if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR || zr == Z_STREAM_ERROR) {
            s->code = SC_EPARSE;
            s->zmsg = s->z.msg ? s->z.msg : "corrupt gzip stream";
            return -1;
        } else if (zr == Z_MEM_ERROR) {
            s->code = SC_ENOMEM;
            s->zmsg = "out of memory inflating gzip";
            return -1;
        }
        s->inflated += got;
        if (s->cap && s->inflated > s->cap) {
            s->code = SC_ELIMIT;
            s->zmsg = "decompressed text exceeds the max_inflated limit";
            return -1;
        }
        if (got > 0)
            return (long)got;
        if (!s->z_end && s->z.avail_in == 0 && s->raw_eof) {
            s->code = SC_EPARSE;
            s->zmsg = "truncated gzip stream";
            return -1;
        }
    }
}

/* ------------------------------------------------------------------------------- reader */

enum node {
    N_NONE,
    N_CASEBOOK,
    N_VICTIM,
    N_REPORT,
    N_EVIDENCE,
    N_CUSTODY,
    N_FIELD
};

enum field {
    F_V_NAME, F_V_CONTACT, F_V_AGE, F_V_GENDER, F_V_CHANNEL, F_V_FIRST, F_V_RISK, F_V_CONSENT,
    F_R_REPORTED, F_R_FIRST, F_R_LAST, F_R_OFFENCE, F_R_OFFCODE, F_R_WCODE, F_R_WNAME,
    F_R_BOROUGH, F_R_FORCE, F_R_REL, F_R_TYP, F_R_OUTCOME, F_R_CYBER, F_R_NOTES, F_R_VREF,
    F_E_KIND, F_E_PLATFORM, F_E_OCC, F_E_CAP, F_E_DESC, F_E_SHA, F_E_SIZE, F_E_MEDIA, F_E_URI,
    F_C_AT, F_C_ACTOR, F_C_ACTION, F_C_NOTE
};

static const struct {
    enum node parent;
    const char *name;
    enum field field;
} fields[] = {
    { N_VICTIM, "name", F_V_NAME },
    { N_VICTIM, "contact", F_V_CONTACT },
    { N_VICTIM, "age-band", F_V_AGE },
    { N_VICTIM, "gender", F_V_GENDER },
    { N_VICTIM, "channel", F_V_CHANNEL },
    { N_VICTIM, "first-contact", F_V_FIRST },
    { N_VICTIM, "risk", F_V_RISK },
    { N_VICTIM, "consent", F_V_CONSENT },
    { N_REPORT, "reported-at", F_R_REPORTED },
    { N_REPORT, "first-incident", F_R_FIRST },
    { N_REPORT, "last-incident", F_R_LAST },
    { N_REPORT, "offence", F_R_OFFENCE },
    { N_REPORT, "offence-code", F_R_OFFCODE },
    { N_REPORT, "ward-code", F_R_WCODE },
    { N_REPORT, "ward-name", F_R_WNAME },
    { N_REPORT, "borough", F_R_BOROUGH },
    { N_REPORT, "force", F_R_FORCE },
    { N_REPORT, "relationship", F_R_REL },
    { N_REPORT, "typology", F_R_TYP },
    { N_REPORT, "outcome", F_R_OUTCOME },
    { N_REPORT, "cyber-element", F_R_CYBER },
    { N_REPORT, "notes", F_R_NOTES },
    { N_REPORT, "victim-ref", F_R_VREF },
    { N_EVIDENCE, "kind", F_E_KIND },
    { N_EVIDENCE, "platform", F_E_PLATFORM },
    { N_EVIDENCE, "occurred-at", F_E_OCC },
    { N_EVIDENCE, "captured-at", F_E_CAP },
    { N_EVIDENCE, "description", F_E_DESC },
    { N_EVIDENCE, "sha256", F_E_SHA },
    { N_EVIDENCE, "size", F_E_SIZE },
    { N_EVIDENCE, "media-type", F_E_MEDIA },
    { N_EVIDENCE, "uri", F_E_URI },
    { N_CUSTODY, "at", F_C_AT },
    { N_CUSTODY, "actor", F_C_ACTOR },
    { N_CUSTODY, "action", F_C_ACTION },
    { N_CUSTODY, "note", F_C_NOTE },
};

/* The elements that are not fields. */
enum record { R_CASEBOOK, R_VICTIM, R_REPORT, R_EVIDENCE, R_CUSTODY, R_COUNT };
static const char *const record_names[R_COUNT] = { "casebook", "victim", "report", "evidence",
                                                   "custody" };

#define FIELD_SLOTS 128u /* a power of two, more than twice the number of fields */

typedef struct reader {
    const sc_xml_read_options *o;
    const char *name;
    xmlParserCtxtPtr ctxt;
    sc_error *err;
    int rc;
    /* output */
    sc_casebook *cb;
    sc_victim_cb on_victim;
    sc_report_cb on_report;
    sc_victim_take_cb take_victim; /* sc_xml_stream_take: the callbacks own the records */
    sc_report_take_cb take_report;
    void *payload;
    /* sc_xml_stream: one report is reused from record to record. Between records its texts'
     * buffers (wiped) wait here, texts in their sc_report_text slot and the id in the last,
     * each with its size; while a record is read, cap[i] is the size of the buffer in use. */
    int reuse;
    char *spare[SC_REPORT_TEXT_COUNT + 1];
    size_t spare_cap[SC_REPORT_TEXT_COUNT + 1], cap_used[SC_REPORT_TEXT_COUNT + 1];
    /* structure */
    unsigned int depth;
    enum node stack[MAX_DEPTH_CEILING + 2];
    enum field field;
    int seen_report;
    int root_done; /* the root element was opened and closed */
    /* opts->unique_ids (streaming only): the ids seen so far, victims' in ids[0] and reports'
     * in ids[1], each table's id numbers being the records' 0-based positions */
    int unique_ids;
    sci_strtab ids[2];
    /* libxml2's errors raised without a parser context (encoding conversion, its I/O layer)
     * reach only the thread's global handlers: ours while the parser runs (lib_on), the
     * caller's saved here. The first such error is kept until the parser returns. */
    int lib_on;
    xmlStructuredErrorFunc saved_serror;
    void *saved_sctx;
    xmlGenericErrorFunc saved_gerror;
    void *saved_gctx;
    int lib_error;
    unsigned long lib_line, lib_col;
    char lib_msg[SC_ERROR_TEXT_SIZE];
    /* records being read */
    sc_victim *v;
    sc_report *r;
    sc_evidence *e; /* borrowed from r */
    /* evidence digest and custody entry being read */
    int has_sha, has_size;
    uint8_t sha[SC_SHA256_SIZE];
    uint64_t size;
    int has_at;
    sc_time at;
    char *actor, *action, *note;
    /* text of the current field */
    char *text;
    size_t len, cap;
    unsigned long text_line, text_col;
    /* Schema validation: the plugged validator's SAX handlers and their user data (NULL when not
     * validating). A field's text goes to it in one piece, before the next element event:
     * libxml2 2.9 appends each piece to the text seen so far (quadratic in the pieces). */
    const xmlSAXHandler *vsax;
    void *vdata;
    size_t vsent; /* bytes of text already passed to the validator */
    /* fields[i].name interned in the parser's dictionary: libxml2 hands element names over
     * from that dictionary, so most lookups compare pointers (strcmp is the fallback). */
    const xmlChar *interned[sizeof fields / sizeof fields[0]];
    const xmlChar *ns_seen; /* a namespace-name pointer already found equal to ours */
    const xmlChar *records[R_COUNT]; /* record_names interned likewise (NULL: not interned) */
    /* The same pointers in an open-addressed table (slot: index in fields + 1, or 0). */
    unsigned char by_ptr[FIELD_SLOTS];
} reader;

/* Whether an element name is record_names[r]: libxml2 hands names over from the parser's
 * dictionary, where equal names are the same pointer. */
static int is_record(const reader *rd, const xmlChar *name, enum record r)
{
    if (rd->records[r])
        return name == rd->records[r];
    return strcmp((const char *)name, record_names[r]) == 0;
}

/* Slot of a name pointer in reader.by_ptr. */
static size_t ptr_slot(const xmlChar *p)
{
    uintptr_t v = (uintptr_t)p;
    return (size_t)((v ^ (v >> 7) ^ (v >> 13)) & (FIELD_SLOTS - 1));
}

/* The parser's position; before the parser has read anything, the start of the text (1:1). */
static void position(reader *rd, unsigned long *line, unsigned long *col)
{
    *line = 1;
    *col = 1;
    if (rd->ctxt && rd->ctxt->input) {
        *line = rd->ctxt->input->line > 0 ? (unsigned long)rd->ctxt->input->line : 1;
        *col = rd->ctxt->input->col > 0 ? (unsigned long)rd->ctxt->input->col : 1;
    }
}

/* Records the first error at (line, col) and stops the parser. */
static void fail_at(reader *rd, int code, unsigned long line, unsigned long col, const char *fmt,
                    ...) SCI_PRINTF(5, 6);
static void fail_at(reader *rd, int code, unsigned long line, unsigned long col, const char *fmt,
                    ...)
{
    if (rd->rc != SC_OK)
        return;
    char msg[SC_ERROR_TEXT_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rd->rc = code;
    sci_error(rd->err, code, rd->name, line, col, "%s", msg);
    /* Not xmlStopParser: in libxml2 2.9 it frees the input under a running xmlParseCharData.
     * With SAX disabled the rest of the current chunk is skipped, and no chunk follows. */
    if (rd->ctxt)
        rd->ctxt->disableSAX = 1;
}

#define fail(rd, code, ...)                                                                 \
    do {                                                                                    \
        unsigned long l_, c_;                                                               \
        position((rd), &l_, &c_);                                                           \
        fail_at((rd), (code), l_, c_, __VA_ARGS__);                                         \
    } while (0)

/* Where libxml2's converter stopped: the parser's position moved on over the text converted
 * but not parsed yet (the converter appends to the input buffer before the parser takes it up;
 * the parser's base and cur may be stale during the conversion, their difference is not). */
static void converter_position(reader *rd, unsigned long *line, unsigned long *col)
{
    position(rd, line, col);
    xmlParserInputPtr in = rd->ctxt ? rd->ctxt->input : NULL;
    if (!in || !in->buf || !in->buf->buffer || !in->cur || !in->base || in->cur < in->base)
        return;
    size_t done = (size_t)(in->cur - in->base), use = xmlBufUse(in->buf->buffer);
    const xmlChar *p = xmlBufContent(in->buf->buffer);
    if (!p || done > use)
        return;
    for (const xmlChar *end = p + use, *q = p + done; q < end; q++) {
        if (*q == '\n') {
            ++*line;
            *col = 1;
        } else if ((*q & 0xc0) != 0x80) {
            ++*col;
        }
    }
}

/* libxml2 errors that reach the thread's global structured handler while the parser runs:
 * those raised without a parser context, the encoding converter's above all. */
static void on_global_error(void *data, xmlErrorPtr e)
{
    reader *rd = data;
    if (!rd || !e || e->level == XML_ERR_WARNING || rd->lib_error)
        return;
    rd->lib_error = e->code == XML_ERR_NO_MEMORY ? SC_ENOMEM : SC_EPARSE;
    converter_position(rd, &rd->lib_line, &rd->lib_col);
    const char *m = e->message ? e->message : "XML error";
    if (e->domain == XML_FROM_I18N)
        snprintf(rd->lib_msg, sizeof rd->lib_msg, "cannot decode the text in its declared "
                                                  "encoding: %s", m);
    else
        snprintf(rd->lib_msg, sizeof rd->lib_msg, "%s", m);
    for (char *q = rd->lib_msg; *q; q++)
        if (*q == '\n')
            *q = (q[1] == '\0') ? '\0' : ' ';
}

/* libxml2's messages to the thread's generic handler while the parser runs (in 2.9, the push
 * parser's "encoder error" after a failed conversion): kept, never printed. */
static void on_generic_error(void *data, const char *fmt, ...) SCI_PRINTF(2, 3);
static void on_generic_error(void *data, const char *fmt, ...)
{
    reader *rd = data;
    if (!rd || rd->lib_error || !fmt)
        return;
    rd->lib_error = SC_EPARSE;
    position(rd, &rd->lib_line, &rd->lib_col);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->lib_msg, sizeof rd->lib_msg, fmt, ap);
    va_end(ap);
    for (char *q = rd->lib_msg; *q; q++)
        if (*q == '\n')
            *q = (q[1] == '\0') ? '\0' : ' ';
}

/* Puts the reader's handlers in the thread's global error slots (on = 1), or the caller's back
 * (on = 0): they are ours only while libxml2 runs, never while the caller's callbacks do. */
static void lib_errors(reader *rd, int on)
{
    if (on && !rd->lib_on) {
        rd->saved_serror = xmlStructuredError;
        rd->saved_sctx = xmlStructuredErrorContext;
        rd->saved_gerror = xmlGenericError;
        rd->saved_gctx = xmlGenericErrorContext;
        xmlSetStructuredErrorFunc(rd, on_global_error);
        xmlSetGenericErrorFunc(rd, on_generic_error);
        rd->lib_on = 1;
    } else if (!on && rd->lib_on) {
        xmlSetStructuredErrorFunc(rd->saved_sctx, rd->saved_serror);
        xmlSetGenericErrorFunc(rd->saved_gctx, rd->saved_gerror);
        rd->lib_on = 0;
    }
}

/* Fails the read with the error the global handlers caught. The position taken in the handler
 * is right when the conversion ran with the parser's buffer in place, not while libxml2 switched
 * the encoding at the XML declaration; a parser that is still running (not halted) holds the
 * text converted before the bad bytes, and its position is taken again. */
static void lib_fail(reader *rd)
{
    if (rd->ctxt && rd->ctxt->instate != XML_PARSER_EOF && rd->ctxt->input &&
        rd->ctxt->input->buf)
        converter_position(rd, &rd->lib_line, &rd->lib_col);
    fail_at(rd, rd->lib_error, rd->lib_line, rd->lib_col, "%s", rd->lib_msg);
}

/* One xmlParseChunk with our global handlers in place; an error they caught fails the read. */
static void parse_chunk(reader *rd, const unsigned char *p, size_t n, int terminate)
{
    lib_errors(rd, 1);
    int r = xmlParseChunk(rd->ctxt, (const char *)p, (int)n, terminate);
    lib_errors(rd, 0);
    if (rd->lib_error)
        lib_fail(rd);
    else if (r != 0)
        fail(rd, SC_EPARSE, "the document is not well-formed (libxml2 error %d)", r);
}

/* A setter failed with local error e2: report its message at the current position. */
static void fail_setter(reader *rd, int code, const sc_error *e2, const char *what)
{
    if (code == SC_ENOMEM) {
        fail(rd, SC_ENOMEM, "out of memory");
        return;
    }
    fail(rd, code, "%s: %s", what, e2->message[0] ? e2->message : sc_strerror(code));
}

static void free_custody_texts(reader *rd)
{
    free(rd->actor);
    free(rd->action);
    if (rd->note) {
        sci_text_free(rd->note);
    }
    rd->actor = rd->action = rd->note = NULL;
    rd->has_at = 0;
}

/* Copies the current text (already NUL-terminated). */
static char *dup_text(reader *rd)
{
    char *p = malloc(rd->len + 1);
    if (!p) {
        fail(rd, SC_ENOMEM, "out of memory");
        return NULL;
    }
    memcpy(p, rd->text, rd->len + 1);
    return p;
}

static int is_space_only(const xmlChar *ch, int len)
{
    static const unsigned char space[256] = { [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1 };
    for (int i = 0; i < len; i++)
        if (!space[ch[i]])
            return 0;
    return 1;
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    reader *rd = ctx;
    if (rd->rc != SC_OK || len <= 0)
        return;
    if (rd->depth == 0 || rd->stack[rd->depth] != N_FIELD) {
        /* White space between elements is not passed to the validator: the elements that are
         * not fields (casebook, victim, report, evidence, custody) have element-only content in
         * the schema, where white space is always allowed and changes nothing. */
        if (!is_space_only(ch, len))
            fail(rd, SC_EDATA, "text is not allowed here");
        return;
    }
    if ((size_t)len > rd->o->max_text - rd->len) {
        fail_at(rd, SC_ELIMIT, rd->text_line, rd->text_col,
                "element text exceeds the max_text limit of %u bytes", rd->o->max_text);
        return;
    }
    if (rd->len + (size_t)len + 1 > rd->cap) {
        size_t cap = rd->cap ? rd->cap : 256;
        while (cap < rd->len + (size_t)len + 1)
            cap *= 2;
        char *p = malloc(cap);
        if (!p) {
            fail(rd, SC_ENOMEM, "out of memory");
            return;
        }
        if (rd->len)
            memcpy(p, rd->text, rd->len);
        if (rd->text) {
            sodium_memzero(rd->text, rd->cap);
            free(rd->text);
        }
        rd->text = p;
        rd->cap = cap;
    }
    memcpy(rd->text + rd->len, ch, (size_t)len);
    rd->len += (size_t)len;
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                               const xmlChar *sys_id)
{
    (void)name;
    (void)ext_id;
    (void)sys_id;
    reader *rd = ctx;
    fail(rd, SC_EPARSE, "document type declarations are not allowed (no DTD, no entities)");
    /* Halt here, before the internal subset is parsed at all (disabling SAX would still let
     * libxml2 parse entity declarations). Safe in this callback: xmlParseDocTypeDecl only
     * peeks at the (now empty) input afterwards. */
    if (rd->ctxt)
        xmlStopParser(rd->ctxt);
}

/* The id attribute's value as a string: in buf (size bytes) when it fits, else a new string
 * (NULL: error, reported). The caller frees a result other than buf. */
static char *element_id(reader *rd, const char *elem, int nb_attributes, const xmlChar **attrs,
                        char *buf, size_t size)
{
    char *id = NULL;
    for (int i = 0; i < nb_attributes && !id; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (strcmp((const char *)a[0], "id") != 0 || a[2] != NULL)
            continue;
        size_t n = (size_t)(a[4] - a[3]);
        id = n < size ? buf : malloc(n + 1);
        if (!id) {
            fail(rd, SC_ENOMEM, "out of memory");
            return NULL;
        }
        /* Without entity substitution libxml2 hands '&' in attribute values over as the
         * text "&#38;" (every other reference is already decoded): undo that. */
        size_t k = 0;
        for (size_t j = 0; j < n; j++) {
            if (a[3][j] == '&' && n - j >= 5 && memcmp(a[3] + j, "&#38;", 5) == 0) {
                id[k++] = '&';
                j += 4;
            } else {
                id[k++] = (char)a[3][j];
            }
        }
        id[k] = '\0';
    }
    if (!id)
        fail(rd, SC_EDATA, "<%s> has no id attribute", elem);
    return id;
}

/* Length in bytes of an attribute value as libxml2 hands it over, decoded: without entity
 * substitution every '&' (from "&amp;" or "&#38;") arrives as the five bytes "&#38;", which
 * stand for one byte (every other reference arrives decoded; see element_id). */
static size_t decoded_length(const xmlChar *begin, const xmlChar *end)
{
    size_t n = (size_t)(end - begin);
    for (const xmlChar *p = begin; p < end;) {
        const xmlChar *amp = memchr(p, '&', (size_t)(end - p));
        if (!amp)
            break;
        if (end - amp >= 5 && memcmp(amp, "&#38;", 5) == 0) {
            n -= 4;
            p = amp + 5;
        } else {
            p = amp + 1;
        }
    }
    return n;
}

static int reuse_report(reader *rd, const char *id, sc_error *e2);

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    reader *rd = ctx;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    if (rd->rc != SC_OK)
        return;
    const char *name = (const char *)localname;
    size_t nlen = strlen(name) + (prefix ? strlen((const char *)prefix) + 1 : 0);
    if (nlen > rd->o->max_name) {
        fail(rd, SC_ELIMIT, "element name exceeds the max_name limit of %u bytes",
             rd->o->max_name);
        return;
    }
    if (rd->depth + 1 > rd->o->max_depth) {
        fail(rd, SC_ELIMIT, "elements nest deeper than the max_depth limit of %u",
             rd->o->max_depth);
        return;
    }
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i;
        size_t alen = strlen((const char *)a[0]) + (a[1] ? strlen((const char *)a[1]) + 1 : 0);
        if (alen > rd->o->max_name) {
            fail(rd, SC_ELIMIT, "attribute name exceeds the max_name limit of %u bytes",
                 rd->o->max_name);
            return;
        }
        if (decoded_length(a[3], a[4]) > rd->o->max_attribute) {
            fail(rd, SC_ELIMIT, "attribute value exceeds the max_attribute limit of %u bytes",
                 rd->o->max_attribute);
            return;
        }
        if (a[2] != NULL) {
            fail(rd, SC_EDATA, "attribute %s:%s is not allowed (schema hints are never followed)",
                 a[1] ? (const char *)a[1] : "", (const char *)a[0]);
            return;
        }
    }
    if (uri != rd->ns_seen && (!uri || strcmp((const char *)uri, SC_XML_NAMESPACE) != 0)) {
        fail(rd, SC_EDATA, "element <%s> is not in namespace %s", name, SC_XML_NAMESPACE);
        return;
    }
    rd->ns_seen = uri; /* the right namespace: later elements usually share the pointer */
    enum node parent = rd->stack[rd->depth];
    enum node kind = N_NONE;
    int field = -1;
    switch (parent) {
    case N_NONE:
        if (is_record(rd, localname, R_CASEBOOK))
            kind = N_CASEBOOK;
        break;
    case N_CASEBOOK:
        if (is_record(rd, localname, R_VICTIM) && !rd->seen_report)
            kind = N_VICTIM;
        else if (is_record(rd, localname, R_REPORT))
            kind = N_REPORT;
        break;
    case N_REPORT:
        if (is_record(rd, localname, R_EVIDENCE)) {
            kind = N_EVIDENCE;
            break;
        }
        /* fall through */
    case N_VICTIM:
    case N_EVIDENCE:
        if (parent == N_EVIDENCE && is_record(rd, localname, R_CUSTODY)) {
            kind = N_CUSTODY;
            break;
        }
        /* fall through */
    case N_CUSTODY:
        for (size_t h = ptr_slot(localname); rd->by_ptr[h]; h = (h + 1) & (FIELD_SLOTS - 1)) {
            size_t i = rd->by_ptr[h] - 1u;
            if (rd->interned[i] == localname) {
                if (fields[i].parent == parent) {
                    kind = N_FIELD;
                    field = (int)fields[i].field;
                    break;
                }
            }
        }
        for (size_t i = 0; kind == N_NONE && i < sizeof fields / sizeof fields[0]; i++)
            if (fields[i].parent == parent && strcmp(fields[i].name, name) == 0) {
                kind = N_FIELD;
                field = (int)fields[i].field;
            }
        break;
    case N_FIELD:
        break;
    }
    if (kind == N_NONE && parent == N_NONE && strcmp((const char *)localname, "counts") == 0) {
        /* the schema's other root, which sc_xml_write_counts_path writes */
        fail(rd, SC_EDATA,
             "this is a counts document (a count table, root <counts>), not a casebook: "
             "libstalkcase writes count tables but does not read them back");
        return;
    }
    if (kind == N_NONE) {
        fail(rd, SC_EDATA, "element <%s> is not allowed here", name);
        return;
    }
    for (int i = 0; i < nb_attributes; i++) {
        const char *an = (const char *)attributes[5 * i];
        if (!(strcmp(an, "id") == 0 &&
              (kind == N_VICTIM || kind == N_REPORT || kind == N_EVIDENCE))) {
            fail(rd, SC_EDATA, "attribute %s is not allowed on <%s>", an, name);
            return;
        }
    }
    sc_error e2;
    e2.message[0] = '\0'; /* setters fill it only on failure */
    int rc = SC_OK;
    char idbuf[128];
    char *id = NULL;
    switch (kind) {
    case N_VICTIM:
        if (!(id = element_id(rd, name, nb_attributes, attributes, idbuf, sizeof idbuf)))
            return;
        rc = sc_victim_new(&rd->v, id, &e2);
        break;
    case N_REPORT:
        rd->seen_report = 1;
        if (!(id = element_id(rd, name, nb_attributes, attributes, idbuf, sizeof idbuf)))
            return;
        rc = rd->reuse ? reuse_report(rd, id, &e2) : sc_report_new(&rd->r, id, &e2);
        break;
    case N_EVIDENCE: {
        if (!(id = element_id(rd, name, nb_attributes, attributes, idbuf, sizeof idbuf)))
            return;
        sc_evidence *ev = NULL;
        rc = sc_evidence_new(&ev, id, &e2);
        if (rc == SC_OK) {
            rc = sc_report_add_evidence(rd->r, ev);
            if (rc != SC_OK)
                sc_evidence_free(ev);
            else
                rd->e = ev;
        }
        rd->has_sha = rd->has_size = 0;
        break;
    }
    case N_CUSTODY:
        free_custody_texts(rd);
        break;
    case N_FIELD:
        rd->field = (enum field)field;
        rd->len = 0;
        rd->vsent = 0;
        position(rd, &rd->text_line, &rd->text_col);
        break;
    default:
        break;
    }
    if (id != idbuf)
        free(id);
    if (rc != SC_OK) {
        fail_setter(rd, rc, &e2, name);
        return;
    }
    rd->stack[++rd->depth] = kind;
}

static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* Text that sci_text_check would pass without looking twice: printable ASCII, tab, LF, CR. */
static int is_plain_ascii(const char *t, size_t len)
{
    const unsigned char *p = (const unsigned char *)t;
    for (size_t i = 0; i < len; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') || p[i] >= 0x7f)
            return 0;
    return 1;
}

/* Stores a copy of the current text in a record's text slot, as the model's text setters do
 * (the old value is wiped and freed), but without their sci_text_check: only for text that
 * is_plain_ascii accepted, which that check passes by construction. */
static int take_text(reader *rd, char **slot)
{
    char *p = malloc(rd->len + 1);
    if (!p)
        return SC_ENOMEM;
    memcpy(p, rd->text, rd->len + 1);
    sci_text_free(*slot);
    *slot = p;
    return SC_OK;
}

/* sc_xml_stream's reused report: slot i of reader.spare for the id. */
#define ID_SLOT SC_REPORT_TEXT_COUNT

/* Takes the text out of *slot (spare slot i): wipes it and keeps its buffer as the spare of
 * slot i (of two buffers, the larger stays; the other is freed). */
static void release_text(reader *rd, int i, char **slot)
{
    char *p = *slot;
    size_t len = strlen(p);
    size_t cap = rd->cap_used[i] ? rd->cap_used[i] : len + 1;
    sodium_memzero(p, len);
    *slot = NULL;
    rd->cap_used[i] = 0;
    if (rd->spare[i] && rd->spare_cap[i] >= cap) {
        free(p);
    } else {
        free(rd->spare[i]);
        rd->spare[i] = p;
        rd->spare_cap[i] = cap;
    }
}

/* Stores len bytes of text (and a NUL) in *slot (spare slot i) of the reused report, in the
 * spare buffer when it is large enough: SC_OK or SC_ENOMEM (slot then empty). The text must
 * have passed the checks the model's setter would make. */
static int reuse_text(reader *rd, int i, char **slot, const char *text, size_t len)
{
    if (*slot)
        release_text(rd, i, slot); /* a repeated field (the schema refuses it) */
    char *p = rd->spare[i];
    size_t cap = rd->spare_cap[i];
    if (!p || cap < len + 1) {
        cap = len + 1 < 32 ? 32 : len + 1;
        char *np = malloc(cap);
        if (!np)
            return SC_ENOMEM;
        free(p); /* wiped when it became the spare */
        p = np;
    }
    rd->spare[i] = NULL;
    rd->spare_cap[i] = 0;
    memcpy(p, text, len);
    p[len] = '\0';
    *slot = p;
    rd->cap_used[i] = cap;
    return SC_OK;
}

/* Makes the reused report empty again, as sc_report_new leaves a report but without an id: its
 * texts wiped and their buffers kept as spares, victim references and evidence freed. */
static void reset_report(reader *rd)
{
    sc_report *r = rd->r;
    for (int i = 0; i < SC_REPORT_TEXT_COUNT; i++)
        if (r->text[i])
            release_text(rd, i, &r->text[i]);
    if (r->id)
        release_text(rd, ID_SLOT, &r->id);
    for (size_t i = 0; i < r->nvictims; i++)
        sci_text_free(r->victims[i]);
    r->nvictims = 0;
    for (size_t i = 0; i < r->nevidence; i++)
        sci_evidence_destroy(r->evidence[i]);
    r->nevidence = 0;
    memset(r->time, 0, sizeof r->time); /* what calloc gives sc_report_new: SC_TIME_NONE */
    r->offence = SC_OFFENCE_NONE;
    r->relationship = SC_RELATIONSHIP_NONE;
    r->typology = SC_TYPOLOGY_NONE;
    r->cyber = SC_TRISTATE_NONE;
}

/* The start of a report when the report is reused: the id checked as sc_report_new checks it. */
static int reuse_report(reader *rd, const char *id, sc_error *e2)
{
    if (!rd->r)
        return sc_report_new(&rd->r, id, e2);
    int rc = sci_text_check(id, 1, "report id", e2);
    if (rc == SC_OK)
        rc = reuse_text(rd, ID_SLOT, &rd->r->id, id, strlen(id));
    if (rc == SC_ENOMEM)
        sci_error(e2, SC_ENOMEM, NULL, 0, 0, "out of memory");
    return rc;
}

/* opts->unique_ids: fails the read when id repeats an earlier id of its kind (0: victim,
 * 1: report), else keeps it. Returns 0 to go on, -1 after failing. */
static int note_id(reader *rd, int kind, const char *id)
{
    static const char *const what[2] = { "victim", "report" };
    sci_strtab *t = &rd->ids[kind];
    sci_part part = { id, strlen(id) };
    uint32_t first;
    if (sci_strtab_find(t, &part, 1, &first)) {
        char shown[SC_ERROR_TEXT_SIZE];
        /* every earlier record of the kind had a new id: this one is number count + 1 */
        fail(rd, SC_EDATA, "%s id \"%s\" is used again (%s %zu; first by %s %lu)", what[kind],
             sci_excerpt(shown, sizeof shown, id, part.len), what[kind], t->count + 1,
             what[kind], (unsigned long)first + 1);
        return -1;
    }
    int rc = sci_strtab_intern(t, &part, 1, &first);
    if (rc == SC_ENOMEM) {
        fail(rd, SC_ENOMEM, "out of memory");
        return -1;
    }
    if (rc != SC_OK) {
        fail(rd, rc, "too many %s ids to keep for the unique_ids check", what[kind]);
        return -1;
    }
    return 0;
}

/* Wipes and frees the ids kept for opts->unique_ids. */
static void free_ids(reader *rd)
{
    for (int k = 0; k < 2; k++) {
        sci_strtab *t = &rd->ids[k];
        for (size_t i = 0; i < t->count; i++)
            sodium_memzero(t->items[i].text, t->items[i].len);
        sci_strtab_clear(t);
    }
}

/* Applies the text of the field that just ended. */
static void end_field(reader *rd)
{
    if (!rd->text) {
        rd->text = malloc(256);
        if (!rd->text) {
            fail(rd, SC_ENOMEM, "out of memory");
            return;
        }
        rd->cap = 256;
    }
    rd->text[rd->len] = '\0';
    const char *t = rd->text;
    sc_error e2;
    e2.message[0] = '\0'; /* setters fill it only on failure */
    int rc = SC_OK;
    sc_time tm;
    /* Plain text goes straight into the record; anything else through the setter's checks. */
#define SET_TEXT(rec, FIELD, setter)                                                        \
    (is_plain_ascii(t, rd->len) ? take_text(rd, &(rec)->text[FIELD]) : setter((rec), (FIELD), t, &e2))
    /* The reused report keeps its buffers (a text from the setter has no spare size). */
#define SET_RTEXT(FIELD)                                                                    \
    (!rd->reuse ? SET_TEXT(rd->r, FIELD, sc_report_set_text)                              \
     : is_plain_ascii(t, rd->len)                                                         \
         ? reuse_text(rd, FIELD, &rd->r->text[FIELD], t, rd->len)                         \
         : (rd->cap_used[FIELD] = 0, sc_report_set_text(rd->r, FIELD, t, &e2)))
    switch (rd->field) {
    case F_V_NAME: rc = SET_TEXT(rd->v, SC_VICTIM_NAME, sc_victim_set_text); break;
    case F_V_CONTACT: rc = SET_TEXT(rd->v, SC_VICTIM_CONTACT, sc_victim_set_text); break;
    case F_V_AGE: rc = SET_TEXT(rd->v, SC_VICTIM_AGE_BAND, sc_victim_set_text); break;
    case F_V_GENDER: rc = SET_TEXT(rd->v, SC_VICTIM_GENDER, sc_victim_set_text); break;
    case F_V_CHANNEL: {
        sc_channel c;
        rc = sc_channel_from_token(&c, t, &e2);
        if (rc == SC_OK)
            rc = sc_victim_set_channel(rd->v, c);
        break;
    }
    case F_V_FIRST:
        rc = sc_time_parse(&tm, t, SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME, &e2);
        if (rc == SC_OK)
            rc = sc_victim_set_first_contact(rd->v, &tm, &e2);
        break;
    case F_V_RISK: {
        sc_risk k;
        rc = sc_risk_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_victim_set_risk(rd->v, k);
        break;
    }
    case F_V_CONSENT: {
        sc_tristate k;
        rc = sc_tristate_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_victim_set_consent(rd->v, k);
        break;
    }
    case F_R_REPORTED:
    case F_R_FIRST:
    case F_R_LAST: {
        sc_report_time f = rd->field == F_R_REPORTED ? SC_REPORT_REPORTED_AT
                           : rd->field == F_R_FIRST  ? SC_REPORT_FIRST_INCIDENT
                                                     : SC_REPORT_LAST_INCIDENT;
        unsigned acc = rd->field == F_R_REPORTED ? SC_TIME_ACCEPT_DATETIME
                                                 : SC_TIME_ACCEPT_DATE | SC_TIME_ACCEPT_DATETIME;
        rc = sc_time_parse(&tm, t, acc, &e2);
        if (rc == SC_OK)
            rc = sc_report_set_time(rd->r, f, &tm, &e2);
        break;
    }
    case F_R_OFFENCE: {
        sc_offence k;
        rc = sc_offence_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_report_set_offence(rd->r, k);
        break;
    }
    case F_R_OFFCODE: rc = SET_RTEXT(SC_REPORT_OFFENCE_CODE); break;
    case F_R_WCODE: rc = SET_RTEXT(SC_REPORT_WARD_CODE); break;
    case F_R_WNAME: rc = SET_RTEXT(SC_REPORT_WARD_NAME); break;
    case F_R_BOROUGH: rc = SET_RTEXT(SC_REPORT_BOROUGH); break;
    case F_R_FORCE: rc = SET_RTEXT(SC_REPORT_FORCE); break;
    case F_R_OUTCOME: rc = SET_RTEXT(SC_REPORT_OUTCOME); break;
    case F_R_NOTES: rc = SET_RTEXT(SC_REPORT_NOTES); break;
    case F_R_REL: {
        sc_relationship k;
        rc = sc_relationship_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_report_set_relationship(rd->r, k);
        break;
    }
    case F_R_TYP: {
        sc_typology k;
        rc = sc_typology_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_report_set_typology(rd->r, k);
        break;
    }
    case F_R_CYBER: {
        sc_tristate k;
        rc = sc_tristate_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_report_set_cyber_recorded(rd->r, k);
        break;
    }
    case F_R_VREF: rc = sc_report_add_victim(rd->r, t, &e2); break;
    case F_E_KIND: {
        sc_evidence_kind k;
        rc = sc_evidence_kind_from_token(&k, t, &e2);
        if (rc == SC_OK)
            rc = sc_evidence_set_kind(rd->e, k);
        break;
    }
    case F_E_PLATFORM: rc = SET_TEXT(rd->e, SC_EVIDENCE_PLATFORM, sc_evidence_set_text); break;
    case F_E_DESC: rc = SET_TEXT(rd->e, SC_EVIDENCE_DESCRIPTION, sc_evidence_set_text); break;
    case F_E_MEDIA: rc = SET_TEXT(rd->e, SC_EVIDENCE_MEDIA_TYPE, sc_evidence_set_text); break;
    case F_E_URI: rc = SET_TEXT(rd->e, SC_EVIDENCE_URI, sc_evidence_set_text); break;
    case F_E_OCC:
    case F_E_CAP:
        rc = sc_time_parse(&tm, t, SC_TIME_ACCEPT_DATETIME, &e2);
        if (rc == SC_OK)
            rc = sc_evidence_set_time(rd->e,
                                      rd->field == F_E_OCC ? SC_EVIDENCE_OCCURRED_AT
                                                           : SC_EVIDENCE_CAPTURED_AT,
                                      &tm, &e2);
        break;
    case F_E_SHA:
        rc = sc_sha256_from_hex(rd->sha, t, &e2);
        rd->has_sha = rc == SC_OK;
        break;
    case F_E_SIZE:
        if (parse_u64(t, &rd->size) != 0) {
            rc = sci_error(&e2, SC_EDATA, NULL, 0, 0, "not a size in bytes");
        } else {
            rd->has_size = 1;
        }
        break;
    case F_C_AT:
        rc = sc_time_parse(&rd->at, t, SC_TIME_ACCEPT_DATETIME, &e2);
        rd->has_at = rc == SC_OK;
        break;
    case F_C_ACTOR:
        free(rd->actor);
        rd->actor = dup_text(rd);
        if (!rd->actor)
            return;
        break;
    case F_C_ACTION:
        free(rd->action);
        rd->action = dup_text(rd);
        if (!rd->action)
            return;
        break;
    case F_C_NOTE:
        if (rd->note)
            sci_text_free(rd->note);
        rd->note = dup_text(rd);
        if (!rd->note)
            return;
        break;
    }
#undef SET_TEXT
#undef SET_RTEXT
    /* Sensitive text stays in the buffer only as long as needed. */
    sodium_memzero(rd->text, rd->len);
    if (rc != SC_OK) {
        const char *what = "field";
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (fields[i].field == rd->field)
                what = fields[i].name;
        fail_setter(rd, rc, &e2, what);
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    reader *rd = ctx;
    (void)localname;
    (void)prefix;
    (void)uri;
    if (rd->rc != SC_OK || rd->depth == 0)
        return;
    enum node kind = rd->stack[rd->depth];
    sc_error e2;
    e2.message[0] = '\0'; /* setters fill it only on failure */
    int rc = SC_OK;
    switch (kind) {
    case N_FIELD:
        end_field(rd);
        break;
    case N_CUSTODY:
        if (!rd->has_at || !rd->actor || !rd->action) {
            fail(rd, SC_EDATA, "<custody> needs <at>, <actor> and <action>");
            return;
        }
        rc = sc_evidence_add_custody(rd->e, &rd->at, rd->actor, rd->action, rd->note, &e2);
        free_custody_texts(rd);
        if (rc != SC_OK)
            fail_setter(rd, rc, &e2, "custody");
        break;
    case N_EVIDENCE:
        if (rd->has_sha != rd->has_size) {
            fail(rd, SC_EDATA, "<sha256> and <size> go together");
            return;
        }
        if (rd->has_sha && sc_evidence_set_digest(rd->e, rd->sha, rd->size) != SC_OK) {
            fail(rd, SC_EINVAL, "cannot set the digest");
            return;
        }
        rd->e = NULL;
        break;
    case N_VICTIM:
        if (rd->unique_ids && note_id(rd, 0, sc_victim_id(rd->v)) != 0)
            return;
        if (rd->cb) {
            rc = sc_casebook_add_victim(rd->cb, rd->v);
            if (rc != SC_OK) {
                fail(rd, rc, "cannot add victim");
                return;
            }
        } else if (rd->on_victim) {
            lib_errors(rd, 0);
            rc = rd->on_victim(rd->v, rd->payload);
            lib_errors(rd, 1);
            if (rc != 0) {
                fail(rd, rc, "stopped by the victim callback");
                return;
            }
        } else if (rd->take_victim) {
            sc_victim *v = rd->v;
            rd->v = NULL; /* the callback's now, whatever it returns */
            lib_errors(rd, 0);
            rc = rd->take_victim(v, rd->payload);
            lib_errors(rd, 1);
            if (rc != 0) {
                fail(rd, rc, "stopped by the victim callback");
                return;
            }
        }
        if (!rd->cb)
            sc_victim_free(rd->v);
        rd->v = NULL;
        break;
    case N_REPORT:
        if (rd->unique_ids && note_id(rd, 1, sc_report_id(rd->r)) != 0)
            return;
        if (rd->cb) {
            rc = sc_casebook_add_report(rd->cb, rd->r);
            if (rc != SC_OK) {
                fail(rd, rc, "cannot add report");
                return;
            }
        } else if (rd->on_report) {
            lib_errors(rd, 0);
            rc = rd->on_report(rd->r, rd->payload);
            lib_errors(rd, 1);
            if (rc != 0) {
                fail(rd, rc, "stopped by the report callback");
                return;
            }
        } else if (rd->take_report) {
            sc_report *r = rd->r;
            rd->r = NULL; /* the callback's now, whatever it returns */
            lib_errors(rd, 0);
            rc = rd->take_report(r, rd->payload);
            lib_errors(rd, 1);
            if (rc != 0) {
                fail(rd, rc, "stopped by the report callback");
                return;
            }
        }
        if (rd->reuse) {
            reset_report(rd); /* kept for the next report */
            break;
        }
        if (!rd->cb)
            sc_report_free(rd->r);
        rd->r = NULL;
        break;
    default:
        break;
    }
    rd->depth--;
    if (rd->depth == 0)
        rd->root_done = 1;
}

/* Passes the field text not yet seen by the validator to it, in one piece. */
static void flush_text(reader *rd)
{
    if (rd->len > rd->vsent) {
        rd->vsax->characters(rd->vdata, (const xmlChar *)rd->text + rd->vsent,
                             (int)(rd->len - rd->vsent));
        rd->vsent = rd->len;
    }
}

/* The element events when validating: the reader's own handler, then the validator's (the order
 * in which xmlSchemaSAXPlug would call them), with the text before them flushed first. */
static void on_start_validating(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                                int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    reader *rd = ctx;
    if (rd->rc != SC_OK)
        return;
    flush_text(rd);
    on_start(rd, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
             attributes);
    if (rd->rc == SC_OK)
        rd->vsax->startElementNs(rd->vdata, localname, prefix, uri, nb_namespaces, namespaces,
                                 nb_attributes, nb_defaulted, attributes);
}

static void on_end_validating(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                              const xmlChar *uri)
{
    reader *rd = ctx;
    if (rd->rc != SC_OK)
        return;
    flush_text(rd);
    on_end(rd, localname, prefix, uri);
    if (rd->rc == SC_OK)
        rd->vsax->endElementNs(rd->vdata, localname, prefix, uri);
}

/* Whether a parser error is one of libxml2's own limits (without XML_PARSE_HUGE, which the
 * reader never sets): names over 50,000 characters (XML_ERR_NAME_TOO_LONG); attribute values,
 * comments, CDATA sections and processing instructions over 10,000,000 bytes, and more than
 * 10,000,000 bytes of input waiting for the end of one construct ("Huge input lookup"); nesting
 * over 256 levels. libxml2 2.9 gives most of these generic codes, so the message tells them
 * apart. */
static int is_libxml2_limit(const xmlError *e)
{
    if (e->code == XML_ERR_NAME_TOO_LONG)
        return 1;
    static const char *const marks[] = {
        "Huge input lookup",         /* XML_ERR_INTERNAL_ERROR */
        "AttValue length too long",  /* XML_ERR_ATTRIBUTE_NOT_FINISHED */
        "Comment too big found",     /* XML_ERR_COMMENT_NOT_FINISHED */
        "CData section too big",     /* XML_ERR_CDATA_NOT_FINISHED */
        "too big found",             /* "PI %s too big found", XML_ERR_PI_NOT_FINISHED */
        "Excessive depth in document",
        "Name too long",
    };
    if (!e->message)
        return 0;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(e->message, marks[i]))
            return 1;
    return 0;
}

/* libxml2 parser errors, through the context's sax->serror (the reader is found through the
 * parser context, which also covers errors raised where data is not the reader). */
static void on_parser_error(void *data, xmlErrorPtr e)
{
    (void)data;
    if (!e || e->level == XML_ERR_WARNING || !e->ctxt)
        return;
    xmlParserCtxtPtr ctxt = e->ctxt;
    reader *rd = ctxt->_private;
    if (!rd || rd->rc != SC_OK)
        return;
    char msg[SC_ERROR_TEXT_SIZE];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = (p[1] == '\0') ? '\0' : ' ';
    int code = SC_EPARSE;
    if (e->code == XML_ERR_NO_MEMORY) {
        code = SC_ENOMEM;
    } else if (is_libxml2_limit(e)) {
        code = SC_ELIMIT;
        if (strstr(msg, "Huge input lookup"))
            snprintf(msg, sizeof msg, "markup longer than 10,000,000 bytes (libxml2's limit)");
        else
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " (libxml2's limit)");
    }
    fail_at(rd, code, e->line > 0 ? (unsigned long)e->line : 0,
            e->int2 > 0 ? (unsigned long)e->int2 : 0, "%s", msg);
}

static void on_schema_error(void *data, xmlErrorPtr e)
{
    reader *rd = data;
    if (!e || e->level == XML_ERR_WARNING || rd->rc != SC_OK)
        return;
    char msg[SC_ERROR_TEXT_SIZE];
    snprintf(msg, sizeof msg, "schema: %s", e->message ? e->message : "invalid");
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = (p[1] == '\0') ? '\0' : ' ';
    fail(rd, e->code == XML_ERR_NO_MEMORY ? SC_ENOMEM : SC_EDATA, "%s", msg);
}

static void ignore_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
}

/* opts->unique_ids, which a version 1 struct does not have. */
static int opt_unique_ids(const sc_xml_read_options *o)
{
    return o->version >= 2 ? o->unique_ids : 0;
}

static int check_read_options(const sc_xml_read_options *o)
{
    if (o->version < 1 || o->version > SC_XML_READ_OPTIONS_VERSION ||
        (opt_unique_ids(o) != 0 && opt_unique_ids(o) != 1) ||
        (o->validate != 0 && o->validate != 1) ||
        (o->check != 0 && o->check != 1) || o->max_depth < 1 ||
        o->max_depth > MAX_DEPTH_CEILING || o->max_name < 1 || o->max_attribute < 1 ||
        o->max_text < 1 || o->max_text > MAX_TEXT_CEILING)
        return SC_EINVAL;
    return SC_OK;
}

static const char *input_name(const sc_xml_input *in)
{
    if (in->name)
        return in->name;
    if (in->path)
        return in->path;
    if (in->file)
        return "<stream>";
    if (in->fd >= 0)
        return "<fd>";
    return "<buffer>";
}

/* Runs the parser over the input; records go to rd->cb or the callbacks. */
static int run(reader *rd, const sc_xml_input *in)
{
    const sc_xml_read_options *o = rd->o;
    int nin = (in->path != NULL) + (in->file != NULL) + (in->fd >= 0) + (in->data != NULL);
    if (in->version < 1 || nin != 1)
        return sci_error(rd->err, SC_EINVAL, rd->name, 0, 0,
                         "the input must name exactly one of path, file, fd or data");
    source *s = calloc(1, sizeof *s);
    unsigned char *buf = malloc(CHUNK);
    if (!s || !buf) {
        free(s);
        free(buf);
        return sci_error(rd->err, SC_ENOMEM, rd->name, 0, 0, "out of memory");
    }
    s->cap = o->max_inflated;
    int opened = -1;
    if (in->path) {
        opened = open(in->path, O_RDONLY | O_CLOEXEC);
        if (opened < 0) {
            int en = errno;
            free(s);
            free(buf);
            return sci_error_errno(rd->err, en, rd->name, "cannot open: %s", strerror(en));
        }
        s->kind = SRC_FD;
        s->fd = opened;
    } else if (in->file) {
        s->kind = SRC_FILE;
        s->fp = in->file;
    } else if (in->fd >= 0) {
        s->kind = SRC_FD;
        s->fd = in->fd;
    } else {
        s->kind = SRC_MEM;
        s->data = in->data;
        s->size = in->size;
    }

    xmlSchemaParserCtxtPtr spc = NULL;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;
    xmlSchemaSAXPlugPtr plug = NULL;
    /* The parser calls the reader's handlers with the reader as user data. When validating,
     * they also call the validator's handlers: xmlSchemaSAXPlug, plugged into no handler,
     * gives those directly, with the validation context as their user data. */
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_characters;
    sax.cdataBlock = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.internalSubset = on_internal_subset;
    sax.serror = on_parser_error;
    xmlSAXHandlerPtr vsax = NULL;
    void *vdata = NULL;
    int rc = SC_OK;

    xmlInitParser();
    if (o->validate) {
        spc = xmlSchemaNewMemParserCtxt((const char *)sci_schema_xsd, (int)sci_schema_xsd_size);
        if (spc) {
            xmlSchemaSetParserStructuredErrors(spc, ignore_error, NULL);
            schema = xmlSchemaParse(spc);
        }
        if (schema)
            vctxt = xmlSchemaNewValidCtxt(schema);
        if (vctxt) {
            xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, rd);
            plug = xmlSchemaSAXPlug(vctxt, &vsax, &vdata);
        }
        if (!plug) {
            rc = sci_error(rd->err, SC_ENOMEM, rd->name, 0, 0, "cannot load the schema");
        } else {
            rd->vsax = vsax;
            rd->vdata = vdata;
            sax.startElementNs = on_start_validating;
            sax.endElementNs = on_end_validating;
        }
    }

    /* The first SCI_XML_GUARD_HEAD bytes of text (fewer only if that is all), for the guard to
     * settle the encoding. */
    size_t have = 0;
    int eof = 0;
    if (rc == SC_OK && source_start(s) != 0)
        rc = SC_EIO;
    while (rc == SC_OK && have < SCI_XML_GUARD_HEAD) {
        long n = source_read(s, buf + have, CHUNK - have);
        if (n < 0)
            rc = SC_EIO;
        else if (n == 0)
            eof = 1;
        else
            have += (size_t)n;
        if (n <= 0)
            break;
    }
    sci_xml_guard guard;
    if (rc == SC_OK) {
        sci_xml_guard_error ge;
        if (sci_xml_guard_start(&guard, buf, have, SC_XML_MAX_ATTRIBUTES, &ge) != 0)
            rc = rd->rc = sci_error(rd->err, ge.code, rd->name, ge.line, ge.column, "%s",
                                    ge.message);
    }
    if (rc == SC_OK) {
        /* Every block goes through the guard, then up to where it stops to the parser. The
         * context is made with the first 4 bytes (libxml2 detects the encoding from them). */
        size_t len = have, ok = sci_xml_guard_scan(&guard, buf, have);
        size_t off = ok < 4 ? ok : 4;
        lib_errors(rd, 1);
        rd->ctxt = xmlCreatePushParserCtxt(&sax, rd, (const char *)buf, (int)off, rd->name);
        lib_errors(rd, 0);
        if (rd->ctxt && rd->lib_error)
            lib_fail(rd);
        if (!rd->ctxt) {
            rc = sci_error(rd->err, SC_ENOMEM, rd->name, 0, 0, "out of memory");
        } else {
            rd->ctxt->_private = rd;
            for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
                rd->interned[i] = rd->ctxt->dict ? xmlDictLookup(rd->ctxt->dict,
                                                                 BAD_CAST fields[i].name, -1)
                                                 : NULL;
                if (!rd->interned[i])
                    continue;
                size_t h = ptr_slot(rd->interned[i]);
                while (rd->by_ptr[h])
                    h = (h + 1) & (FIELD_SLOTS - 1);
                rd->by_ptr[h] = (unsigned char)(i + 1);
            }
            for (int r = 0; r < R_COUNT; r++)
                rd->records[r] = rd->ctxt->dict ? xmlDictLookup(rd->ctxt->dict,
                                                                BAD_CAST record_names[r], -1)
                                                : NULL;
            rd->ctxt->sax->serror = on_parser_error;
            rd->ctxt->sax->initialized = XML_SAX2_MAGIC;
            xmlCtxtUseOptions(rd->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
            /* xmlCtxtUseOptions may touch the handler: ours again. */
            rd->ctxt->sax->serror = on_parser_error;
            rd->ctxt->replaceEntities = 0;
            rd->ctxt->loadsubset = 0;
            rd->ctxt->validate = 0;
        }
        while (rc == SC_OK && rd->rc == SC_OK) {
            if (ok > off)
                parse_chunk(rd, buf + off, ok - off, 0);
            if (ok < len) {
                /* The parser now waits at the '<' of the start tag over the limit. */
                fail(rd, SC_ELIMIT,
                     "a start tag has more than %u attributes and namespace declarations",
                     SC_XML_MAX_ATTRIBUTES);
                break;
            }
            if (rd->rc != SC_OK)
                break;
            long n = eof ? 0 : source_read(s, buf, CHUNK);
            if (n < 0) {
                rc = SC_EIO;
                break;
            }
            if (n == 0) {
                parse_chunk(rd, buf, 0, 1);
                break;
            }
            len = (size_t)n;
            off = 0;
            ok = sci_xml_guard_scan(&guard, buf, len);
        }
    }
    if (rc == SC_EIO && rd->rc == SC_OK) {
        /* A failure of the input (I/O or gzip): located where the text had reached. */
        unsigned long l, c;
        position(rd, &l, &c);
        if (s->code == SC_EIO)
            rc = sci_error_errno(rd->err, s->sys_errno, rd->name, "cannot read: %s",
                                 strerror(s->sys_errno));
        else
            rc = sci_error(rd->err, s->code ? s->code : SC_EIO, rd->name, l, c, "%s",
                           s->zmsg ? s->zmsg : "cannot read");
        rd->rc = rc;
    }
    /* UTF-16 text of an odd number of bytes: libxml2 drops the last byte without a word. */
    if (rc == SC_OK && rd->rc == SC_OK && rd->ctxt && guard.unit == 2 && guard.have_odd)
        fail(rd, SC_EPARSE, "the text ends inside a UTF-16 code unit (one byte left over)");
    /* Whatever stopped libxml2 without a word to us (a halted parser reports nothing more):
     * the document counts only when libxml2 got to its end with the root element closed. */
    if (rc == SC_OK && rd->rc == SC_OK && rd->ctxt &&
        (!rd->ctxt->wellFormed || rd->ctxt->errNo != XML_ERR_OK || rd->ctxt->disableSAX ||
         rd->ctxt->instate != XML_PARSER_EOF || rd->depth != 0 || !rd->root_done))
        fail(rd, SC_EPARSE, "the document is not well-formed");
    if (rc == SC_OK && rd->rc == SC_OK && vctxt && !xmlSchemaIsValid(vctxt))
        fail(rd, SC_EDATA, "the document does not match the schema");
    if (rc == SC_OK)
        rc = rd->rc;

    if (rd->ctxt) {
        /* A document libxml2 may have made for DTD declarations (not ours to keep). */
        if (rd->ctxt->myDoc)
            xmlFreeDoc(rd->ctxt->myDoc);
        rd->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(rd->ctxt);
        rd->ctxt = NULL;
    }
    if (plug)
        xmlSchemaSAXUnplug(plug);
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(spc);
    if (s->z_ready)
        inflateEnd(&s->z);
    if (opened >= 0)
        close(opened);
    free(s);
    free(buf);
    /* Records left half read. */
    sc_victim_free(rd->v);
    sc_report_free(rd->r);
    rd->v = NULL;
    rd->r = NULL;
    for (int i = 0; i <= ID_SLOT; i++) {
        free(rd->spare[i]); /* wiped when they became spares */
        rd->spare[i] = NULL;
    }
    free_custody_texts(rd);
    if (rd->text) {
        sodium_memzero(rd->text, rd->cap);
        free(rd->text);
        rd->text = NULL;
    }
    return rc;
}

static int setup(reader *rd, const sc_xml_input *in, const sc_xml_read_options **o,
                 sc_xml_read_options *def, sc_error *err)
{
    memset(rd, 0, sizeof *rd);
    sc_xml_read_options d = SC_XML_READ_OPTIONS_INIT;
    *def = d;
    if (!*o)
        *o = def;
    rd->o = *o;
    rd->err = err;
    rd->name = in ? input_name(in) : NULL;
    if (in && ((*o)->version < 1 || (*o)->version > SC_XML_READ_OPTIONS_VERSION))
        return sci_error(err, SC_EINVAL, rd->name, 0, 0,
                         "unknown sc_xml_read_options version %u (this library reads 1 to %u)",
                         (*o)->version, SC_XML_READ_OPTIONS_VERSION);
    if (!in || check_read_options(*o) != SC_OK)
        return sci_error(err, SC_EINVAL, rd->name, 0, 0, "invalid argument or option");
    return SC_OK;
}

static int load(sc_casebook **out, const sc_xml_input *in, const sc_xml_read_options *opts,
                sc_error *err, int *check)
{
    reader rd;
    sc_xml_read_options def;
    *out = NULL;
    int rc = setup(&rd, in, &opts, &def, err);
    if (rc != SC_OK)
        return rc;
    *check = opts->check;
    rc = sc_casebook_new(&rd.cb);
    if (rc != SC_OK)
        return sci_error(err, rc, rd.name, 0, 0, "out of memory");
    rc = run(&rd, in);
    if (rc != SC_OK) {
        sc_casebook_free(rd.cb);
        return rc;
    }
    *out = rd.cb;
    return SC_OK;
}

static void name_source(sc_error *err, const sc_xml_input *in)
{
    if (err && err->source[0] == '\0')
        snprintf(err->source, sizeof err->source, "%s", input_name(in));
}

int sc_xml_load(sc_casebook **out, const sc_xml_input *in, const sc_xml_read_options *opts,
                sc_error *err)
{
    if (!out)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "out is NULL");
    int check = 0;
    int rc = load(out, in, opts, err, &check);
    if (rc == SC_OK && check) {
        rc = sc_casebook_check(*out, NULL, NULL, err);
        if (rc != SC_OK) {
            name_source(err, in);
            sc_casebook_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

int sc_xml_import(sc_casebook *cb, const sc_xml_input *in, const sc_xml_read_options *opts,
                  sc_error *err)
{
    if (!cb)
        return sci_error(err, SC_EINVAL, NULL, 0, 0, "cb is NULL");
    sc_casebook *tmp = NULL;
    int check = 0;
    int rc = load(&tmp, in, opts, err, &check);
    if (rc != SC_OK)
        return rc;
    rc = sci_casebook_append(cb, tmp, check, err);
    if (rc != SC_OK) {
        if (rc == SC_ENOMEM || rc == SC_ELIMIT)
            sci_error(err, rc, input_name(in), 0, 0, "cannot add the records: %s",
                      sc_strerror(rc));
        name_source(err, in);
        sc_casebook_free(tmp);
    }
    return rc;
}

/* run() for the streaming readers, with opts->unique_ids (load and import leave it to
 * sc_casebook_check). */
static int run_stream(reader *rd, const sc_xml_input *in)
{
    rd->unique_ids = opt_unique_ids(rd->o);
    if (rd->unique_ids) {
        uint64_t seed = sci_random_seed(rd);
        sci_strtab_init(&rd->ids[0], 0, seed);
        sci_strtab_init(&rd->ids[1], 0, seed);
    }
    int rc = run(rd, in);
    if (rd->unique_ids)
        free_ids(rd);
    return rc;
}

int sc_xml_stream(const sc_xml_input *in, const sc_xml_read_options *opts,
                  sc_victim_cb on_victim, sc_report_cb on_report, void *payload, sc_error *err)
{
    reader rd;
    sc_xml_read_options def;
    int rc = setup(&rd, in, &opts, &def, err);
    if (rc != SC_OK)
        return rc;
    rd.on_victim = on_victim;
    rd.on_report = on_report;
    rd.payload = payload;
    rd.reuse = 1; /* the callback only borrows the report: one serves every record */
    return run_stream(&rd, in);
}

int sc_xml_stream_take(const sc_xml_input *in, const sc_xml_read_options *opts,
                       sc_victim_take_cb on_victim, sc_report_take_cb on_report, void *payload,
                       sc_error *err)
{
    reader rd;
    sc_xml_read_options def;
    int rc = setup(&rd, in, &opts, &def, err);
    if (rc != SC_OK)
        return rc;
    rd.take_victim = on_victim;
    rd.take_report = on_report;
    rd.payload = payload;
    return run_stream(&rd, in);
}
