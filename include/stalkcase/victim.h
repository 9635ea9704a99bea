/*
 * stalkcase/victim.h - victims (DESIGN section 4).
 *
 * A victim is known by a pseudonymous id; name and contact details are optional and sensitive.
 * Reports refer to victims by id (report.h).
 *
 * Ownership: sc_victim_new gives the caller a victim; once sc_casebook_add_victim succeeds it
 * belongs to the casebook (freed with it) and the caller's pointer becomes a borrowed one, still
 * valid and usable to set fields while the casebook lives. sc_victim_free on a victim that
 * belongs to a casebook does nothing.
 *
 * Texts follow the rules of evidence.h: copied, valid UTF-8 with only characters XML 1.0
 * allows (else SC_EDATA), borrowed on the way out, and wiped from memory when replaced or freed.
 *
 * Thread safety: a victim may be read from several threads at once; writing needs exclusive
 * access.
 */
#ifndef STALKCASE_VICTIM_H
#define STALKCASE_VICTIM_H

#include <stalkcase/common.h>
#include <stalkcase/time.h>
#include <stalkcase/vocab.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A victim (opaque). */
typedef struct sc_victim sc_victim;

/** The victim's optional text fields. */
typedef enum sc_victim_text {
    SC_VICTIM_NAME = 0,     /**< name; SENSITIVE */
    SC_VICTIM_CONTACT = 1,  /**< contact details; SENSITIVE */
    SC_VICTIM_AGE_BAND = 2, /**< age band as the source writes it ("25-34") */
    SC_VICTIM_GENDER = 3    /**< gender as the source writes it */
} sc_victim_text;
#define SC_VICTIM_TEXT_COUNT 4

/**
 * Creates a victim with no fields but its id.
 * @param out receives the victim, owned by the caller until added to a casebook.
 * @param id pseudonymous id: non-empty UTF-8 without control characters (copied); it cannot
 *        be changed later.
 * @return SC_OK; SC_EINVAL if out or id is NULL; SC_EDATA if id is not a valid id; SC_ENOMEM.
 */
SC_API int sc_victim_new(sc_victim **out, const char *id, sc_error *err);

/** Releases a victim the caller owns, wiping its texts. Does nothing for NULL or for a victim
 *  that belongs to a casebook. */
SC_API void sc_victim_free(sc_victim *v);

/** @return the id (borrowed); NULL if v is NULL. */
SC_API const char *sc_victim_id(const sc_victim *v);

/**
 * Sets or clears a text field.
 * @param text the text (copied; may be ""), or NULL to clear the field.
 * @return SC_OK; SC_EINVAL if v is NULL or field is out of range; SC_EDATA if text is not
 *         acceptable; SC_ENOMEM. On failure the field is unchanged.
 */
SC_API int sc_victim_set_text(sc_victim *v, sc_victim_text field, const char *text,
                              sc_error *err);
/** @return the field's text (borrowed), or NULL when not set or an argument is invalid. */
SC_API const char *sc_victim_get_text(const sc_victim *v, sc_victim_text field);

/** Sets the channel of first contact (SC_CHANNEL_NONE clears it).
 *  @return SC_OK; SC_EINVAL if v is NULL or the value is out of range. */
SC_API int sc_victim_set_channel(sc_victim *v, sc_channel channel);
/** @return the channel of first contact; SC_CHANNEL_NONE when unset or v is NULL. */
SC_API sc_channel sc_victim_channel(const sc_victim *v);

/**
 * Sets or clears the date of first contact.
 * @param t a date or a timestamp with offset; NULL or an SC_TIME_NONE value clears it.
 * @return SC_OK; SC_EINVAL if v is NULL; SC_EDATA if t is not a valid value.
 */
SC_API int sc_victim_set_first_contact(sc_victim *v, const sc_time *t, sc_error *err);
/** @return the date of first contact; an SC_TIME_NONE value when unset or v is NULL. */
SC_API sc_time sc_victim_first_contact(const sc_victim *v);

/** Sets the risk level (SC_RISK_NONE clears it).
 *  @return SC_OK; SC_EINVAL if v is NULL or the value is out of range. */
SC_API int sc_victim_set_risk(sc_victim *v, sc_risk risk);
/** @return the risk level; SC_RISK_NONE when unset or v is NULL. */
SC_API sc_risk sc_victim_risk(const sc_victim *v);

/** Sets the consent to share (SC_TRISTATE_NONE clears it).
 *  @return SC_OK; SC_EINVAL if v is NULL or the value is out of range. */
SC_API int sc_victim_set_consent(sc_victim *v, sc_tristate consent);
/** @return the consent to share; SC_TRISTATE_NONE when unset or v is NULL. */
SC_API sc_tristate sc_victim_consent(const sc_victim *v);

/**
 * Makes an independent deep copy of a victim (id and every field), so that
 * sc_victim_equal(*out, v) holds. The copy belongs to the caller (release with sc_victim_free,
 * or hand it to sc_casebook_add_victim) even when v belongs to a casebook; v is not changed,
 * and later changes to either do not affect the other.
 * @param out receives the copy; NULL on failure.
 * @param v the victim to copy (the caller's own or one borrowed from a casebook).
 * @return SC_OK; SC_EINVAL if out or v is NULL; SC_ENOMEM (nothing is then allocated).
 */
SC_API int sc_victim_copy(sc_victim **out, const sc_victim *v);

/**
 * Deep equality of every field (timestamps with sc_time_equal).
 * @return 1 if equal, else 0 (two NULLs are equal; NULL and a victim are not).
 */
SC_API int sc_victim_equal(const sc_victim *a, const sc_victim *b);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_VICTIM_H */
