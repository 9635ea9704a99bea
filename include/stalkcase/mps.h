/*
 * stalkcase/mps.h - import of the Metropolitan Police "MPS Ward Level Crime" CSV files.
 *
 * The Met publishes monthly recorded-crime counts per ward on the London Datastore (Open
 * Government Licence v3.0), one row per (ward, crime category) and one column per month:
 *
 *   MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,202401,202402,...
 *   VIOLENCE AGAINST THE PERSON,STALKING AND HARASSMENT,St James's,E05013806,Westminster,31,...
 *
 * The reader accepts every release layout seen so far:
 *  - columns are found by header name (ASCII-case-insensitive, surrounding spaces ignored), in
 *    any order: MajorText, MinorText, WardName, WardCode and LookUp_BoroughName are required;
 *  - every header of exactly six digits YYYYMM (month 01-12) is a month column; at least one is
 *    required, and the same month may not appear twice;
 *  - every other column (e.g. "Refreshed Date") is ignored, except that a header naming a month
 *    or a day another way is an error, so that its counts cannot go missing unnoticed: a header
 *    made only of digits, English month names (or their three-letter abbreviations) and the
 *    separators - / . _ : , and space, holding a month name and a digit (Jan-24, January 2024)
 *    or, without letters, at least five digits (2024-01, 2024/1, 2024.01, 01/2024,
 *    01/01/2024, 20240101, "2024-01-01 00:00:00");
 *  - a line that repeats the header (its WardCode and MajorText fields are those columns'
 *    names), as where two files were joined together, is an error at that line: its month
 *    columns may not be the first header's;
 *  - input that is not CSV text is recognised from its first bytes and named in the error (an
 *    Excel workbook, UTF-16 text, a PDF); a header of one field holding ';' or tabs is reported
 *    as a file with the wrong separator;
 *  - UTF-8 with or without a byte-order mark; CRLF or LF line ends; fields quoted as RFC 4180
 *    says (commas, quotes, apostrophes, line breaks inside quotes); blank lines (also lines of
 *    only spaces and tabs), and lines whose fields are all empty, are skipped.
 * Spaces and tabs around an unquoted field are not part of it (as libcsv reads CSV); inside
 * quotes they are kept. Each count must be a whole number written with the digits 0-9 only (no
 * sign, no decimal point, no inner spaces, not empty) and at most 2^64 - 1. Anything else is an
 * error naming the row and column: a bad count is never read as zero.
 *
 * Errors (sc_error): `line` is the physical line (1-based, the header is line 1) where the
 * offending record starts and `column` the 1-based field number; the message names the column
 * header and quotes the offending text.
 *
 * Line ends: LF, CRLF or a lone CR each end a physical line (for line numbers and records).
 *
 * Limits (SC_ELIMIT beyond them): a field of at most SC_MPS_MAX_FIELD bytes (counting any spaces
 * around it), a header name of at most SC_MPS_MAX_HEADER_NAME bytes, a record of at most
 * SC_MPS_MAX_COLUMNS fields. Memory grows with the number of distinct areas, categories and
 * non-zero counts, not with the number of rows.
 */
#ifndef STALKCASE_MPS_H
#define STALKCASE_MPS_H

#include <stdio.h>

#include <stalkcase/common.h>
#include <stalkcase/counts.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest field accepted, in bytes. */
#define SC_MPS_MAX_FIELD 65536
/** Largest header name accepted, in bytes. */
#define SC_MPS_MAX_HEADER_NAME 1024
/** Largest number of fields in a record. */
#define SC_MPS_MAX_COLUMNS 4096

/** Version of sc_mps_info this header describes. */
#define SC_MPS_INFO_VERSION 1

/**
 * What an import read. Optional: initialise with SC_MPS_INFO_INIT and pass a pointer; the
 * reader fills the fields it knows (later versions append fields and raise the version).
 */
typedef struct sc_mps_info {
    unsigned int version;  /**< SC_MPS_INFO_VERSION, set by the caller */
    size_t rows;           /**< data rows read (blank lines not counted) */
    size_t month_columns;  /**< number of month columns */
    sc_month first_month;  /**< earliest month column */
    sc_month last_month;   /**< latest month column */
} sc_mps_info;

/** An sc_mps_info ready to pass. */
#define SC_MPS_INFO_INIT { SC_MPS_INFO_VERSION, 0, 0, SC_MONTH_NONE, SC_MONTH_NONE }

/**
 * Reads a Met ward-level CSV file into a new table. Every month column becomes covered in the
 * table, so a category with no rows in the file reads as zero for those months.
 * @param out receives the new table, owned by the caller (sc_counts_free); NULL on failure.
 * @param path the file's path; also the error's source name.
 * @param info optional; filled on success.
 * @param err optional error details (file, line, column, message).
 * @return SC_OK; SC_EINVAL if out or path is NULL or info's version is 0 or unknown; SC_EIO if
 *         the file cannot be opened or read (sys_errno set); SC_EPARSE for malformed CSV (an
 *         unterminated quoted field, a stray quote) or text that is not UTF-8 (or holds NUL);
 *         SC_EDATA for an empty file, a missing required column, no month column, a duplicated
 *         column, a row with too few or too many fields, an empty ward code or a bad count;
 *         SC_ELIMIT; SC_EOVERFLOW if a total exceeds 2^64 - 1; SC_ENOMEM.
 */
SC_API int sc_mps_read_path(sc_counts **out, const char *path, sc_mps_info *info,
                            sc_error *err);

/**
 * Reads a Met ward-level CSV from an open stream, from its current position (not closed).
 * A stream that can seek (a regular file) is read in large chunks and, after a failure, read
 * again from the start position to find the failing line; a pipe is read once. The stream's
 * position afterwards is unspecified.
 * @param fp the stream, owned by the caller.
 * @param source name used in error messages (e.g. "<stdin>"); NULL means "".
 * Other parameters and statuses as sc_mps_read_path.
 */
SC_API int sc_mps_read_file(sc_counts **out, FILE *fp, const char *source, sc_mps_info *info,
                            sc_error *err);

/**
 * Reads a Met ward-level CSV held in memory.
 * @param data the bytes (need not be NUL-terminated), borrowed for the call; may be NULL only
 *        when size is 0.
 * @param size number of bytes.
 * @param source name used in error messages; NULL means "".
 * Other parameters and statuses as sc_mps_read_path (SC_EIO does not occur).
 */
SC_API int sc_mps_read_buffer(sc_counts **out, const void *data, size_t size,
                              const char *source, sc_mps_info *info, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_MPS_H */
