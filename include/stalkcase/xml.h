/*
 * stalkcase/xml.h - casebooks as XML files (DESIGN section 5, docs/format.md).
 *
 * Format: namespace SC_XML_NAMESPACE, root element `casebook` (or `counts` for a count table,
 * written by sc_xml_write_counts_path and never read back: the readers refuse a counts document
 * with SC_EDATA, saying so), victims then reports, each
 * report with its evidence items and their chain-of-custody entries. The XML Schema
 * (lib/schema/stalkcase-1.xsd) is compiled into the library; sc_xml_schema() returns it.
 * Files may be gzip-compressed: the reader recognises gzip by its magic bytes (1f 8b), never by
 * the file name.
 *
 * Reading (sc_xml_load, sc_xml_import, sc_xml_stream) uses libxml2's SAX2 push parser with
 * streaming validation against the embedded schema (on by default). Untrusted input is the
 * normal case: the reader never accesses the network or any file other than its input, rejects
 * every document type declaration (so no DTD, no entity declarations, no entity expansion),
 * rejects xsi:* attributes (schema-location hints are never followed), and enforces the limits
 * of sc_xml_read_options, SC_XML_MAX_ATTRIBUTES and libxml2's own (docs/format.md). It reads
 * UTF-8, UTF-16, US-ASCII, ISO-8859-1 to -16 and windows-1250 to -1258 when the file declares
 * them correctly, and refuses other or mislabelled encodings. Time is linear in the input: a
 * field's text reaches the schema validator in one piece, however many pieces (references,
 * CDATA sections) it was written in. Every failure fills sc_error with the input's name and the
 * 1-based line and column where it was found (for gzip errors, the position the decompressed
 * text had reached; 1:1 for a bad gzip header).
 *
 * Writing (sc_xml_write_path, sc_xml_write_file, sc_xml_write_buffer) streams the text through
 * the library's own emitter (the same bytes as libxml2's xmlTextWriter, which it replaced). The
 * bytes depend only on the casebook and the options (gzip output carries no time stamp or file
 * name), so the same casebook always gives the same file, and a file this library wrote reads
 * back and re-exports to identical bytes.
 *
 * No function here keeps global state; several threads may read or write different files at
 * once. Parser and schema errors reach the reader through handlers of its own contexts, never
 * through libxml2's global ones. One exception libxml2 2.9 leaves no per-context route for: a
 * byte sequence that the declared encoding cannot convert (a mislabelled non-UTF-8 file) is
 * also reported by libxml2 itself to its thread's generic error handler (by default, standard
 * error) before the reader returns SC_EPARSE with the location as usual.
 */
#ifndef STALKCASE_XML_H
#define STALKCASE_XML_H

#include <stdio.h>

#include <stalkcase/common.h>
#include <stalkcase/casebook.h>
#include <stalkcase/counts.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The namespace of casebook files, version 1. */
#define SC_XML_NAMESPACE "urn:libstalkcase:stalkcase:1"

/**
 * The embedded XML Schema of version 1 of the format.
 * @param size receives its length in bytes (may be NULL).
 * @return the schema's text (static, NUL-terminated UTF-8; never NULL, never to be freed).
 */
SC_API const char *sc_xml_schema(size_t *size);

/* ------------------------------------------------------------------------------- reading */

/** Default limits of sc_xml_read_options (see there). */
#define SC_XML_DEFAULT_MAX_INFLATED ((uint64_t)1 << 30) /* 1 GiB */
#define SC_XML_DEFAULT_MAX_DEPTH 32u
#define SC_XML_DEFAULT_MAX_NAME 128u
#define SC_XML_DEFAULT_MAX_ATTRIBUTE 4096u
#define SC_XML_DEFAULT_MAX_TEXT (1u << 20) /* 1 MiB */
/** Most attributes (namespace declarations included) one start tag may have: a fixed limit,
 *  checked on the text before libxml2 parses the tag (libxml2 2.9 takes time quadratic in their
 *  number); valid files need 2. More is an SC_ELIMIT error located at the tag's '<'. */
#define SC_XML_MAX_ATTRIBUTES 256u

/**
 * Options of the readers. Initialise with SC_XML_READ_OPTIONS_INIT, then change fields; later
 * versions append fields and raise `version`. The readers accept `version` 1 to
 * SC_XML_READ_OPTIONS_VERSION and read the fields that version has: a version 1 struct (which
 * ends at max_text) reads as if unique_ids were 0. Any other version (0, or one newer than this
 * library knows, whose fields it could not honour) is SC_EINVAL.
 */
typedef struct sc_xml_read_options {
    unsigned int version;      /**< SC_XML_READ_OPTIONS_VERSION */
    int validate;              /**< 1 (default): validate against the embedded schema while
                                    reading; 0: only the reader's own structural checks */
    int check;                 /**< sc_xml_load / sc_xml_import only. 1 (default): run
                                    sc_casebook_check on the result and fail with SC_EDATA
                                    (message: the first problem) when it finds any; 0: return
                                    the casebook as read, problems and all */
    uint64_t max_inflated;     /**< gzip input only: most bytes the decompressed text may
                                    have; more is an SC_ELIMIT error, never a truncation.
                                    Default SC_XML_DEFAULT_MAX_INFLATED; 0 means no limit */
    unsigned int max_depth;    /**< deepest element nesting (the root is depth 1; valid files
                                    need 5). Default SC_XML_DEFAULT_MAX_DEPTH; at most 256 */
    unsigned int max_name;     /**< longest element or attribute name, in bytes (UTF-8),
                                    prefix included. Default SC_XML_DEFAULT_MAX_NAME */
    unsigned int max_attribute;/**< longest attribute value, in bytes (UTF-8) once references
                                    are decoded ("&amp;" counts 1). Default
                                    SC_XML_DEFAULT_MAX_ATTRIBUTE */
    unsigned int max_text;     /**< longest text content of one element, in bytes (UTF-8)
                                    once references are decoded.
                                    Default SC_XML_DEFAULT_MAX_TEXT; at most 10,000,000
                                    (libxml2's own limit) */
    int unique_ids;            /**< (version 2) sc_xml_stream / sc_xml_stream_take only.
                                    1: fail with SC_EDATA when a victim's id repeats an
                                    earlier victim's, or a report's id an earlier report's
                                    (a victim and a report may share an id: different
                                    kinds), before the record reaches its callback; located
                                    after the record's end tag, like the reader's other
                                    record-level errors; message `report id "ID" is used
                                    again (report N; first by report M)` (N, M: 1-based
                                    positions among the reports; likewise "victim"). The ids
                                    seen are kept until the call returns: memory grows by
                                    about 80 bytes per record for ids of 9 characters (74 to
                                    89 measured; a copy of the id and hash-table space), one
                                    more per longer character. 0 (default): no such check,
                                    memory flat. sc_xml_load / sc_xml_import ignore it:
                                    sc_casebook_check (opts->check) finds repeated ids among
                                    its other problems */
} sc_xml_read_options;

#define SC_XML_READ_OPTIONS_VERSION 2u
#define SC_XML_READ_OPTIONS_INIT                                                            \
    { SC_XML_READ_OPTIONS_VERSION, 1, 1, SC_XML_DEFAULT_MAX_INFLATED,                       \
      SC_XML_DEFAULT_MAX_DEPTH, SC_XML_DEFAULT_MAX_NAME, SC_XML_DEFAULT_MAX_ATTRIBUTE,      \
      SC_XML_DEFAULT_MAX_TEXT, 0 }

/**
 * Where a reader takes its input from. Initialise with SC_XML_INPUT_INIT and set exactly one of
 * `path`, `file`, `fd` (>= 0) or `data`. The input is only read, never closed; reading starts
 * at the current position of `file` or `fd`.
 */
typedef struct sc_xml_input {
    unsigned int version; /**< SC_XML_INPUT_VERSION */
    const char *path;     /**< a file to open and read */
    FILE *file;           /**< an open stream */
    int fd;               /**< an open file descriptor; -1 when unused */
    const void *data;     /**< a buffer of `size` bytes (borrowed during the call) */
    size_t size;          /**< size of data in bytes */
    const char *name;     /**< name used in error messages (sc_error.source); NULL: the path,
                               or "<stream>", "<fd>", "<buffer>" */
} sc_xml_input;

#define SC_XML_INPUT_VERSION 1u
#define SC_XML_INPUT_INIT { SC_XML_INPUT_VERSION, NULL, NULL, -1, NULL, 0, NULL }

/**
 * Reads a whole casebook into a new one.
 * @param out receives the casebook, owned by the caller (sc_casebook_free); NULL on failure.
 * @param in the input (see sc_xml_input).
 * @param opts options, or NULL for the defaults.
 * @param err optional; on failure names the input, line and column.
 * @return SC_OK; SC_EINVAL if out or in is NULL, in does not name exactly one input, an
 *         option is out of range, or opts->version is not 1 or 2; SC_EIO if the input cannot be opened or read (err.sys_errno);
 *         SC_EPARSE if it is not well-formed XML, has a DOCTYPE, a bad, mislabelled or
 *         unsupported encoding, or is a corrupt or truncated gzip stream; SC_EDATA if it breaks
 *         the schema or the reader's structural rules, a field's text is not a valid value (a
 *         setter refused it), or, with opts->check, sc_casebook_check finds a problem;
 *         SC_ELIMIT if a limit of opts, SC_XML_MAX_ATTRIBUTES or one of libxml2's (names over
 *         50,000 characters, one piece of markup over 10,000,000 bytes) is exceeded, or the XML
 *         declaration does not end within the first 1024 bytes; SC_ENOMEM.
 */
SC_API int sc_xml_load(sc_casebook **out, const sc_xml_input *in,
                       const sc_xml_read_options *opts, sc_error *err);

/**
 * Reads a casebook file and, only when the whole file was read without error (and, with
 * opts->check, the result passes sc_casebook_check together with cb's records), appends its
 * victims and reports to cb, in file order. A rejected import leaves cb unchanged.
 * @param cb the casebook that grows (not NULL).
 * @return as sc_xml_load.
 */
SC_API int sc_xml_import(sc_casebook *cb, const sc_xml_input *in,
                         const sc_xml_read_options *opts, sc_error *err);

/**
 * Streams a casebook file: calls on_victim for each victim and then on_report for each report,
 * in document order, as soon as each record has been read (and, with validation, its element
 * has been validated). The record is passed as a borrowed pointer, valid during the call only:
 * the reader wipes and frees it afterwards, or empties and reuses it for the next record (copy
 * it with sc_report_copy / sc_victim_copy to keep it, or use sc_xml_stream_take). So memory
 * stays flat whatever the file size: aggregate with sc_report_count / sc_report_count_cyber in
 * on_report. opts->check does not apply (checking
 * needs the whole casebook); opts->unique_ids refuses a repeated victim or report id, the one
 * integrity check that needs only the ids seen (memory then grows with them; see there).
 * @param on_victim, on_report callbacks (either may be NULL); a non-zero return stops reading
 *        and is returned (use a positive value or SC_EUSER).
 * @param payload passed to the callbacks.
 * @return SC_OK; a callback's non-zero value; SC_EDATA, with opts->unique_ids, for a repeated
 *         id (the record with it is not passed; SC_ELIMIT past 2^31 ids of one kind); otherwise
 *         as sc_xml_load. Records passed to
 *         callbacks before an error have been passed: a caller that must not act on a rejected
 *         file collects first and acts after SC_OK.
 */
SC_API int sc_xml_stream(const sc_xml_input *in, const sc_xml_read_options *opts,
                         sc_victim_cb on_victim, sc_report_cb on_report, void *payload,
                         sc_error *err);

/** A callback of sc_xml_stream_take: it receives a record it owns (free it with
 * sc_victim_free, or keep it, e.g. add it to a casebook) and returns 0 to go on. */
typedef int (*sc_victim_take_cb)(sc_victim *record, void *payload);
/** A callback of sc_xml_stream_take: it receives a report it owns (free it with
 * sc_report_free, or keep it) and returns 0 to go on. */
typedef int (*sc_report_take_cb)(sc_report *record, void *payload);

/**
 * Streams a casebook file as sc_xml_stream does, but hands each record over: the callback owns
 * the record it receives from the moment it is called, also when it returns non-zero, and the
 * reader never touches it again. For callers that keep records (a queue for another thread, a
 * language binding) without copying them. sc_xml_stream, whose callbacks only borrow the record,
 * is faster for aggregation: it reuses one report and its text buffers from record to record.
 * @param in, opts as for sc_xml_stream (opts NULL: the defaults; opts->check does not apply).
 * @param on_victim, on_report callbacks (either may be NULL: records of that kind are then
 *        freed by the reader); a non-zero return stops reading and is returned (use a positive
 *        value or SC_EUSER).
 * @param payload passed to the callbacks.
 * @param err optional, as for sc_xml_load.
 * @return as sc_xml_stream. Records handed over before an error remain the callbacks'.
 */
SC_API int sc_xml_stream_take(const sc_xml_input *in, const sc_xml_read_options *opts,
                              sc_victim_take_cb on_victim, sc_report_take_cb on_report,
                              void *payload, sc_error *err);

/* ------------------------------------------------------------------------------- writing */

/** Options of the writers. Initialise with SC_XML_WRITE_OPTIONS_INIT. */
typedef struct sc_xml_write_options {
    unsigned int version; /**< SC_XML_WRITE_OPTIONS_VERSION */
    int gzip;             /**< 1: gzip-compress the output (RFC 1952, no name, mtime 0);
                               0 (default): plain XML */
    int level;            /**< gzip compression level 1 (fastest) .. 9 (smallest); default 6 */
} sc_xml_write_options;

#define SC_XML_WRITE_OPTIONS_VERSION 1u
#define SC_XML_WRITE_OPTIONS_INIT { SC_XML_WRITE_OPTIONS_VERSION, 0, 6 }

/**
 * Writes a casebook to a file, atomically: the text goes to a new temporary file in the
 * destination's directory (mode 0600: casebooks hold sensitive data), which is flushed,
 * fsync'ed and then put in place (the directory is then fsync'ed too). On Linux the temporary
 * file is unnamed (O_TMPFILE), so that even a process killed while writing leaves nothing
 * behind; the finished file is linked at `path` when nothing is there, else linked under a
 * temporary name and renamed over `path`. Where O_TMPFILE or /proc is not available it is a
 * file ".BASE.XXXXXX" (BASE shortened to fit the directory's name length limit) renamed over
 * `path`, which a killed process can leave behind. Either way names of up to NAME_MAX bytes
 * work, and on any failure the temporary file is removed and `path` is untouched (a previous
 * file keeps its bytes; a killed process never leaves a partial file at `path`).
 * Victims are written in order, then reports; unset fields and enumerations that are not
 * recorded are left out; the recorded cyber element (sc_report_cyber_recorded) is written, not
 * the derived one.
 * The casebook is written as it is, without sc_casebook_check: a casebook with problems
 * (a duplicate id, a victim reference that does not resolve, a missing required field) is
 * written too, and the readers then refuse the file with the defaults (validation and check
 * on). The round trip, sc_xml_load(written) equal to cb, holds for casebooks that pass
 * sc_casebook_check; run it first when the file must be readable.
 * @param cb the casebook; path the destination; opts options or NULL for the defaults.
 * @param err optional; for SC_EIO it names the file and holds errno.
 * Only a regular file at path is ever replaced: a device, FIFO, directory or symbolic link
 * there is left alone and the call fails (SC_EIO, sys_errno EINVAL).
 * @return SC_OK; SC_EINVAL if cb or path is NULL or an option is out of range; SC_EIO if path
 *         is not a regular file or a file operation fails (disk full, no permission, missing
 *         directory); SC_ENOMEM.
 */
SC_API int sc_xml_write_path(const sc_casebook *cb, const char *path,
                             const sc_xml_write_options *opts, sc_error *err);

/**
 * Writes a casebook to an open stream (flushed with fflush at the end, not closed, not
 * synced). On failure part of the text may have been written.
 * @param name used in error messages (NULL: "<stream>").
 * @return SC_OK; SC_EINVAL if cb or fp is NULL or an option is out of range; SC_EIO (a write
 *         or the flush failed); SC_ENOMEM.
 */
SC_API int sc_xml_write_file(const sc_casebook *cb, FILE *fp, const char *name,
                             const sc_xml_write_options *opts, sc_error *err);

/**
 * Writes a casebook to memory.
 * @param out receives the bytes (NUL-terminated after `*size` bytes for convenience), owned by
 *        the caller and released with sc_free; NULL on failure.
 * @param size receives the number of bytes (without the NUL); 0 on failure.
 * @return SC_OK; SC_EINVAL if an argument is NULL or an option is out of range; SC_ENOMEM.
 */
SC_API int sc_xml_write_buffer(unsigned char **out, size_t *size, const sc_casebook *cb,
                               const sc_xml_write_options *opts, sc_error *err);

/* ------------------------------------------------------------------- count tables */

/**
 * Writes a count table (counts.h) as a "counts" document of the same namespace and schema
 * (root element `counts`, docs/format.md), atomically as sc_xml_write_path does: a new
 * temporary file in the destination's directory (mode 0600; unnamed where O_TMPFILE allows),
 * flushed, fsync'ed, linked or renamed into place, the directory fsync'ed; on any failure the
 * temporary file is removed and `path` is untouched.
 *
 * The document holds a `coverage` element listing every covered month (`month` children,
 * "YYYY-MM", ascending), then one empty `cell` element per cell with a non-zero count, in the
 * order of sc_counts_foreach, with the attributes ward-code, ward-name, borough, major, minor
 * (the texts as the table holds them, "" included), month ("YYYY-MM") and count (decimal).
 * The bytes depend only on the table's cells, coverage and the options (gzip output carries
 * no time stamp or file name): the same table always gives the same file. The library has no
 * reader for counts documents (yet): they are meant for other tools.
 *
 * @param c the table (not changed); path the destination; opts options (gzip and level, as
 *        for casebooks) or NULL for the defaults.
 * @param err optional; for SC_EIO it names the file and holds errno.
 * @return SC_OK; SC_EINVAL if c or path is NULL, path is "" or an option is out of range;
 *         SC_EDATA if a text of the table holds a character XML 1.0 cannot carry (a C0
 *         control other than tab, LF, CR; U+FFFE; U+FFFF; the message names the cell);
 *         SC_EIO if a file operation fails (disk full, no permission, missing directory);
 *         SC_ENOMEM.
 */
SC_API int sc_xml_write_counts_path(const sc_counts *c, const char *path,
                                    const sc_xml_write_options *opts, sc_error *err);

/**
 * Writes a count table as a "counts" document (see sc_xml_write_counts_path) to memory.
 * @param out receives the bytes (NUL-terminated after `*size` bytes for convenience), owned by
 *        the caller and released with sc_free; NULL on failure.
 * @param size receives the number of bytes (without the NUL); 0 on failure.
 * @return SC_OK; SC_EINVAL if an argument is NULL or an option is out of range; SC_EDATA as
 *         for sc_xml_write_counts_path; SC_ENOMEM.
 */
SC_API int sc_xml_write_counts_buffer(unsigned char **out, size_t *size, const sc_counts *c,
                                      const sc_xml_write_options *opts, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_XML_H */
