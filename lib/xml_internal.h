/*
 * xml_internal.h - the XML writers' shared core (xml_write.c), used by the casebook writer and
 * the counts writer (xml_counts.c). Not installed, not API.
 */
#ifndef SC_XML_INTERNAL_H
#define SC_XML_INTERNAL_H

#include <stdio.h>

#include <libxml/xmlwriter.h>

#include <stalkcase/xml.h>

/* Writes one document with w. Returns 0; a negative libxml2 status (taken as a lack of memory
 * unless the output failed); or SC_EDATA after filling err when the content cannot be written
 * (name is the destination's name for that message). */
typedef int (*sci_xml_emit)(xmlTextWriterPtr w, const void *doc, const char *name,
                            sc_error *err);

/* SC_OK when the options are usable, else SC_EINVAL. */
int sci_xml_check_options(const sc_xml_write_options *o);

/* The three destinations of sc_xml_write_file / _buffer / _path, for any document: same
 * arguments, statuses and guarantees (plain or gzip, deterministic; the path is written to a
 * temporary file, fsync'ed and renamed, and only a regular file is ever replaced). */
int sci_xml_emit_file(FILE *fp, const char *name, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err);
int sci_xml_emit_buffer(unsigned char **out, size_t *size, sci_xml_emit emit, const void *doc,
                        const sc_xml_write_options *opts, sc_error *err);
int sci_xml_emit_path(const char *path, sci_xml_emit emit, const void *doc,
                      const sc_xml_write_options *opts, sc_error *err);

#endif /* SC_XML_INTERNAL_H */
