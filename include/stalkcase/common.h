/*
 * stalkcase/common.h - export macro, status codes, error details and version query.
 *
 * Conventions used by every libstalkcase function:
 *  - Fallible functions return an int status: SC_OK (0) on success, a negative SC_E... code on
 *    failure. Callback-driven functions also return the callback's own non-zero value; callbacks
 *    should stop with a positive value (or SC_EUSER), so that it cannot be mistaken for a
 *    library status.
 *  - Functions that read input or can fail for more than a bad argument or a lack of memory take
 *    an optional last argument `sc_error *err`. When it is not NULL and the call fails, it is
 *    filled with the code, the input's name, the 1-based line and column (0 when they do not
 *    apply) and a one-line message in English. It is untouched on success. The caller owns it
 *    (usually on the stack); it holds no pointers and needs no freeing. Functions whose only
 *    failures are SC_EINVAL (a NULL or out-of-range argument) and SC_ENOMEM take no sc_error:
 *    their status says everything.
 *  - Out-parameters come first and are called `out`. A `**out` result belongs to the caller and
 *    is released with the matching `_free` function; `_free(NULL)` does nothing. On failure
 *    `*out` is set to NULL.
 *  - A returned `const char *` is borrowed: it lives as long as the object it came from.
 *  - The library keeps no global mutable state, never prints and never exits.
 */
#ifndef STALKCASE_COMMON_H
#define STALKCASE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <stalkcase/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a function as part of the exported API (the library is built -fvisibility=hidden). */
#if defined(SC_BUILDING_LIBRARY) && defined(__GNUC__)
#define SC_API __attribute__((visibility("default")))
#else
#define SC_API
#endif

/** Status codes. Success is SC_OK; every failure is negative. */
enum sc_status {
    SC_OK = 0,           /**< success */
    SC_EINVAL = -1,      /**< an argument is invalid (NULL where not allowed, out of range) */
    SC_ENOMEM = -2,      /**< memory could not be allocated */
    SC_EIO = -3,         /**< reading or writing a file failed; sc_error.sys_errno says why */
    SC_EPARSE = -4,      /**< input is not well-formed (CSV/XML syntax, bad text encoding) */
    SC_EDATA = -5,       /**< input is well-formed but its content is invalid (bad count,
                              missing column, invalid month) */
    SC_EOVERFLOW = -6,   /**< a count would exceed 2^64 - 1 */
    SC_ELIMIT = -7,      /**< input exceeds a documented size limit */
    SC_ENOTFOUND = -8,   /**< the requested item does not exist */
    SC_EUSER = -9        /**< a caller's callback asked to stop with an error */
};

/** Size of the text buffers inside sc_error, including the terminating NUL. */
#define SC_ERROR_TEXT_SIZE 256

/**
 * Details of a failure. Filled by the function that failed; see the conventions above.
 * Texts are NUL-terminated UTF-8 and truncated to fit (a long path keeps its end).
 */
typedef struct sc_error {
    int code;                          /**< the status returned (negative) */
    int sys_errno;                     /**< errno for SC_EIO, otherwise 0 */
    char source[SC_ERROR_TEXT_SIZE];   /**< input name: a path, or a caller-given name; "" if none */
    unsigned long line;                /**< 1-based line (CSV: physical line of the record); 0 if n/a */
    unsigned long column;              /**< 1-based column (CSV: field number); 0 if n/a */
    char message[SC_ERROR_TEXT_SIZE];  /**< what went wrong, in English, without the location */
} sc_error;

/**
 * Returns a short English description of a status code ("invalid argument", ...).
 * @param code any int; unknown codes give "unknown status".
 * @return a static string; never NULL; not to be freed.
 */
SC_API const char *sc_strerror(int code);

/**
 * Clears an error record: code SC_OK, sys_errno 0, empty texts, zero line and column.
 * @param err the record; NULL does nothing.
 */
SC_API void sc_error_clear(sc_error *err);

/**
 * Formats an error record as one line, "SOURCE:LINE:COLUMN: MESSAGE", leaving out the parts
 * that are empty or zero: "LINE:COLUMN: MESSAGE" when there is no source, "SOURCE: MESSAGE"
 * when there is no line, "MESSAGE" when there is neither. An empty message is
 * replaced by sc_strerror(code) unless code is SC_OK (a cleared record formats as "").
 * @param err the record (not NULL).
 * @param buf destination, owned by the caller; always NUL-terminated when size > 0.
 * @param size size of buf in bytes.
 * @return the length the full text needs (excluding the NUL), as snprintf does; SC_EINVAL when
 *         err or buf is NULL.
 */
SC_API int sc_error_format(const sc_error *err, char *buf, size_t size);

/**
 * Releases memory the library allocated and handed to the caller as a plain buffer (the text
 * of sc_chart_write_buffer, for instance). Objects with their own `_free` function are
 * released with that function instead.
 * @param p the buffer; NULL does nothing.
 */
SC_API void sc_free(void *p);

/**
 * The library's run-time version as "MAJOR.MINOR.PATCH" (may differ from SC_VERSION_STRING,
 * which is the version of the headers the caller was compiled with).
 * @return a static string; never NULL.
 */
SC_API const char *sc_version(void);

/**
 * The library's run-time version as SC_VERSION_HEX would give it (0xMMmmpp).
 */
SC_API unsigned long sc_version_hex(void);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_COMMON_H */
