/*
 * stalkcase/evidence.h - cyber-element evidence items (DESIGN section 4).
 *
 * An evidence item records what was sent or done (its kind), on which platform, when it
 * occurred and when it was captured, a description, and the SHA-256 digest, size and media
 * type of the captured content (with an optional URI saying where the content is kept), plus a
 * chain-of-custody log. The digest lets anyone show later that the content is unaltered:
 * sc_evidence_verify recomputes it.
 *
 * Ownership: sc_evidence_new gives the caller an item; once sc_report_add_evidence succeeds
 * the item belongs to the report (freed with it) and the caller's pointer becomes a borrowed
 * one, still valid and still usable to set fields while the report lives. sc_evidence_free on
 * an item that belongs to a report does nothing.
 *
 * Texts: setters copy the caller's NUL-terminated UTF-8 text; they reject text that is not
 * valid UTF-8 or holds characters XML 1.0 does not allow (C0 controls other than tab, LF and
 * CR; U+FFFE, U+FFFF) with SC_EDATA. Getters return borrowed pointers, valid until the field
 * is set again or the item is freed. Every text the item holds is wiped from memory when it is
 * replaced or freed (DESIGN section 5). The description is sensitive.
 *
 * Thread safety: an item may be read from several threads at once; writing needs exclusive
 * access.
 */
#ifndef STALKCASE_EVIDENCE_H
#define STALKCASE_EVIDENCE_H

#include <stalkcase/common.h>
#include <stalkcase/time.h>
#include <stalkcase/vocab.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An evidence item (opaque). */
typedef struct sc_evidence sc_evidence;

/** Size of a SHA-256 digest in bytes. */
#define SC_SHA256_SIZE 32
/** Buffer size for a digest in hexadecimal: 64 lower-case digits and a NUL. */
#define SC_SHA256_HEX_SIZE 65

/** The item's optional text fields. */
typedef enum sc_evidence_text {
    SC_EVIDENCE_PLATFORM = 0,    /**< platform or service ("WhatsApp", "Instagram") */
    SC_EVIDENCE_DESCRIPTION = 1, /**< what the item shows; SENSITIVE */
    SC_EVIDENCE_MEDIA_TYPE = 2,  /**< media type of the captured content ("image/png") */
    SC_EVIDENCE_URI = 3          /**< where the captured content is kept */
} sc_evidence_text;
#define SC_EVIDENCE_TEXT_COUNT 4

/** The item's optional timestamps (each a timestamp with UTC offset, not a date). */
typedef enum sc_evidence_time {
    SC_EVIDENCE_OCCURRED_AT = 0, /**< when the conduct happened (message sent, post made) */
    SC_EVIDENCE_CAPTURED_AT = 1  /**< when the content was captured as evidence */
} sc_evidence_time;
#define SC_EVIDENCE_TIME_COUNT 2

/**
 * One chain-of-custody entry: who did what with the item, and when. Allocated by the library
 * and handed out as a borrowed const pointer (valid while the item lives); later versions may
 * append fields, so never allocate or copy one by value.
 */
typedef struct sc_custody {
    sc_time at;         /**< when (a timestamp with offset) */
    const char *actor;  /**< who (person or role); never NULL */
    const char *action; /**< what ("captured", "transferred", "examined"); never NULL */
    const char *note;   /**< optional note, NULL when absent; SENSITIVE */
} sc_custody;

/**
 * Creates an item with no fields but its id.
 * @param out receives the item, owned by the caller until added to a report.
 * @param id the item's id: non-empty UTF-8 without control characters (copied). It cannot be
 *        changed later; ids of evidence are unique within a casebook (sc_casebook_check).
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or id is NULL; SC_EDATA if id is not a valid id; SC_ENOMEM.
 */
SC_API int sc_evidence_new(sc_evidence **out, const char *id, sc_error *err);

/**
 * Releases an item the caller owns, wiping its texts. Does nothing for NULL or for an item that
 * belongs to a report (the report frees it).
 */
SC_API void sc_evidence_free(sc_evidence *e);

/** @return the id (borrowed; never NULL for a valid item); NULL if e is NULL. */
SC_API const char *sc_evidence_id(const sc_evidence *e);

/**
 * Sets the kind (required for a complete item, see sc_casebook_check).
 * @param kind a value of sc_evidence_kind; SC_EVIDENCE_KIND_NONE clears it.
 * @return SC_OK; SC_EINVAL if e is NULL or kind is out of range.
 */
SC_API int sc_evidence_set_kind(sc_evidence *e, sc_evidence_kind kind);
/** @return the kind; SC_EVIDENCE_KIND_NONE when unset or e is NULL. */
SC_API sc_evidence_kind sc_evidence_get_kind(const sc_evidence *e);

/**
 * Sets or clears a text field.
 * @param field which field.
 * @param text the text (copied; may be ""), or NULL to clear the field.
 * @return SC_OK; SC_EINVAL if e is NULL or field is out of range; SC_EDATA if text is not
 *         acceptable (see the top of this header); SC_ENOMEM. On failure the field is unchanged.
 */
SC_API int sc_evidence_set_text(sc_evidence *e, sc_evidence_text field, const char *text,
                                sc_error *err);
/** @return the field's text (borrowed), or NULL when it is not set or an argument is invalid. */
SC_API const char *sc_evidence_get_text(const sc_evidence *e, sc_evidence_text field);

/**
 * Sets or clears a timestamp.
 * @param t a timestamp (SC_TIME_DATETIME), or NULL or an SC_TIME_NONE value to clear the field.
 * @return SC_OK; SC_EINVAL if e is NULL or field is out of range; SC_EDATA if t is a date or
 *         not a valid value. On failure the field is unchanged.
 */
SC_API int sc_evidence_set_time(sc_evidence *e, sc_evidence_time field, const sc_time *t,
                                sc_error *err);
/** @return the field's value; an SC_TIME_NONE value when unset or an argument is invalid. */
SC_API sc_time sc_evidence_get_time(const sc_evidence *e, sc_evidence_time field);

/**
 * Records the SHA-256 digest and size of len bytes at data (the whole content, in memory).
 * The media type is a separate text field (SC_EVIDENCE_MEDIA_TYPE).
 * @param data the content (may be NULL when len is 0).
 * @return SC_OK; SC_EINVAL if e is NULL or data is NULL with len > 0.
 */
SC_API int sc_evidence_digest_buffer(sc_evidence *e, const void *data, size_t len);

/**
 * Records the SHA-256 digest and size of a file, read in 64 KiB pieces (memory does not grow
 * with the file's size).
 * @param path the file's name.
 * @param err optional; for SC_EIO it names the file and holds errno.
 * @return SC_OK; SC_EINVAL if e or path is NULL; SC_EIO if the file cannot be opened or read.
 *         On failure the item's digest is unchanged.
 */
SC_API int sc_evidence_digest_file(sc_evidence *e, const char *path, sc_error *err);

/**
 * Sets a digest known from elsewhere (a file being read), or clears it.
 * @param sha256 SC_SHA256_SIZE bytes, or NULL to clear digest and size.
 * @param size the content's size in bytes.
 * @return SC_OK; SC_EINVAL if e is NULL.
 */
SC_API int sc_evidence_set_digest(sc_evidence *e, const uint8_t *sha256, uint64_t size);

/**
 * The recorded digest and size.
 * @param sha256 receives SC_SHA256_SIZE bytes (may be NULL); zeroed when there is none.
 * @param size receives the size in bytes (may be NULL); 0 when there is none.
 * @return SC_OK; SC_EINVAL if e is NULL; SC_ENOTFOUND if no digest is recorded.
 */
SC_API int sc_evidence_digest(const sc_evidence *e, uint8_t *sha256, uint64_t *size);

/**
 * Recomputes the SHA-256 digest and size of a file and compares them with the recorded ones.
 * @return SC_OK when both match; SC_EDATA when the size or digest differs (the content was
 *         altered; err says which); SC_ENOTFOUND if the item has no digest; SC_EINVAL if e or
 *         path is NULL; SC_EIO if the file cannot be read.
 */
SC_API int sc_evidence_verify(const sc_evidence *e, const char *path, sc_error *err);

/**
 * As sc_evidence_verify, for content in memory.
 * @return SC_OK; SC_EDATA; SC_ENOTFOUND; SC_EINVAL if e is NULL or data is NULL with len > 0.
 */
SC_API int sc_evidence_verify_buffer(const sc_evidence *e, const void *data, size_t len,
                                     sc_error *err);

/**
 * Writes a digest as 64 lower-case hexadecimal digits.
 * @param buf destination of at least SC_SHA256_HEX_SIZE bytes, owned by the caller.
 * @return SC_OK; SC_EINVAL if an argument is NULL or size is too small (buf is then "" when
 *         size > 0).
 */
SC_API int sc_sha256_to_hex(char *buf, size_t size, const uint8_t *sha256);

/**
 * Reads a digest written as exactly 64 lower-case hexadecimal digits (the form
 * sc_sha256_to_hex writes, so text read and written again is unchanged).
 * @param out receives SC_SHA256_SIZE bytes; zeroed on failure.
 * @return SC_OK; SC_EINVAL if an argument is NULL; SC_EDATA if the text is not such a digest.
 */
SC_API int sc_sha256_from_hex(uint8_t *out, const char *hex, sc_error *err);

/**
 * Appends a chain-of-custody entry (entries keep the order they were added in).
 * @param at when: a timestamp with offset (not a date).
 * @param actor, action required texts (copied; non-empty, without control characters).
 * @param note optional text (copied), NULL for none. SENSITIVE.
 * @return SC_OK; SC_EINVAL if e, at, actor or action is NULL; SC_EDATA if at is not a valid
 *         timestamp, a text is not acceptable, or actor or action is empty or holds a control
 *         character; SC_ENOMEM. On failure the log is unchanged.
 */
SC_API int sc_evidence_add_custody(sc_evidence *e, const sc_time *at, const char *actor,
                                   const char *action, const char *note, sc_error *err);
/** @return the number of custody entries (0 for NULL). */
SC_API size_t sc_evidence_custody_count(const sc_evidence *e);
/** @return entry i (borrowed), or NULL if e is NULL or i is out of range. */
SC_API const sc_custody *sc_evidence_custody(const sc_evidence *e, size_t i);

/**
 * Makes an independent deep copy of an item: its id, kind, texts, timestamps, digest and size,
 * and custody log, so that sc_evidence_equal(*out, e) holds. The copy belongs to the caller
 * (release with sc_evidence_free, or hand it to sc_report_add_evidence) even when e belongs to a
 * report; e is not changed, and later changes to either do not affect the other.
 * @param out receives the copy; NULL on failure.
 * @param e the item to copy (the caller's own or one borrowed from a report).
 * @return SC_OK; SC_EINVAL if out or e is NULL; SC_ENOMEM (nothing is then allocated).
 */
SC_API int sc_evidence_copy(sc_evidence **out, const sc_evidence *e);

/**
 * Deep equality: same id, kind, texts, timestamps (sc_time_equal), digest and size, and custody
 * log (in order).
 * @return 1 if equal, else 0 (two NULLs are equal; NULL and an item are not).
 */
SC_API int sc_evidence_equal(const sc_evidence *a, const sc_evidence *b);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_EVIDENCE_H */
