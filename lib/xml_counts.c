/*
 * xml_counts.c - count tables as XML "counts" documents (xml.h, docs/format.md), plain or
 * gzip, to a file (atomically) or to memory.
 *
 * Like the casebook writer (xml_write.c), the text is produced by libxml2's xmlTextWriter over
 * an xmlOutputBuffer whose write callback is ours: it deflates when asked (gzip wrapper with no
 * name and mtime 0, so the bytes are deterministic) and sends the bytes to a file descriptor
 * or a growing buffer, remembering the first errno. The casebook writer's helpers are private
 * to its file, so this file has its own.
 */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>
#include <zlib.h>

#include <stalkcase/xml.h>

#include "sc_internal.h"

enum csink_kind { CSINK_FD, CSINK_MEM };

typedef struct csink {
    enum csink_kind kind;
    int fd;
    unsigned char *mem;
    size_t len, cap;
    int gzip;
    z_stream z;
    int z_ready;
    int sys_errno; /* first write error */
    int nomem;
    unsigned char zbuf[65536];
} csink;

static int craw_write(csink *s, const unsigned char *p, size_t n)
{
    if (s->kind == CSINK_FD) {
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
    }
    if (s->mem == NULL || n + 1 > s->cap - s->len) {
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
    if (n > 0)
        memcpy(s->mem + s->len, p, n);
    s->len += n;
    s->mem[s->len] = '\0';
    return 0;
}

/* Deflates n bytes (Z_NO_FLUSH) or finishes the stream (finish = 1). */
static int cz_write(csink *s, const unsigned char *p, size_t n, int finish)
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
        if (have > 0 && craw_write(s, s->zbuf, have) != 0)
            return -1;
        if (finish ? zr == Z_STREAM_END : (s->z.avail_in == 0 && s->z.avail_out != 0))
            return 0;
    }
}

/* Never reports failure to libxml2 (which would print it through its global error handler):
 * the first error is kept in the sink and later bytes are dropped. */
static int csink_write_cb(void *ctx, const char *buf, int len)
{
    csink *s = ctx;
    if (len < 0)
        return -1;
    if (s->sys_errno || s->nomem)
        return len;
    const unsigned char *p = (const unsigned char *)buf;
    size_t n = (size_t)len;
    if (s->gzip) {
        while (n > 0) {
            size_t k = n > (1u << 30) ? (1u << 30) : n;
            if (cz_write(s, p, k, 0) != 0)
                return len;
            p += k;
            n -= k;
        }
        return len;
    }
    (void)craw_write(s, p, n);
    return len;
}

static int csink_close_cb(void *ctx)
{
    (void)ctx;
    return 0;
}

/* ------------------------------------------------------------------------------ document */

/* What the cell callback needs: the writer, and the first failure. */
typedef struct cwrite {
    xmlTextWriterPtr w;
    sc_error *err;
    const char *name;
    int rc;       /* SC_OK, SC_EDATA (a text XML cannot carry) or SC_ENOMEM (libxml2 failed) */
} cwrite;

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    return xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)value);
}

/* A text of a cell must be something XML 1.0 can carry (count tables accept any UTF-8). */
static int cell_text_ok(cwrite *cw, const sc_cell *cell, const char *text, const char *what)
{
    sc_error e;
    char mb[SC_MONTH_BUFSIZE];

    sc_error_clear(&e);
    if (sci_text_check(text, 0, what, &e) == SC_OK)
        return 1;
    if (sc_month_format(cell->month, mb, sizeof mb) != SC_OK)
        mb[0] = '\0';
    if (strcmp(what, "ward code") == 0)
        cw->rc = sci_error(cw->err, SC_EDATA, cw->name, 0, 0,
                           "the ward code of a cell of month %s holds a character XML 1.0 "
                           "cannot carry", mb);
    else
        cw->rc = sci_error(cw->err, SC_EDATA, cw->name, 0, 0,
                           "the %s of the cell (ward code \"%s\", month %s) holds a character "
                           "XML 1.0 cannot carry", what, cell->ward_code, mb);
    return 0;
}

static int write_cell(const sc_cell *cell, void *payload)
{
    cwrite *cw = payload;
    xmlTextWriterPtr w = cw->w;
    char mb[SC_MONTH_BUFSIZE], nb[24];

    if (!cell_text_ok(cw, cell, cell->ward_code, "ward code")
        || !cell_text_ok(cw, cell, cell->ward_name, "ward name")
        || !cell_text_ok(cw, cell, cell->borough, "borough")
        || !cell_text_ok(cw, cell, cell->major, "major category")
        || !cell_text_ok(cw, cell, cell->minor, "minor category"))
        return 1;
    if (sc_month_format(cell->month, mb, sizeof mb) != SC_OK) {
        cw->rc = sci_error(cw->err, SC_EDATA, cw->name, 0, 0, "a cell has an invalid month");
        return 1;
    }
    snprintf(nb, sizeof nb, "%" PRIu64, cell->count);
    if (xmlTextWriterStartElement(w, (const xmlChar *)"cell") < 0
        || attr(w, "ward-code", cell->ward_code) < 0 || attr(w, "ward-name", cell->ward_name) < 0
        || attr(w, "borough", cell->borough) < 0 || attr(w, "major", cell->major) < 0
        || attr(w, "minor", cell->minor) < 0 || attr(w, "month", mb) < 0
        || attr(w, "count", nb) < 0 || xmlTextWriterEndElement(w) < 0) {
        cw->rc = SC_ENOMEM;
        return 1;
    }
    return 0;
}

/* Writes the whole document. @return SC_OK, SC_EDATA (err filled) or SC_ENOMEM (not filled). */
static int write_counts(xmlTextWriterPtr w, const sc_counts *c, const char *name, sc_error *err)
{
    sc_month first, last;
    cwrite cw = { w, err, name, SC_OK };

    if (xmlTextWriterSetIndent(w, 1) < 0
        || xmlTextWriterSetIndentString(w, (const xmlChar *)"  ") < 0
        || xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0
        || xmlTextWriterStartElementNS(w, NULL, (const xmlChar *)"counts",
                                       (const xmlChar *)SC_XML_NAMESPACE) < 0
        || xmlTextWriterStartElement(w, (const xmlChar *)"coverage") < 0)
        return SC_ENOMEM;
    if (sc_counts_coverage(c, &first, &last) == SC_OK) {
        for (sc_month m = first; m <= last; m++) {
            char mb[SC_MONTH_BUFSIZE];
            if (!sc_counts_covers(c, m) || sc_month_format(m, mb, sizeof mb) != SC_OK)
                continue;
            if (xmlTextWriterWriteElement(w, (const xmlChar *)"month", (const xmlChar *)mb) < 0)
                return SC_ENOMEM;
        }
    }
    if (xmlTextWriterEndElement(w) < 0)
        return SC_ENOMEM;
    int rc = sc_counts_foreach(c, write_cell, &cw);
    if (cw.rc != SC_OK)
        return cw.rc;
    if (rc != SC_OK)
        return SC_ENOMEM; /* sc_counts_foreach fails only for memory */
    if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndDocument(w) < 0)
        return SC_ENOMEM;
    return SC_OK;
}

static int check_options(const sc_xml_write_options *o)
{
    if (o->version < 1 || o->gzip < 0 || o->gzip > 1)
        return SC_EINVAL;
    if (o->gzip && (o->level < 1 || o->level > 9))
        return SC_EINVAL;
    return SC_OK;
}

/* Writes the table into an initialised sink (kind and target set). */
static int write_csink(csink *s, const sc_counts *c, const sc_xml_write_options *o,
                       const char *name, sc_error *err)
{
    int rc = SC_OK;

    s->gzip = o->gzip;
    if (s->gzip) {
        if (deflateInit2(&s->z, o->level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return sci_error(err, SC_ENOMEM, name, 0, 0, "cannot start gzip compression");
        s->z_ready = 1;
    }
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(csink_write_cb, csink_close_cb, s, NULL);
    xmlTextWriterPtr w = out ? xmlNewTextWriter(out) : NULL;
    if (!w) {
        if (out)
            xmlOutputBufferClose(out);
        rc = sci_error(err, SC_ENOMEM, name, 0, 0, "out of memory starting the XML writer");
    } else {
        int wr = write_counts(w, c, name, err);
        xmlFreeTextWriter(w); /* flushes and closes out */
        if (wr == SC_EDATA)
            rc = SC_EDATA;
        else if (wr != SC_OK && s->sys_errno == 0)
            s->nomem = 1; /* libxml2 fails only for memory when our sink did not */
    }
    if (rc == SC_OK && s->gzip && s->sys_errno == 0 && !s->nomem)
        cz_write(s, NULL, 0, 1);
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

int sc_xml_write_counts_buffer(unsigned char **out, size_t *size, const sc_counts *c,
                               const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (out)
        *out = NULL;
    if (size)
        *size = 0;
    if (!out || !size || !c || check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, "<buffer>", 0, 0,
                         "invalid argument to sc_xml_write_counts_buffer");
    csink *s = calloc(1, sizeof *s);
    if (!s)
        return sci_error(err, SC_ENOMEM, "<buffer>", 0, 0, "out of memory");
    s->kind = CSINK_MEM;
    int rc = write_csink(s, c, o, "<buffer>", err);
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

int sc_xml_write_counts_path(const sc_counts *c, const char *path,
                             const sc_xml_write_options *opts, sc_error *err)
{
    sc_xml_write_options def = SC_XML_WRITE_OPTIONS_INIT;
    const sc_xml_write_options *o = opts ? opts : &def;
    if (!c || !path || !path[0] || check_options(o) != SC_OK)
        return sci_error(err, SC_EINVAL, path, 0, 0,
                         "invalid argument to sc_xml_write_counts_path");

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
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) {
        rc = sci_error_errno(err, errno, path, "cannot create a temporary file beside it: %s",
                             strerror(errno));
        free(tmp);
        free(dir);
        return rc;
    }
    csink *s = calloc(1, sizeof *s);
    if (!s) {
        rc = sci_error(err, SC_ENOMEM, path, 0, 0, "out of memory");
    } else {
        s->kind = CSINK_FD;
        s->fd = fd;
        rc = write_csink(s, c, o, path, err);
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
        /* Make the rename itself durable; a failure here does not undo the write. */
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
