/*
 * xml_counts.c - count tables as XML "counts" documents (xml.h, docs/format.md), plain or
 * gzip, to a file (atomically) or to memory.
 *
 * This file only says what a counts document holds (write_counts); the output itself - plain
 * or gzip, to memory or atomically to a path - is the writers' shared core in xml_write.c
 * (xml_internal.h), the same as for casebooks.
 */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stalkcase/xml.h>

#include "sc_internal.h"
#include "xml_internal.h"

typedef struct cwrite {
    sci_xw *w;
    sc_error *err;
    const char *name;
    int rc;       /* SC_OK, SC_EDATA (a text XML cannot carry) or SC_EIO (the output failed) */
} cwrite;

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
    sci_xw *w = cw->w;
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
    if (sci_xw_start(w, "cell") < 0 || sci_xw_attr(w, "ward-code", cell->ward_code) < 0
        || sci_xw_attr(w, "ward-name", cell->ward_name) < 0
        || sci_xw_attr(w, "borough", cell->borough) < 0
        || sci_xw_attr(w, "major", cell->major) < 0 || sci_xw_attr(w, "minor", cell->minor) < 0
        || sci_xw_attr(w, "month", mb) < 0 || sci_xw_attr(w, "count", nb) < 0
        || sci_xw_end(w) < 0) {
        cw->rc = SC_EIO;
        return 1;
    }
    return 0;
}

/* Writes the root element and its content. @return SC_OK, SC_EDATA (err filled), SC_EIO (the
 * output failed: the core knows why) or SC_ENOMEM (the table could not be walked). */
static int write_counts(sci_xw *w, const sc_counts *c, const char *name, sc_error *err)
{
    sc_month first, last;
    cwrite cw = { w, err, name, SC_OK };

    if (sci_xw_start(w, "counts") < 0 || sci_xw_attr(w, "xmlns", SC_XML_NAMESPACE) < 0
        || sci_xw_start(w, "coverage") < 0)
        return SC_EIO;
    if (sc_counts_coverage(c, &first, &last) == SC_OK) {
        for (sc_month m = first; m <= last; m++) {
            char mb[SC_MONTH_BUFSIZE];
            if (!sc_counts_covers(c, m) || sc_month_format(m, mb, sizeof mb) != SC_OK)
                continue;
            if (sci_xw_leaf(w, "month", mb) < 0)
                return SC_EIO;
        }
    }
    if (sci_xw_end(w) < 0)
        return SC_EIO;
    int rc = sc_counts_foreach(c, write_cell, &cw);
    if (cw.rc != SC_OK)
        return cw.rc;
    if (rc != SC_OK)
        return SC_ENOMEM; /* sc_counts_foreach fails only for memory */
    if (sci_xw_end(w) < 0)
        return SC_EIO;
    return SC_OK;
}

static int emit_counts(sci_xw *w, const void *doc, const char *name, sc_error *err)
{
    return write_counts(w, doc, name, err);
}

int sc_xml_write_counts_buffer(unsigned char **out, size_t *size, const sc_counts *c,
                               const sc_xml_write_options *opts, sc_error *err)
{
    return sci_xml_emit_buffer(out, size, emit_counts, c, opts, err);
}

int sc_xml_write_counts_path(const sc_counts *c, const char *path,
                             const sc_xml_write_options *opts, sc_error *err)
{
    return sci_xml_emit_path(path, emit_counts, c, opts, err);
}
