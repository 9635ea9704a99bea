/*
 * stalkcase/vocab.h - the closed vocabularies of the case-record model (DESIGN sections 3-4).
 *
 * Each vocabulary is a C enumeration whose value 0 (..._NONE) means "not recorded": a field
 * holding it is absent, and it has no token. Every other value has a stable token, the text a
 * file carries (lower-case ASCII words joined by hyphens). Tokens never change once released;
 * new values get new tokens. For each vocabulary:
 *   sc_X_to_token(value)            the token, or NULL for ..._NONE and values out of range;
 *   sc_X_from_token(&out, token, err) the value of a token, matched exactly (case-sensitive),
 *                                   so that written text reads back to the same value.
 * The _from_token functions return SC_OK; SC_EINVAL if out or token is NULL; SC_EDATA if the
 * token is not one of the vocabulary's (err's message then quotes it). On failure *out is
 * ..._NONE. Returned strings are static: never NULL unless stated, never to be freed.
 */
#ifndef STALKCASE_VOCAB_H
#define STALKCASE_VOCAB_H

#include <stalkcase/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Offence recorded for a report (England & Wales). */
typedef enum sc_offence {
    SC_OFFENCE_NONE = 0,
    SC_OFFENCE_HARASSMENT = 1,          /**< "harassment": Protection from Harassment Act 1997 s.2 */
    SC_OFFENCE_FEAR_OF_VIOLENCE = 2,    /**< "fear-of-violence": putting people in fear of
                                             violence, PHA 1997 s.4 */
    SC_OFFENCE_STALKING = 3,            /**< "stalking": PHA 1997 s.2A */
    SC_OFFENCE_STALKING_FEAR_ALARM = 4, /**< "stalking-fear-alarm-distress": stalking involving
                                             fear of violence or serious alarm or distress,
                                             PHA 1997 s.4A */
    SC_OFFENCE_MALICIOUS_COMMUNICATIONS = 5, /**< "malicious-communications": Malicious
                                                  Communications Act 1988 */
    SC_OFFENCE_OTHER = 6                /**< "other" */
} sc_offence;
/** Number of sc_offence values including SC_OFFENCE_NONE. */
#define SC_OFFENCE_COUNT 7

SC_API const char *sc_offence_to_token(sc_offence v);
SC_API int sc_offence_from_token(sc_offence *out, const char *token, sc_error *err);
/**
 * The offence's display text, used as the minor category when reports are counted
 * (casebook.h): "Harassment (PHA 1997 s.2)", "Fear of violence (PHA 1997 s.4)",
 * "Stalking (PHA 1997 s.2A)", "Stalking with fear of violence or serious alarm or distress
 * (PHA 1997 s.4A)", "Malicious communications (MCA 1988)", "Other offence".
 * @return the text; NULL for SC_OFFENCE_NONE and values out of range.
 */
SC_API const char *sc_offence_label(sc_offence v);

/** Relationship of the suspect to the victim. */
typedef enum sc_relationship {
    SC_RELATIONSHIP_NONE = 0,
    SC_RELATIONSHIP_EX_PARTNER = 1,   /**< "ex-intimate-partner" */
    SC_RELATIONSHIP_ACQUAINTANCE = 2, /**< "acquaintance" */
    SC_RELATIONSHIP_STRANGER = 3,     /**< "stranger" */
    SC_RELATIONSHIP_FAMILY = 4,       /**< "family-member" */
    SC_RELATIONSHIP_WORK = 5,         /**< "work" (colleague, client, customer) */
    SC_RELATIONSHIP_UNKNOWN = 6       /**< "unknown": recorded as not known */
} sc_relationship;
#define SC_RELATIONSHIP_COUNT 7

SC_API const char *sc_relationship_to_token(sc_relationship v);
SC_API int sc_relationship_from_token(sc_relationship *out, const char *token, sc_error *err);

/** Stalker typology of Mullen, Pathé and Purcell. */
typedef enum sc_typology {
    SC_TYPOLOGY_NONE = 0,
    SC_TYPOLOGY_REJECTED = 1,           /**< "rejected" */
    SC_TYPOLOGY_RESENTFUL = 2,          /**< "resentful" */
    SC_TYPOLOGY_INTIMACY_SEEKING = 3,   /**< "intimacy-seeking" */
    SC_TYPOLOGY_INCOMPETENT_SUITOR = 4, /**< "incompetent-suitor" */
    SC_TYPOLOGY_PREDATORY = 5           /**< "predatory" */
} sc_typology;
#define SC_TYPOLOGY_COUNT 6

SC_API const char *sc_typology_to_token(sc_typology v);
SC_API int sc_typology_from_token(sc_typology *out, const char *token, sc_error *err);

/** Kind of an evidence item. */
typedef enum sc_evidence_kind {
    SC_EVIDENCE_KIND_NONE = 0,
    SC_EVIDENCE_TEXT_MESSAGE = 1,       /**< "text-message" (SMS/MMS) */
    SC_EVIDENCE_MESSAGING_APP = 2,      /**< "messaging-app" (WhatsApp, Signal, ...) */
    SC_EVIDENCE_EMAIL = 3,              /**< "email" */
    SC_EVIDENCE_SOCIAL_MEDIA = 4,       /**< "social-media" */
    SC_EVIDENCE_PHONE_CALL = 5,         /**< "phone-call" (calls and voicemail) */
    SC_EVIDENCE_GPS_TRACKER = 6,        /**< "gps-tracker" */
    SC_EVIDENCE_SPYWARE = 7,            /**< "spyware" (stalkerware) */
    SC_EVIDENCE_ACCOUNT_COMPROMISE = 8, /**< "account-compromise" */
    SC_EVIDENCE_IMPERSONATION = 9,      /**< "impersonation" (fake profile) */
    SC_EVIDENCE_IMAGE_ABUSE = 10,       /**< "image-based-abuse" */
    SC_EVIDENCE_DOXXING = 11,           /**< "doxxing" (online posting of personal details) */
    SC_EVIDENCE_SMART_DEVICE = 12,      /**< "smart-device" (smart-home / IoT device) */
    SC_EVIDENCE_OTHER = 13              /**< "other" (letters, gifts, sightings, ...) */
} sc_evidence_kind;
#define SC_EVIDENCE_KIND_COUNT 14

SC_API const char *sc_evidence_kind_to_token(sc_evidence_kind v);
SC_API int sc_evidence_kind_from_token(sc_evidence_kind *out, const char *token, sc_error *err);
/**
 * Whether a kind is digital, i.e. gives its report a cyber element (DESIGN section 3): every
 * kind except SC_EVIDENCE_OTHER and SC_EVIDENCE_KIND_NONE. Phone calls and voicemail count as
 * digital (they travel over the same devices and networks, and the National Stalking Helpline
 * counts them in its cyber element).
 * @return 1 if digital, 0 otherwise (also for values out of range).
 */
SC_API int sc_evidence_kind_is_digital(sc_evidence_kind v);

/** A victim's risk level (risk assessment, e.g. DASH / S-DASH). */
typedef enum sc_risk {
    SC_RISK_NONE = 0,
    SC_RISK_STANDARD = 1, /**< "standard" */
    SC_RISK_MEDIUM = 2,   /**< "medium" */
    SC_RISK_HIGH = 3,     /**< "high" */
    SC_RISK_UNKNOWN = 4   /**< "unknown": recorded as not assessed or not known */
} sc_risk;
#define SC_RISK_COUNT 5

SC_API const char *sc_risk_to_token(sc_risk v);
SC_API int sc_risk_from_token(sc_risk *out, const char *token, sc_error *err);

/** Channel through which a victim first made contact. */
typedef enum sc_channel {
    SC_CHANNEL_NONE = 0,
    SC_CHANNEL_POLICE = 1,   /**< "police" */
    SC_CHANNEL_HELPLINE = 2, /**< "helpline" */
    SC_CHANNEL_ADVOCATE = 3, /**< "advocate" (stalking advocate, ISAC) */
    SC_CHANNEL_OTHER = 4     /**< "other" */
} sc_channel;
#define SC_CHANNEL_COUNT 5

SC_API const char *sc_channel_to_token(sc_channel v);
SC_API int sc_channel_from_token(sc_channel *out, const char *token, sc_error *err);

/** A three-valued answer (cyber element, consent to share). */
typedef enum sc_tristate {
    SC_TRISTATE_NONE = 0,
    SC_TRISTATE_YES = 1,    /**< "yes" */
    SC_TRISTATE_NO = 2,     /**< "no" */
    SC_TRISTATE_UNKNOWN = 3 /**< "unknown" */
} sc_tristate;
#define SC_TRISTATE_COUNT 4

SC_API const char *sc_tristate_to_token(sc_tristate v);
SC_API int sc_tristate_from_token(sc_tristate *out, const char *token, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_VOCAB_H */
