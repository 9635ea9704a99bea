/*
 * xml_guard.h - a scan of the XML reader's decoded input ahead of libxml2 (xml_guard.c, used by
 * xml_read.c). Not installed, not API.
 *
 * libxml2 2.9 checks the attributes of a start tag for duplicates pairwise (quadratic in their
 * number), and its push parser only parses a start tag once the whole tag has arrived. The guard
 * sees every byte before libxml2 does and counts the attributes (namespace declarations
 * included) of each start tag as it streams in, so that a tag with too many of them is stopped
 * before libxml2 gets to the end of it. To read the markup as libxml2 will, the guard first
 * settles the encoding from the byte-order mark and the XML declaration, and refuses encodings in
 * which it cannot find the markup (or which are mislabelled).
 */
#ifndef SC_XML_GUARD_H
#define SC_XML_GUARD_H

#include <stddef.h>

/* Bytes of text the reader collects before sci_xml_guard_start (fewer only at the end of the
 * input): an XML declaration must end within them. */
#define SCI_XML_GUARD_HEAD 1024u

typedef struct sci_xml_guard {
    unsigned int unit;     /* 1: one byte per code unit; 2: UTF-16 */
    int big_endian;        /* UTF-16 byte order */
    int state;             /* where the scan is in the markup (xml_guard.c) */
    unsigned int attrs;    /* '=' seen so far in the current start tag */
    unsigned int max_attrs;
    int have_odd;          /* UTF-16: a code unit's first byte ended the last block */
    unsigned char odd;
} sci_xml_guard;

/* Where and why the start of a text is refused. */
typedef struct sci_xml_guard_error {
    int code;              /* SC_EPARSE or SC_ELIMIT */
    unsigned long line, column;
    char message[160];
} sci_xml_guard_error;

/* Settles the encoding from the first n bytes of the text (at least SCI_XML_GUARD_HEAD, fewer
 * only when the text is that short) and prepares g to scan the text from its first byte, with at
 * most max_attrs attributes per start tag. Returns 0, or -1 after filling e: a byte-order mark or
 * a BOM-less UTF-16 text that the declaration contradicts, BOM-less UTF-16 without a declaration
 * naming it, an encoding the guard cannot follow (UCS-4, EBCDIC, or a declared encoding other
 * than UTF-8, UTF-16, US-ASCII, ISO-8859-n or windows-125n): SC_EPARSE; an XML declaration not
 * ended within SCI_XML_GUARD_HEAD bytes: SC_ELIMIT. */
int sci_xml_guard_start(sci_xml_guard *g, const unsigned char *head, size_t n,
                        unsigned int max_attrs, sci_xml_guard_error *e);

/* Scans the next n bytes of the text. Returns n, or the offset in p of the '=' that puts a start
 * tag over the limit (the text before it can be parsed; that start tag is then refused). */
size_t sci_xml_guard_scan(sci_xml_guard *g, const unsigned char *p, size_t n);

#endif /* SC_XML_GUARD_H */
