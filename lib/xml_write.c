/*
 * xml_write.c - casebooks to XML, plain or gzip, to a file (atomically), a stream or memory
 * (xml.h).
 *
 * The text is produced by libxml2's xmlTextWriter over an xmlOutputBuffer whose write callback
 * is ours: it deflates when asked and sends the bytes to a file descriptor, a FILE* or a growing
 * buffer, remembering the first errno so that the caller gets SC_EIO with the reason.
 */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <zlib.h>

#include <stalkcase/xml.h>

#include "model_internal.h"
#include "xml_internal.h"

enum sink_kind { SINK_FD, SINK_FILE, SINK_MEM };

#define OBUF_SIZE (256u * 1024u)

typedef struct sink {
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
    unsigned char zbuf[65536];
    /* libxml2 hands its output over in pieces of about 4 KiB: they are gathered here so that
     * the file gets few large writes and deflate large inputs (not used for SINK_MEM). */
    size_t olen;
    unsigned char obuf[OBUF_SIZE];
} sink;

static int raw_write(sink *s, const unsigned char *p, size_t n)
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
static int z_write(sink *s, const unsigned char *p, size_t n, int finish)
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
static void sink_out(sink *s, const unsigned char *p, size_t n)
{
    if (s->gzip) {
        /* avail_in is an unsigned int: feed at most 1 GiB at a time. */
        while (n > 0) {
            size_t k = n > (1u << 30) ? (1u << 30) : n;
            if (z_write(s, p, k, 0) != 0)
                return;
            p += k;
            n -= k;
        }
        return;
    }
    (void)raw_write(s, p, n);
}

/* Sends the gathered bytes on. */
static void sink_flush(sink *s)
{
    if (s->olen > 0 && !s->sys_errno && !s->nomem)
        sink_out(s, s->obuf, s->olen);
    s->olen = 0;
}

/* Never reports failure to libxml2 (which would print it through its global error handler):
 * the first error is kept in the sink and later bytes are dropped. */
static int sink_write_cb(void *ctx, const char *buf, int len)
{
    sink *s = ctx;
    if (len < 0)
        return -1;
    if (s->sys_errno || s->nomem)
        return len;
    const unsigned char *p = (const unsigned char *)buf;
    size_t n = (size_t)len;
    if (s->kind == SINK_MEM && !s->gzip) {
        (void)raw_write(s, p, n);
        return len;
    }
    if (n > sizeof s->obuf - s->olen)
        sink_flush(s);
    if (n >= sizeof s->obuf) {
        sink_out(s, p, n);
    } else {
        memcpy(s->obuf + s->olen, p, n);
        s->olen += n;
    }
    return len;
}

static int sink_close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

#define W(call)                                                                             \
    do {                                                                                    \
        if ((call) < 0)                                                                     \
            return -1;                                                                      \
    } while (0)

static int write_text(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text)
        return 0;
    return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

static int write_time(xmlTextWriterPtr w, const char *name, const sc_time *t)
{
    char buf[SC_TIME_BUFSIZE];
    if (t->kind == SC_TIME_NONE)
        return 0;
    if (sc_time_format(t, buf, sizeof buf) != SC_OK)
        return -1;
    return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST buf);
}

static int write_evidence(xmlTextWriterPtr w, const sc_evidence *e)
{
    W(xmlTextWriterStartElement(w, BAD_CAST "evidence"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_evidence_id(e)));
    W(write_text(w, "kind", sc_evidence_kind_to_token(sc_evidence_get_kind(e))));
    W(write_text(w, "platform", sc_evidence_get_text(e, SC_EVIDENCE_PLATFORM)));
    sc_time t = sc_evidence_get_time(e, SC_EVIDENCE_OCCURRED_AT);
    W(write_time(w, "occurred-at", &t));
    t = sc_evidence_get_time(e, SC_EVIDENCE_CAPTURED_AT);
    W(write_time(w, "captured-at", &t));
    W(write_text(w, "description", sc_evidence_get_text(e, SC_EVIDENCE_DESCRIPTION)));
    uint8_t digest[SC_SHA256_SIZE];
    uint64_t size;
    if (sc_evidence_digest(e, digest, &size) == SC_OK) {
        char hex[SC_SHA256_HEX_SIZE], num[24];
        if (sc_sha256_to_hex(hex, sizeof hex, digest) != SC_OK)
            return -1;
        snprintf(num, sizeof num, "%llu", (unsigned long long)size);
        W(write_text(w, "sha256", hex));
        W(write_text(w, "size", num));
    }
    W(write_text(w, "media-type", sc_evidence_get_text(e, SC_EVIDENCE_MEDIA_TYPE)));
    W(write_text(w, "uri", sc_evidence_get_text(e, SC_EVIDENCE_URI)));
    size_t nc = sc_evidence_custody_count(e);
    for (size_t i = 0; i < nc; i++) {
        const sc_custody *c = sc_evidence_custody(e, i);
        W(xmlTextWriterStartElement(w, BAD_CAST "custody"));
        W(write_time(w, "at", &c->at));
        W(write_text(w, "actor", c->actor));
        W(write_text(w, "action", c->action));
        W(write_text(w, "note", c->note));
        W(xmlTextWriterEndElement(w));
    }
    return xmlTextWriterEndElement(w);
}

static int write_victim(xmlTextWriterPtr w, const sc_victim *v)
{
    W(xmlTextWriterStartElement(w, BAD_CAST "victim"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_victim_id(v)));
    W(write_text(w, "name", sc_victim_get_text(v, SC_VICTIM_NAME)));
    W(write_text(w, "contact", sc_victim_get_text(v, SC_VICTIM_CONTACT)));
    W(write_text(w, "age-band", sc_victim_get_text(v, SC_VICTIM_AGE_BAND)));
    W(write_text(w, "gender", sc_victim_get_text(v, SC_VICTIM_GENDER)));
    W(write_text(w, "channel", sc_channel_to_token(sc_victim_channel(v))));
    sc_time t = sc_victim_first_contact(v);
    W(write_time(w, "first-contact", &t));
    W(write_text(w, "risk", sc_risk_to_token(sc_victim_risk(v))));
    W(write_text(w, "consent", sc_tristate_to_token(sc_victim_consent(v))));
    return xmlTextWriterEndElement(w);
}

static int write_report(xmlTextWriterPtr w, const sc_report *r)
{
    W(xmlTextWriterStartElement(w, BAD_CAST "report"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST sc_report_id(r)));
    static const char *const times[SC_REPORT_TIME_COUNT] = { "reported-at", "first-incident",
                                                             "last-incident" };
    for (int i = 0; i < SC_REPORT_TIME_COUNT; i++) {
        sc_time t = sc_report_get_time(r, (sc_report_time)i);
        W(write_time(w, times[i], &t));
    }
    W(write_text(w, "offence", sc_offence_to_token(sc_report_offence(r))));
    W(write_text(w, "offence-code", sc_report_get_text(r, SC_REPORT_OFFENCE_CODE)));
    W(write_text(w, "ward-code", sc_report_get_text(r, SC_REPORT_WARD_CODE)));
    W(write_text(w, "ward-name", sc_report_get_text(r, SC_REPORT_WARD_NAME)));
    W(write_text(w, "borough", sc_report_get_text(r, SC_REPORT_BOROUGH)));
    W(write_text(w, "force", sc_report_get_text(r, SC_REPORT_FORCE)));
    W(write_text(w, "relationship", sc_relationship_to_token(sc_report_relationship(r))));
    W(write_text(w, "typology", sc_typology_to_token(sc_report_typology(r))));
    W(write_text(w, "outcome", sc_report_get_text(r, SC_REPORT_OUTCOME)));
    W(write_text(w, "cyber-element", sc_tristate_to_token(sc_report_cyber_recorded(r))));
    W(write_text(w, "notes", sc_report_get_text(r, SC_REPORT_NOTES)));
    size_t nv = sc_report_victim_count(r);
    for (size_t i = 0; i < nv; i++)
        W(write_text(w, "victim-ref", sc_report_victim(r, i)));
    size_t ne = sc_report_evidence_count(r);
    for (size_t i = 0; i < ne; i++)
        W(write_evidence(w, sc_report_evidence(r, i)));
    return xmlTextWriterEndElement(w);
}

static int write_casebook(xmlTextWriterPtr w, const sc_casebook *cb)
{
    W(xmlTextWriterSetIndent(w, 1));
    W(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
    W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
    W(xmlTextWriterStartElementNS(w, NULL, BAD_CAST "casebook", BAD_CAST SC_XML_NAMESPACE));
    size_t nv = sc_casebook_victim_count(cb);
    for (size_t i = 0; i < nv; i++)
        W(write_victim(w, sc_casebook_victim(cb, i)));
    size_t nr = sc_casebook_report_count(cb);
    for (size_t i = 0; i < nr; i++)
        W(write_report(w, sc_casebook_report(cb, i)));
    W(xmlTextWriterEndElement(w));
    W(xmlTextWriterEndDocument(w));
    return 0;
}

int sci_xml_check_options(const sc_xml_write_options *o)
{
    if (o->version < 1 || o->gzip < 0 || o->gzip > 1)
        return SC_EINVAL;
    if (o->gzip && (o->level < 1 || o->level > 9))
        return SC_EINVAL;
    return SC_OK;
}

/* Writes a document into an initialised sink (kind and target set): emit writes the XML. */
static int write_sink(sink *s, sci_xml_emit emit, const void *doc, const sc_xml_write_options *o,
                      const char *name, sc_error *err)
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
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write_cb, sink_close_cb, s, NULL);
    xmlTextWriterPtr w = out ? xmlNewTextWriter(out) : NULL;
    if (!w) {
        if (out)
            xmlOutputBufferClose(out);
        rc = sci_error(err, SC_ENOMEM, name, 0, 0, "out of memory starting the XML writer");
    } else {
        int wr = emit(w, doc, name, err);
        xmlFreeTextWriter(w); /* flushes and closes out */
        sink_flush(s);
        if (wr == SC_EDATA)
            rc = SC_EDATA; /* the emitter refused the content and filled err */
        else if (wr < 0 && s->sys_errno == 0 && !s->nomem)
            s->nomem = 1; /* libxml2 fails only for memory when our sink did not */
    }
    if (rc == SC_OK && s->gzip && s->sys_errno == 0 && !s->nomem)
        z_write(s, NULL, 0, 1);
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
    sink *s = calloc(1, sizeof *s);
    if (!s)
        return sci_error(err, SC_ENOMEM, name, 0, 0, "out of memory");
    s->kind = SINK_FILE;
    s->fp = fp;
    int rc = write_sink(s, emit, doc, o, name, err);
    free(s);
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
    sink *s = calloc(1, sizeof *s);
    if (!s)
        return sci_error(err, SC_ENOMEM, "<buffer>", 0, 0, "out of memory");
    s->kind = SINK_MEM;
    int rc = write_sink(s, emit, doc, o, "<buffer>", err);
    if (rc == SC_OK && s->mem == NULL)
        rc = sci_error(err, SC_ENOMEM, "<buffer>", 0, 0, "out of memory");
    if (rc == SC_OK) {
        *out = s->mem;
        *size = s->len;
    } else {
        free(s->mem);
    }
    free(s);
    return rc;
}

int sci_xml_emit_path(const char *path, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (!doc || !path || !path[0] || sci_xml_check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, path, 0, 0, "invalid argument to an XML writer");
    /* The file is renamed over the destination, which would replace a device, a FIFO or a
     * symbolic link with a plain file: only a regular file (or nothing) may be there. */
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return sci_error_errno(err, EINVAL, path,
                               "cannot write: not a regular file (a device, FIFO, directory or "
                               "symbolic link is never replaced)");

    /* The temporary file: DIR/.BASE.XXXXXX beside the destination. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t tlen = strlen(path) + 16;
    char *tmp = malloc(tlen);
    char *dir = malloc(dirlen + 2);
    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        return sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    }
    if (slash) {
        memcpy(dir, path, dirlen);
        dir[dirlen] = '\0';
        if (dirlen == 0)
            strcpy(dir, "/");
        snprintf(tmp, tlen, "%.*s/.%s.XXXXXX", (int)dirlen, path, base);
    } else {
        strcpy(dir, ".");
        snprintf(tmp, tlen, ".%s.XXXXXX", base);
    }

    int rc = SC_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = sci_error_errno(err, errno, path, "cannot create a temporary file beside it: %s",
                             strerror(errno));
        free(tmp);
        free(dir);
        return rc;
    }
    sink *s = calloc(1, sizeof *s);
    if (!s) {
        rc = sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    } else {
        s->kind = SINK_FD;
        s->fd = fd;
        rc = write_sink(s, emit, doc, o, path, err);
        free(s);
    }
    if (rc == SC_OK && fsync(fd) != 0)
        rc = sci_error_errno(err, errno, path, "cannot sync: %s", strerror(errno));
    if (close(fd) != 0 && rc == SC_OK)
        rc = sci_error_errno(err, errno, path, "cannot close: %s", strerror(errno));
    if (rc == SC_OK && rename(tmp, path) != 0)
        rc = sci_error_errno(err, errno, path, "cannot rename the temporary file: %s",
                             strerror(errno));
    if (rc != SC_OK) {
        unlink(tmp);
    } else {
        /* Make the rename itself durable; a failure here does not undo the export. */
        int dfd = open(dir, O_RDONLY);
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

static int emit_casebook(xmlTextWriterPtr w, const void *doc, const char *name, sc_error *err)
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
