/*
 * xml_write.c - casebooks to XML, plain or gzip, to a file (atomically), a stream or memory
 * (xml.h); and the writers' shared core (xml_internal.h), also used for counts documents.
 *
 * The text is produced by a small streaming emitter (sci_xw, xml_internal.h says exactly which
 * bytes) into a 256 KiB buffer; full buffers are deflated when asked and sent to a file
 * descriptor, a FILE* or a growing memory block, the first errno being kept so that the caller
 * gets SC_EIO with the reason. (libxml2's xmlTextWriter, used before, gave the same bytes with
 * about 100 instructions per output byte; this emitter needs about 12.)
 *
 * A path is written through a temporary file in the destination's directory, fsync'ed, then
 * put in place. Where Linux allows it the temporary file is unnamed (O_TMPFILE): a process
 * killed while writing leaves nothing behind, and when nothing exists at the destination the
 * finished file is linked there directly (linkat, which never replaces anything); over an
 * existing file it is linked under a temporary name and renamed (a kill between those two
 * calls would leave that complete file behind). Otherwise - O_TMPFILE unsupported by the
 * kernel or the file system (EOPNOTSUPP, EISDIR, EINVAL), or no /proc to link it through - it
 * is a named file ".BASE.XXXXXX" (BASE cut to fit the directory's NAME_MAX), renamed over the
 * destination, which a killed process leaves behind.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include <stalkcase/xml.h>

#include "model_internal.h"
#include "xml_internal.h"

/* ------------------------------------------------------------------------ the sink */

enum sink_kind { SINK_FD, SINK_FILE, SINK_MEM };

#define OBUF_SIZE (256u * 1024u)
#define XW_MAX_DEPTH 16

struct sci_xw {
    enum sink_kind kind;
    int fd;
    FILE *fp;
    unsigned char *mem;
    size_t len, cap;
    int gzip;
    z_stream z;
    int z_ready;
    int sys_errno; /* first write error */
    int nomem;
    int failed;    /* sys_errno || nomem: later output is dropped */
    /* the emitter */
    unsigned char *p;                 /* next free byte of obuf */
    int depth;                        /* open elements */
    int open;                         /* the innermost start tag still takes attributes */
    const char *names[XW_MAX_DEPTH];  /* names of the open elements */
    unsigned char zbuf[65536];
    unsigned char obuf[OBUF_SIZE];
};

static int raw_write(sci_xw *s, const unsigned char *p, size_t n)
{
    switch (s->kind) {
    case SINK_FD:
        while (n > 0) {
            ssize_t w = write(s->fd, p, n);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                s->sys_errno = errno;
                return -1;
            }
            p += w;
            n -= (size_t)w;
        }
        return 0;
    case SINK_FILE:
        if (n > 0 && fwrite(p, 1, n, s->fp) != n) {
            s->sys_errno = errno ? errno : EIO;
            return -1;
        }
        return 0;
    case SINK_MEM:
        if (n + 1 > s->cap - s->len || s->mem == NULL) {
            size_t need = s->len + n + 1;
            size_t cap = s->cap ? s->cap : 4096;
            while (cap < need) {
                if (cap > SIZE_MAX / 2) {
                    s->nomem = 1;
                    return -1;
                }
                cap *= 2;
            }
            unsigned char *m = realloc(s->mem, cap);
            if (!m) {
                s->nomem = 1;
                return -1;
            }
            s->mem = m;
            s->cap = cap;
        }
        memcpy(s->mem + s->len, p, n);
        s->len += n;
        s->mem[s->len] = '\0';
        return 0;
    }
    return -1;
}

/* Deflates n bytes (flush Z_NO_FLUSH) or finishes the stream (finish = 1). */
static int z_write(sci_xw *s, const unsigned char *p, size_t n, int finish)
{
    s->z.next_in = (Bytef *)(uintptr_t)p;
    s->z.avail_in = (uInt)n;
    for (;;) {
        s->z.next_out = s->zbuf;
        s->z.avail_out = sizeof s->zbuf;
        int zr = deflate(&s->z, finish ? Z_FINISH : Z_NO_FLUSH);
        if (zr == Z_STREAM_ERROR) {
            s->sys_errno = EIO;
            return -1;
        }
        size_t have = sizeof s->zbuf - s->z.avail_out;
        if (have > 0 && raw_write(s, s->zbuf, have) != 0)
            return -1;
        if (finish ? zr == Z_STREAM_END : (s->z.avail_in == 0 && s->z.avail_out != 0))
            return 0;
    }
}

/* Sends n bytes on: deflated when asked, then to the target. */
static void sink_out(sci_xw *s, const unsigned char *p, size_t n)
{
    if (s->gzip) {
        /* avail_in is an unsigned int: feed at most 1 GiB at a time. */
        while (n > 0) {
            size_t k = n > (1u << 30) ? (1u << 30) : n;
            if (z_write(s, p, k, 0) != 0)
                break;
            p += k;
            n -= k;
        }
    } else {
        (void)raw_write(s, p, n);
    }
    if (s->sys_errno || s->nomem)
        s->failed = 1;
}

/* Sends the buffered text on. @return 0, or -1 once the output has failed. */
static int xw_flush(sci_xw *w)
{
    size_t n = (size_t)(w->p - w->obuf);
    w->p = w->obuf;
    if (n > 0 && !w->failed)
        sink_out(w, w->obuf, n);
    return w->failed ? -1 : 0;
}

/* Makes room for n (<= OBUF_SIZE) bytes in the buffer. */
static inline int xw_room(sci_xw *w, size_t n)
{
    if ((size_t)(w->obuf + OBUF_SIZE - w->p) >= n)
        return w->failed ? -1 : 0;
    return xw_flush(w);
}

static int xw_put(sci_xw *w, const void *b, size_t n)
{
    if ((size_t)(w->obuf + OBUF_SIZE - w->p) < n) {
        if (xw_flush(w) != 0)
            return -1;
        if (n >= OBUF_SIZE / 2) {
            sink_out(w, b, n);
            return w->failed ? -1 : 0;
        }
    }
    memcpy(w->p, b, n);
    w->p += n;
    return w->failed ? -1 : 0;
}

/* ------------------------------------------------------------------------ the emitter */

/* What a byte becomes, by context: ESC_TEXT / ESC_ATTR flag the bytes escaped in text /
 * attribute values; NUL carries both so that the scan stops at the end of the string. */
#define ESC_TEXT 1u
#define ESC_ATTR 2u

static const unsigned char esc_class[256] = {
    [0] = ESC_TEXT | ESC_ATTR,   ['\t'] = ESC_ATTR,           ['\n'] = ESC_ATTR,
    ['\r'] = ESC_TEXT | ESC_ATTR, ['"'] = ESC_TEXT | ESC_ATTR, ['&'] = ESC_TEXT | ESC_ATTR,
    ['<'] = ESC_TEXT | ESC_ATTR, ['>'] = ESC_TEXT | ESC_ATTR,
};

static const char *escape_of(unsigned char c, size_t *len)
{
    const char *e;
    switch (c) {
    case '\t': e = "&#9;"; break;
    case '\n': e = "&#10;"; break;
    case '\r': e = "&#13;"; break;
    case '"': e = "&quot;"; break;
    case '&': e = "&amp;"; break;
    case '<': e = "&lt;"; break;
    default: e = "&gt;"; break;
    }
    *len = strlen(e);
    return e;
}

/* Writes the NUL-terminated s with the bytes of class mask escaped. The texts are short (tens
 * of bytes), so they are copied a byte at a time as they are scanned. */
static int xw_escaped(sci_xw *w, const char *s, unsigned mask)
{
    const unsigned char *q = (const unsigned char *)s;
    unsigned char *o = w->p;
    for (;;) {
        /* Room for any byte or escape (at most 6 bytes) while o < lim. */
        unsigned char *lim = w->obuf + OBUF_SIZE - 8;
        unsigned c = 0;
        while (o < lim) {
            c = *q;
            if (esc_class[c] & mask)
                break;
            *o++ = (unsigned char)c;
            q++;
        }
        if (o >= lim) {
            w->p = o;
            if (xw_flush(w) != 0)
                return -1;
            o = w->p;
            continue;
        }
        if (c == '\0')
            break;
        size_t n;
        const char *e = escape_of((unsigned char)c, &n);
        memcpy(o, e, n);
        o += n;
        q++;
    }
    w->p = o;
    return w->failed ? -1 : 0;
}

static const char spaces[2 * XW_MAX_DEPTH] = "                                ";

/* Closes an open start tag: its element gets children. */
static inline int xw_close_start(sci_xw *w)
{
    if (!w->open)
        return 0;
    w->open = 0;
    if (xw_room(w, 2) != 0)
        return -1;
    memcpy(w->p, ">\n", 2);
    w->p += 2;
    return 0;
}

int sci_xw_start(sci_xw *w, const char *name)
{
    if (w->depth >= XW_MAX_DEPTH) {
        w->nomem = w->failed = 1; /* cannot happen with the documents written here */
        return -1;
    }
    size_t nl = strlen(name), ind = 2 * (size_t)w->depth;
    if (xw_close_start(w) != 0 || nl > OBUF_SIZE / 4 || xw_room(w, ind + nl + 1) != 0)
        return -1;
    memcpy(w->p, spaces, ind);
    w->p += ind;
    *w->p++ = '<';
    memcpy(w->p, name, nl);
    w->p += nl;
    w->names[w->depth++] = name;
    w->open = 1;
    return 0;
}

int sci_xw_attr(sci_xw *w, const char *name, const char *value)
{
    size_t nl = strlen(name);
    if (!w->open || !value) {
        w->nomem = w->failed = 1; /* a misuse: cannot happen with the documents written here */
        return -1;
    }
    if (nl > OBUF_SIZE / 4 || xw_room(w, nl + 3) != 0)
        return -1;
    *w->p++ = ' ';
    memcpy(w->p, name, nl);
    w->p += nl;
    memcpy(w->p, "=\"", 2);
    w->p += 2;
    if (xw_escaped(w, value, ESC_ATTR) != 0 || xw_room(w, 1) != 0)
        return -1;
    *w->p++ = '"';
    return 0;
}

int sci_xw_leaf(sci_xw *w, const char *name, const char *text)
{
    if (!text)
        return 0;
    if (w->depth >= XW_MAX_DEPTH) {
        w->nomem = w->failed = 1;
        return -1;
    }
    size_t nl = strlen(name), ind = 2 * (size_t)w->depth;
    if (xw_close_start(w) != 0 || nl > OBUF_SIZE / 4 || xw_room(w, ind + nl + 2) != 0)
        return -1;
    memcpy(w->p, spaces, ind);
    w->p += ind;
    *w->p++ = '<';
    memcpy(w->p, name, nl);
    w->p += nl;
    *w->p++ = '>';
    if (xw_escaped(w, text, ESC_TEXT) != 0 || xw_room(w, nl + 4) != 0)
        return -1;
    memcpy(w->p, "</", 2);
    w->p += 2;
    memcpy(w->p, name, nl);
    w->p += nl;
    memcpy(w->p, ">\n", 2);
    w->p += 2;
    return 0;
}

int sci_xw_end(sci_xw *w)
{
    if (w->depth == 0) {
        w->nomem = w->failed = 1;
        return -1;
    }
    const char *name = w->names[--w->depth];
    if (w->open) {
        w->open = 0;
        if (xw_room(w, 3) != 0)
            return -1;
        memcpy(w->p, "/>\n", 3);
        w->p += 3;
        return 0;
    }
    size_t nl = strlen(name), ind = 2 * (size_t)w->depth;
    if (xw_room(w, ind + nl + 4) != 0)
        return -1;
    memcpy(w->p, spaces, ind);
    w->p += ind;
    memcpy(w->p, "</", 2);
    w->p += 2;
    memcpy(w->p, name, nl);
    w->p += nl;
    memcpy(w->p, ">\n", 2);
    w->p += 2;
    return 0;
}

/* ------------------------------------------------------------------------ casebooks */

#define W(call)                                                                             \
    do {                                                                                    \
        if ((call) < 0)                                                                     \
            return -1;                                                                      \
    } while (0)

static int write_time(sci_xw *w, const char *name, const sc_time *t)
{
    char buf[SC_TIME_BUFSIZE];
    if (t->kind == SC_TIME_NONE)
        return 0;
    if (sc_time_format(t, buf, sizeof buf) != SC_OK)
        return -1;
    return sci_xw_leaf(w, name, buf);
}

static int write_evidence(sci_xw *w, const sc_evidence *e)
{
    W(sci_xw_start(w, "evidence"));
    W(sci_xw_attr(w, "id", sc_evidence_id(e)));
    W(sci_xw_leaf(w, "kind", sc_evidence_kind_to_token(sc_evidence_get_kind(e))));
    W(sci_xw_leaf(w, "platform", sc_evidence_get_text(e, SC_EVIDENCE_PLATFORM)));
    sc_time t = sc_evidence_get_time(e, SC_EVIDENCE_OCCURRED_AT);
    W(write_time(w, "occurred-at", &t));
    t = sc_evidence_get_time(e, SC_EVIDENCE_CAPTURED_AT);
    W(write_time(w, "captured-at", &t));
    W(sci_xw_leaf(w, "description", sc_evidence_get_text(e, SC_EVIDENCE_DESCRIPTION)));
    uint8_t digest[SC_SHA256_SIZE];
    uint64_t size;
    if (sc_evidence_digest(e, digest, &size) == SC_OK) {
        char hex[SC_SHA256_HEX_SIZE], num[24];
        if (sc_sha256_to_hex(hex, sizeof hex, digest) != SC_OK)
            return -1;
        snprintf(num, sizeof num, "%llu", (unsigned long long)size);
        W(sci_xw_leaf(w, "sha256", hex));
        W(sci_xw_leaf(w, "size", num));
    }
    W(sci_xw_leaf(w, "media-type", sc_evidence_get_text(e, SC_EVIDENCE_MEDIA_TYPE)));
    W(sci_xw_leaf(w, "uri", sc_evidence_get_text(e, SC_EVIDENCE_URI)));
    size_t nc = sc_evidence_custody_count(e);
    for (size_t i = 0; i < nc; i++) {
        const sc_custody *c = sc_evidence_custody(e, i);
        W(sci_xw_start(w, "custody"));
        W(write_time(w, "at", &c->at));
        W(sci_xw_leaf(w, "actor", c->actor));
        W(sci_xw_leaf(w, "action", c->action));
        W(sci_xw_leaf(w, "note", c->note));
        W(sci_xw_end(w));
    }
    return sci_xw_end(w);
}

static int write_victim(sci_xw *w, const sc_victim *v)
{
    W(sci_xw_start(w, "victim"));
    W(sci_xw_attr(w, "id", sc_victim_id(v)));
    W(sci_xw_leaf(w, "name", sc_victim_get_text(v, SC_VICTIM_NAME)));
    W(sci_xw_leaf(w, "contact", sc_victim_get_text(v, SC_VICTIM_CONTACT)));
    W(sci_xw_leaf(w, "age-band", sc_victim_get_text(v, SC_VICTIM_AGE_BAND)));
    W(sci_xw_leaf(w, "gender", sc_victim_get_text(v, SC_VICTIM_GENDER)));
    W(sci_xw_leaf(w, "channel", sc_channel_to_token(sc_victim_channel(v))));
    sc_time t = sc_victim_first_contact(v);
    W(write_time(w, "first-contact", &t));
    W(sci_xw_leaf(w, "risk", sc_risk_to_token(sc_victim_risk(v))));
    W(sci_xw_leaf(w, "consent", sc_tristate_to_token(sc_victim_consent(v))));
    return sci_xw_end(w);
}

static int write_report(sci_xw *w, const sc_report *r)
{
    W(sci_xw_start(w, "report"));
    W(sci_xw_attr(w, "id", sc_report_id(r)));
    static const char *const times[SC_REPORT_TIME_COUNT] = { "reported-at", "first-incident",
                                                             "last-incident" };
    for (int i = 0; i < SC_REPORT_TIME_COUNT; i++) {
        sc_time t = sc_report_get_time(r, (sc_report_time)i);
        W(write_time(w, times[i], &t));
    }
    W(sci_xw_leaf(w, "offence", sc_offence_to_token(sc_report_offence(r))));
    W(sci_xw_leaf(w, "offence-code", sc_report_get_text(r, SC_REPORT_OFFENCE_CODE)));
    W(sci_xw_leaf(w, "ward-code", sc_report_get_text(r, SC_REPORT_WARD_CODE)));
    W(sci_xw_leaf(w, "ward-name", sc_report_get_text(r, SC_REPORT_WARD_NAME)));
    W(sci_xw_leaf(w, "borough", sc_report_get_text(r, SC_REPORT_BOROUGH)));
    W(sci_xw_leaf(w, "force", sc_report_get_text(r, SC_REPORT_FORCE)));
    W(sci_xw_leaf(w, "relationship", sc_relationship_to_token(sc_report_relationship(r))));
    W(sci_xw_leaf(w, "typology", sc_typology_to_token(sc_report_typology(r))));
    W(sci_xw_leaf(w, "outcome", sc_report_get_text(r, SC_REPORT_OUTCOME)));
    W(sci_xw_leaf(w, "cyber-element", sc_tristate_to_token(sc_report_cyber_recorded(r))));
    W(sci_xw_leaf(w, "notes", sc_report_get_text(r, SC_REPORT_NOTES)));
    size_t nv = sc_report_victim_count(r);
    for (size_t i = 0; i < nv; i++)
        W(sci_xw_leaf(w, "victim-ref", sc_report_victim(r, i)));
    size_t ne = sc_report_evidence_count(r);
    for (size_t i = 0; i < ne; i++)
        W(write_evidence(w, sc_report_evidence(r, i)));
    return sci_xw_end(w);
}

static int write_casebook(sci_xw *w, const sc_casebook *cb)
{
    W(sci_xw_start(w, "casebook"));
    W(sci_xw_attr(w, "xmlns", SC_XML_NAMESPACE));
    size_t nv = sc_casebook_victim_count(cb);
    for (size_t i = 0; i < nv; i++)
        W(write_victim(w, sc_casebook_victim(cb, i)));
    size_t nr = sc_casebook_report_count(cb);
    for (size_t i = 0; i < nr; i++)
        W(write_report(w, sc_casebook_report(cb, i)));
    return sci_xw_end(w);
}

/* ------------------------------------------------------------------------ the core */

int sci_xml_check_options(const sc_xml_write_options *o)
{
    if (o->version < 1 || o->gzip < 0 || o->gzip > 1)
        return SC_EINVAL;
    if (o->gzip && (o->level < 1 || o->level > 9))
        return SC_EINVAL;
    return SC_OK;
}

static const char xml_declaration[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/* A sink of the given kind, or NULL. */
static sci_xw *xw_new(enum sink_kind kind)
{
    sci_xw *w = malloc(sizeof *w);
    if (!w)
        return NULL;
    memset(w, 0, offsetof(sci_xw, zbuf)); /* the buffers need no clearing */
    w->kind = kind;
    w->p = w->obuf;
    return w;
}

/* Frees a sink, wiping the buffers that held the document (casebooks are sensitive). */
static void xw_free(sci_xw *w)
{
    if (!w)
        return;
    sodium_memzero(w->obuf, sizeof w->obuf);
    sodium_memzero(w->zbuf, sizeof w->zbuf);
    free(w);
}

/* Writes a document into a new sink (kind and target set): emit writes the XML. */
static int write_sink(sci_xw *s, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *o, const char *name, sc_error *err)
{
    s->gzip = o->gzip;
    if (s->gzip) {
        /* windowBits 15 + 16: a gzip wrapper with no name and mtime 0, so output is
         * deterministic. */
        if (deflateInit2(&s->z, o->level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return sci_error(err, SC_ENOMEM, name, 0, 0, "cannot start gzip compression");
        s->z_ready = 1;
    }
    int rc = SC_OK;
    int wr = xw_put(s, xml_declaration, sizeof xml_declaration - 1);
    if (wr == 0)
        wr = emit(s, doc, name, err);
    if (wr == SC_EDATA) {
        rc = SC_EDATA; /* the emitter refused the content and filled err */
    } else {
        if (wr == 0 && s->depth != 0)
            wr = -1; /* an element left open: cannot happen with the documents written here */
        if (wr < 0 && !s->failed)
            s->nomem = s->failed = 1; /* an emitter fails only for memory when the sink did
                                         not */
        (void)xw_flush(s);
        if (s->gzip && !s->failed && z_write(s, NULL, 0, 1) != 0)
            s->failed = 1;
    }
    if (s->z_ready)
        deflateEnd(&s->z);
    if (rc != SC_OK)
        return rc;
    if (s->sys_errno)
        return sci_error_errno(err, s->sys_errno, name, "cannot write: %s",
                               strerror(s->sys_errno));
    if (s->nomem)
        return sci_error(err, SC_ENOMEM, name, 0, 0, "out of memory writing XML");
    return SC_OK;
}

int sci_xml_emit_file(FILE *fp, const char *name, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (!name)
        name = "<stream>";
    if (!doc || !fp || sci_xml_check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, name, 0, 0, "invalid argument to an XML writer");
    sci_xw *s = xw_new(SINK_FILE);
    if (!s)
        return sci_error(err, SC_ENOMEM, name, 0, 0, "out of memory");
    s->fp = fp;
    int rc = write_sink(s, emit, doc, o, name, err);
    xw_free(s);
    if (rc == SC_OK && fflush(fp) != 0)
        rc = sci_error_errno(err, errno, name, "cannot write: %s", strerror(errno));
    return rc;
}

int sci_xml_emit_buffer(unsigned char **out, size_t *size, sci_xml_emit emit, const void *doc,
                        const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (out)
        *out = NULL;
    if (size)
        *size = 0;
    if (!out || !size || !doc || sci_xml_check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, "<buffer>", 0, 0, "invalid argument to an XML writer");
    sci_xw *s = xw_new(SINK_MEM);
    if (!s)
        return sci_error(err, SC_ENOMEM, "<buffer>", 0, 0, "out of memory");
    int rc = write_sink(s, emit, doc, o, "<buffer>", err);
    if (rc == SC_OK && s->mem == NULL)
        rc = sci_error(err, SC_ENOMEM, "<buffer>", 0, 0, "out of memory");
    if (rc == SC_OK) {
        *out = s->mem;
        *size = s->len;
    } else {
        free(s->mem);
    }
    xw_free(s);
    return rc;
}

/* ------------------------------------------------------------------------ atomic files */

/* Puts six pseudo-random characters of [A-Za-z0-9] over the trailing "XXXXXX" of tmp (only
 * used to find a free name: linkat fails with EEXIST on a taken one, and is retried). */
static void fill_random(char *tmp, uint64_t *state)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char *x = tmp + strlen(tmp) - 6;
    for (int i = 0; i < 6; i++) {
        /* xorshift64 */
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        x[i] = alphabet[*state % (sizeof alphabet - 1)];
    }
}

/* The temporary name beside the destination: DIR/.BASE.XXXXXX, with BASE cut at a UTF-8
 * character boundary so that the name fits the directory's NAME_MAX. malloc'ed, or NULL. */
static char *temp_template(const char *path, const char *dir, size_t dirlen, const char *base)
{
    long name_max = pathconf(dir, _PC_NAME_MAX);
    if (name_max <= 0)
        name_max = NAME_MAX;
    size_t keep = strlen(base);
    size_t room = name_max > 8 ? (size_t)name_max - 8 : 0; /* "." and ".XXXXXX" */
    if (keep > room) {
        keep = room;
        while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
            keep--; /* base[keep] continues a character: cut before that character */
    }
    size_t tlen = dirlen + keep + 10;
    char *tmp = malloc(tlen);
    if (!tmp)
        return NULL;
    if (base != path)
        snprintf(tmp, tlen, "%.*s/.%.*s.XXXXXX", (int)dirlen, path, (int)keep, base);
    else
        snprintf(tmp, tlen, ".%.*s.XXXXXX", (int)keep, base);
    return tmp;
}

/* Whatever is at path (lstat): 0 nothing (or not known), 1 a regular file, -1 anything else. */
static int dest_kind(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    return S_ISREG(st.st_mode) ? 1 : -1;
}

static int not_regular(const char *path, sc_error *err)
{
    return sci_error_errno(err, EINVAL, path,
                           "cannot write: not a regular file (a device, FIFO, directory or "
                           "symbolic link is never replaced)");
}

#ifdef O_TMPFILE
/* An unnamed file in dir (O_TMPFILE) that /proc/self/fd can link into place; *fd = -1 when the
 * system cannot do that (the caller then makes a named temporary file). SC_OK or SC_EIO. */
static int open_unnamed(int *fd, char *proc, size_t procsize, const char *dir, const char *path,
                        sc_error *err)
{
    *fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (*fd < 0) {
        int e = errno;
        *fd = -1;
        if (e == EOPNOTSUPP || e == EISDIR || e == EINVAL)
            return SC_OK; /* no O_TMPFILE in this kernel or on this file system */
        return sci_error_errno(err, e, path, "cannot create a temporary file beside it: %s",
                               strerror(e));
    }
    /* The file is linked through /proc/self/fd (linkat with AT_EMPTY_PATH may need
     * CAP_DAC_READ_SEARCH): without /proc, fall back before anything is written. */
    struct stat a, b;
    snprintf(proc, procsize, "/proc/self/fd/%d", *fd);
    if (stat(proc, &a) != 0 || fstat(*fd, &b) != 0 || a.st_dev != b.st_dev
        || a.st_ino != b.st_ino) {
        close(*fd);
        *fd = -1;
    }
    return SC_OK;
}
#endif

int sci_xml_emit_path(const char *path, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (!doc || !path || !path[0] || sci_xml_check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, path, 0, 0, "invalid argument to an XML writer");
    /* A rename over the destination would replace a device, a FIFO or a symbolic link with a
     * plain file: only a regular file (or nothing) may be there. */
    int kind = dest_kind(path);
    if (kind < 0)
        return not_regular(path, err);

    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    char *dir = malloc(dirlen + 2);
    char *tmp = NULL;
    if (dir) {
        if (slash) {
            memcpy(dir, path, dirlen);
            dir[dirlen] = '\0';
            if (dirlen == 0)
                strcpy(dir, "/");
        } else {
            strcpy(dir, ".");
        }
        tmp = temp_template(path, dir, dirlen, base);
    }
    if (!tmp) {
        free(dir);
        return sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    }

    int rc = SC_OK, fd = -1, named = 0; /* named: tmp exists and must go on failure */
    char proc[64];
    proc[0] = '\0';
#ifdef O_TMPFILE
    rc = open_unnamed(&fd, proc, sizeof proc, dir, path, err);
#endif
    if (rc == SC_OK && fd < 0) {
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
            rc = sci_error_errno(err, errno, path,
                                 "cannot create a temporary file beside it: %s",
                                 strerror(errno));
        else
            named = 1;
    }
    if (rc == SC_OK) {
        sci_xw *s = xw_new(SINK_FD);
        if (!s) {
            rc = sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
        } else {
            s->fd = fd;
            rc = write_sink(s, emit, doc, o, path, err);
            xw_free(s);
        }
        if (rc == SC_OK && fsync(fd) != 0)
            rc = sci_error_errno(err, errno, path, "cannot sync: %s", strerror(errno));
    }
    int placed = 0;
    if (rc == SC_OK && !named) {
        /* The unnamed file, complete: linked at path when nothing is there (linkat never
         * replaces), else under a temporary name, renamed below. */
        if (kind == 0) {
            if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
                placed = 1;
            else if (errno != EEXIST)
                rc = sci_error_errno(err, errno, path, "cannot link the new file: %s",
                                     strerror(errno));
            else if (dest_kind(path) < 0) /* something came meanwhile */
                rc = not_regular(path, err);
        }
        if (rc == SC_OK && !placed) {
            struct timespec now;
            clock_gettime(CLOCK_REALTIME, &now);
            uint64_t state = ((uint64_t)now.tv_nsec << 20) ^ (uint64_t)now.tv_sec
                             ^ ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)&now;
            state |= 1; /* xorshift needs a non-zero state */
            for (int tries = 0;; tries++) {
                fill_random(tmp, &state);
                if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) {
                    named = 1;
                    break;
                }
                if (errno != EEXIST || tries == 1000) {
                    rc = sci_error_errno(err, errno, path,
                                         "cannot create a temporary file beside it: %s",
                                         strerror(errno));
                    break;
                }
            }
        }
    }
    /* (Once the file is linked at path, it is complete and synced: a late close error changes
     * nothing.) */
    if (fd >= 0 && close(fd) != 0 && rc == SC_OK && !placed)
        rc = sci_error_errno(err, errno, path, "cannot close: %s", strerror(errno));
    if (rc == SC_OK && !placed) {
        if (rename(tmp, path) != 0)
            rc = sci_error_errno(err, errno, path, "cannot rename the temporary file: %s",
                                 strerror(errno));
        else
            placed = 1;
    }
    if (rc != SC_OK) {
        if (named)
            unlink(tmp);
    } else {
        /* Make the link or rename itself durable; a failure here does not undo the export. */
        int dfd = open(dir, O_RDONLY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    free(tmp);
    free(dir);
    return rc;
}

/* ---------------------------------------------------------------- casebooks */

static int emit_casebook(sci_xw *w, const void *doc, const char *name, sc_error *err)
{
    (void)name;
    (void)err;
    return write_casebook(w, doc);
}

int sc_xml_write_file(const sc_casebook *cb, FILE *fp, const char *name,
                      const sc_xml_write_options *opts, sc_error *err)
{
    return sci_xml_emit_file(fp, name, emit_casebook, cb, opts, err);
}

int sc_xml_write_buffer(unsigned char **out, size_t *size, const sc_casebook *cb,
                        const sc_xml_write_options *opts, sc_error *err)
{
    return sci_xml_emit_buffer(out, size, emit_casebook, cb, opts, err);
}

int sc_xml_write_path(const sc_casebook *cb, const char *path,
                      const sc_xml_write_options *opts, sc_error *err)
{
    return sci_xml_emit_path(path, emit_casebook, cb, opts, err);
}
