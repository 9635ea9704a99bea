/*
 * xml_internal.h - the XML writers' shared core (xml_write.c), used by the casebook writer and
 * the counts writer (xml_counts.c). Not installed, not API.
 *
 * The core has its own streaming emitter (sci_xw): elements, attributes and text go straight
 * into a large output buffer, escaped, indented by two spaces per level, one element per line.
 * Its bytes are those libxml2's xmlTextWriter gave with indentation "  " and encoding UTF-8
 * (which the library used before): the XML declaration
 *     <?xml version="1.0" encoding="UTF-8"?>
 * then the elements; an element without children is written <name/> (or <name></name> for
 * empty text); in text, & < > " are escaped as &amp; &lt; &gt; &quot; and CR as &#13;; in
 * attribute values the same and also tab as &#9; and LF as &#10;; every other byte is
 * copied, so characters outside ASCII (outside the BMP included) stay UTF-8.
 */
#ifndef SC_XML_INTERNAL_H
#define SC_XML_INTERNAL_H

#include <stdio.h>

#include <stalkcase/xml.h>

/* The emitter (opaque). Its functions return 0, or -1 once the output has failed (the core then
 * reports why: SC_EIO with errno, or SC_ENOMEM); after a failure they do nothing. */
typedef struct sci_xw sci_xw;

/* Starts element `name` (the start tag stays open for attributes until the first child). */
int sci_xw_start(sci_xw *w, const char *name);
/* Adds an attribute to the element just started (value escaped). */
int sci_xw_attr(sci_xw *w, const char *name, const char *value);
/* A child element holding only `text` (escaped); text NULL writes nothing. */
int sci_xw_leaf(sci_xw *w, const char *name, const char *text);
/* Ends the innermost open element. */
int sci_xw_end(sci_xw *w);

/* Writes one document with w after the XML declaration: its root element and everything in it.
 * Returns SC_OK; a negative value when an sci_xw call failed (the core knows why); or SC_EDATA
 * after filling err when the content cannot be written (name is the destination's name for
 * that message). */
typedef int (*sci_xml_emit)(sci_xw *w, const void *doc, const char *name, sc_error *err);

/* SC_OK when the options are usable, else SC_EINVAL. */
int sci_xml_check_options(const sc_xml_write_options *o);

/* The three destinations of sc_xml_write_file / _buffer / _path, for any document: same
 * arguments, statuses and guarantees (plain or gzip, deterministic; the path is written to a
 * temporary file - unnamed (O_TMPFILE) where the system allows - fsync'ed and then linked or
 * renamed into place, and only a regular file is ever replaced). */
int sci_xml_emit_file(FILE *fp, const char *name, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err);
int sci_xml_emit_buffer(unsigned char **out, size_t *size, sci_xml_emit emit, const void *doc,
                        const sc_xml_write_options *opts, sc_error *err);
int sci_xml_emit_path(const char *path, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err);

#endif /* SC_XML_INTERNAL_H */
